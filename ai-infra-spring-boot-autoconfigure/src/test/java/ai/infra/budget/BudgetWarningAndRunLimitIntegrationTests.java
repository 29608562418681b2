package ai.infra.budget;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import ai.infra.agent.AgentResult;
import ai.infra.agent.AiAgent;
import ai.infra.budget.AiBudgetExceededException.Scope;
import ai.infra.internal.budget.SpendStore;
import ai.infra.internal.cost.Dollars;
import ai.infra.internal.observation.AiAttributes;
import ai.infra.llm.FakeModelServerTests;
import ai.infra.llm.LlmTracingSupport;
import ai.infra.test.openai.FakeResponse;
import ai.infra.test.openai.FakeToolCall;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanId;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceId;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.semconv.ErrorAttributes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.support.ToolCallbacks;
import org.springframework.ai.tool.ToolCallback;
import org.springframework.ai.tool.annotation.Tool;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static ai.infra.llm.LlmTracingSupport.one;
import static ai.infra.llm.LlmTracingSupport.tree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.within;

/**
 * Window budgets with {@code action=warn} and per-run limits, through the real Spring AI
 * OpenAI client against the fake model server: a tenant crossing 80 % and 100 % of its
 * limit is warned about once each, on the span of the call that crossed, in the meters
 * and in one log line, and its calls go on; unsampled calls count as much as sampled
 * ones; a run that has spent its limit makes no further model call.
 */
@SpringBootTest(classes = LlmTracingSupport.TestApplication.class,
		properties = { "ai-infra.tracing.exporter=none", "spring.ai.openai.api-key=sk-test-budget-warnings",
				"spring.ai.openai.chat.options.model=gpt-4o-mini", "spring.ai.openai.max-retries=0",
				"spring.ai.openai.chat.max-retries=0", "ai-infra.budget.limits.acme=0.10",
				"ai-infra.budget.limits.quiet=0.03", "ai-infra.budget.per-run=0.02" })
@ExtendWith(OutputCaptureExtension.class)
class BudgetWarningAndRunLimitIntegrationTests extends FakeModelServerTests {

	/** What one call costs: 100,000 input tokens of gpt-4o-mini at $0.15 per million. */
	private static final double CALL_COST = 0.015;

	@Autowired
	private ChatModel chatModel;

	@Autowired
	private ChatClient.Builder chatClientBuilder;

	@Autowired
	private AiAgent.Builder agentBuilder;

	@Autowired
	private MeterRegistry meterRegistry;

	@Autowired
	private SpendStore spendStore;

	@Test
	void shouldWarnOnceAt80AndOnceAt100PercentOnTheCallsThatCrossedAndLetCallsGoOn(CapturedOutput output) {
		server.responder((request) -> FakeResponse.text("ok", 100_000, 0));
		double at80 = warnings("80");
		double at100 = warnings("100");
		for (int i = 0; i < 8; i++) {
			assertThat(Tenants.as("acme", () -> this.chatModel.call("a call"))).isEqualTo("ok");
		}
		assertThat(server.requests()).hasSize(8);
		List<SpanData> calls = LlmTracingSupport.named(finishedSpans(), "llm.generate");
		assertThat(calls).hasSize(8);
		// $0.09 after the sixth call crosses $0.08, $0.105 after the seventh crosses $0.10.
		for (int i = 0; i < 8; i++) {
			List<EventData> warnings = warningEvents(calls.get(i));
			if (i == 5 || i == 6) {
				assertThat(warnings).singleElement().satisfies((warning) -> {
					assertThat(warning.getAttributes().get(AiAttributes.BUDGET_KEY)).isEqualTo("acme");
					assertThat(warning.getAttributes().get(AiAttributes.BUDGET_LIMIT)).isEqualTo(0.10);
				});
			}
			else {
				assertThat(warnings).as("warnings of call %d", i + 1).isEmpty();
			}
		}
		EventData first = warningEvents(calls.get(5)).get(0);
		assertThat(first.getAttributes().get(AiAttributes.BUDGET_LEVEL)).isEqualTo(80L);
		assertThat(first.getAttributes().get(AiAttributes.BUDGET_SPENT)).isCloseTo(0.09, within(1e-12));
		EventData second = warningEvents(calls.get(6)).get(0);
		assertThat(second.getAttributes().get(AiAttributes.BUDGET_LEVEL)).isEqualTo(100L);
		assertThat(second.getAttributes().get(AiAttributes.BUDGET_SPENT)).isCloseTo(0.105, within(1e-12));
		assertThat(warnings("80")).isEqualTo(at80 + 1);
		assertThat(warnings("100")).isEqualTo(at100 + 1);
		assertThat(output.getAll().split("\n")).filteredOn((line) -> line.contains("'acme' (tenant.id) has spent"))
			.singleElement()
			.satisfies((line) -> assertThat(line).contains("WARN", "80% of its $0.1 budget"));
	}

	@Test
	void shouldRecordTheSpendOfUnsampledCalls() {
		server.responder((request) -> FakeResponse.text("ok", 100_000, 0));
		double at100 = warnings("100");
		SpanContext unsampled = SpanContext.create(TraceId.fromLongs(7, 11), SpanId.fromLong(13),
				TraceFlags.getDefault(), TraceState.getDefault());
		try (io.opentelemetry.context.Scope scope = Context.current().with(Span.wrap(unsampled)).makeCurrent()) {
			Tenants.as("quiet", () -> this.chatModel.call("one"));
			Tenants.as("quiet", () -> this.chatModel.call("two"));
		}
		assertThat(LlmTracingSupport.named(finishedSpans(), "llm.generate")).isEmpty();
		assertThat(this.spendStore.spent("quiet", currentDay())).isEqualTo(2 * Dollars.toPicos(CALL_COST));
		assertThat(warnings("100")).isEqualTo(at100 + 1);
	}

	@Test
	void shouldEndAnAgentRunThatSpentItsMaxCostBeforeItsNextModelCall() {
		server.enqueue(weatherToolCall(), FakeResponse.text("Sunny, pack light.", 100_000, 0));
		AiAgent.Builder agentBuilder = this.agentBuilder;
		ToolCallback[] weatherTools = ToolCallbacks.from(new Weather());
		AiAgent agent = agentBuilder.name("scout").toolCallbacks(weatherTools).maxCost(0.01).build();

		assertThatExceptionOfType(AiBudgetExceededException.class).isThrownBy(() -> agent.run("Weather in Paris?"))
			.satisfies((refusal) -> {
				assertThat(refusal.getScope()).isEqualTo(Scope.RUN);
				assertThat(refusal.getSubject()).isEqualTo("scout");
				assertThat(refusal.getLimit()).isEqualTo(0.01);
				assertThat(refusal.getSpent()).isCloseTo(CALL_COST, within(1e-12));
				assertThat(refusal.getWindowEnd()).isEmpty();
			});
		assertThat(server.requests()).hasSize(1);
		List<SpanData> spans = finishedSpans();
		SpanData run = one(spans, "agent.run");
		assertThat(run.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
		assertThat(run.getAttributes().get(ErrorAttributes.ERROR_TYPE)).isEqualTo("budget_exceeded");
		assertThat(run.getAttributes().get(AiAttributes.COST)).isCloseTo(CALL_COST, within(1e-12));
		// The HTTP client span below the first model call shows its request was sent; the
		// refused call has none.
		assertThat(tree(spans, run)).isEqualTo("""
				agent.run
				  agent.step.1
				    llm.generate
				      POST
				  agent.step.2
				    tool.weather
				    llm.generate
				""");
		SpanData refused = LlmTracingSupport.named(spans, "llm.generate").get(1);
		assertThat(refused.getAttributes().get(ErrorAttributes.ERROR_TYPE)).isEqualTo("budget_exceeded");
		assertThat(refused.getEvents()).filteredOn((event) -> event.getName().equals(AiAttributes.BUDGET_BLOCKED_EVENT))
			.singleElement()
			.satisfies((event) -> assertThat(event.getAttributes().get(AiAttributes.BUDGET_LIMIT)).isEqualTo(0.01));
	}

	@Test
	void shouldApplyThePerRunLimitToAChatClientToolLoop() {
		server.enqueue(weatherToolCall(), weatherToolCall(), FakeResponse.text("Sunny.", 100_000, 0));
		assertThatExceptionOfType(AiBudgetExceededException.class)
			.isThrownBy(() -> this.chatClientBuilder.build()
				.prompt()
				.user("Weather in Paris?")
				.toolCallbacks(ToolCallbacks.from(new Weather()))
				.call()
				.content())
			.satisfies((refusal) -> {
				assertThat(refusal.getSubject()).isEqualTo("chat_client");
				assertThat(refusal.getLimit()).isEqualTo(0.02);
				assertThat(refusal.getSpent()).isCloseTo(2 * CALL_COST, within(1e-12));
			});
		// $0.015 after the first call is under the $0.02 limit; $0.03 after the second is not.
		assertThat(server.requests()).hasSize(2);
		SpanData run = one(finishedSpans(), "agent.run");
		assertThat(run.getAttributes().get(AiAttributes.AGENT_NAME)).isEqualTo("chat_client");
		assertThat(run.getAttributes().get(ErrorAttributes.ERROR_TYPE)).isEqualTo("budget_exceeded");
	}

	@Test
	void shouldLetAnAgentsMaxCostOverrideThePerRunLimit() {
		server.enqueue(weatherToolCall(), weatherToolCall(), FakeResponse.text("Sunny.", 100_000, 0));
		AiAgent agent = this.agentBuilder.name("generous").toolCallbacks(ToolCallbacks.from(new Weather()))
			.maxCost(1.0)
			.build();
		AgentResult result = agent.run("Weather in Paris?");
		assertThat(result.answer()).isEqualTo("Sunny.");
		assertThat(result.cost()).hasValueCloseTo(3 * CALL_COST, within(1e-12));
		assertThat(server.requests()).hasSize(3);
	}

	private static FakeResponse weatherToolCall() {
		return FakeResponse.toolCalls(FakeToolCall.of("call_weather", "weather", "{\"city\":\"Paris\"}"))
			.withUsage(100_000, 0);
	}

	private double warnings(String level) {
		return this.meterRegistry.get("ai.budget.warnings").tag("level", level).counter().count();
	}

	// Windows of 24 hours, the default, begin at midnight UTC.
	private static Instant currentDay() {
		return Instant.now().truncatedTo(ChronoUnit.DAYS);
	}

	private static List<EventData> warningEvents(SpanData span) {
		return span.getEvents().stream().filter((event) -> event.getName().equals(AiAttributes.BUDGET_WARNING_EVENT)).toList();
	}

	static class Weather {

		@Tool(description = "Current weather in a city")
		String weather(String city) {
			return "Sunny in " + city;
		}

	}

}
