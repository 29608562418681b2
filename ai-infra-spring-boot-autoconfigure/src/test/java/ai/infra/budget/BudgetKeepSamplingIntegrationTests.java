package ai.infra.budget;

import java.util.List;

import ai.infra.internal.observation.AiAttributes;
import ai.infra.llm.FakeModelServerTests;
import ai.infra.llm.LlmTracingSupport;
import ai.infra.test.openai.FakeResponse;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.semconv.ErrorAttributes;
import org.junit.jupiter.api.Test;

import org.springframework.ai.chat.model.ChatModel;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Budgets and keep-sampling together, at {@code sample-rate} 0.0 with the error rule off:
 * of a tenant's calls, the ratio keeps none, and exactly the calls whose spans carry a
 * budget warning or a refusal are exported, with the budget as the reason.
 */
@SpringBootTest(classes = LlmTracingSupport.TestApplication.class,
		properties = { "ai-infra.tracing.exporter=none", "ai-infra.tracing.sample-rate=0.0",
				"ai-infra.tracing.keep.errors=false", "spring.ai.openai.api-key=sk-test-budget-keep",
				"spring.ai.openai.chat.options.model=gpt-4o-mini", "spring.ai.openai.max-retries=0",
				"spring.ai.openai.chat.max-retries=0", "ai-infra.budget.limits.initech=0.05",
				"ai-infra.budget.action=block" })
class BudgetKeepSamplingIntegrationTests extends FakeModelServerTests {

	@Autowired
	private ChatModel chatModel;

	@Autowired
	private MeterRegistry meterRegistry;

	@Test
	void shouldExportTheTracesOfCallsThatABudgetWarnedAboutOrRefusedAndNoOther() {
		// $0.015 a call: the third call crosses $0.04 (80 %), the fourth $0.05 (100 %), the
		// fifth is refused.
		server.responder((request) -> FakeResponse.text("ok", 100_000, 0));
		double keptForBudget = traces("kept", "budget");
		double droppedByRatio = traces("dropped", "ratio");
		for (int i = 0; i < 4; i++) {
			assertThat(Tenants.as("initech", () -> this.chatModel.call("a call"))).isEqualTo("ok");
		}
		assertThatExceptionOfType(AiBudgetExceededException.class)
			.isThrownBy(() -> Tenants.as("initech", () -> this.chatModel.call("one too many")));
		assertThat(server.requests()).hasSize(4);

		List<SpanData> exported = LlmTracingSupport.named(finishedSpans(), "llm.generate");
		assertThat(exported).hasSize(3);
		assertThat(exported).extracting(BudgetKeepSamplingIntegrationTests::budgetEventOf)
			.containsExactly(AiAttributes.BUDGET_WARNING_EVENT, AiAttributes.BUDGET_WARNING_EVENT,
					AiAttributes.BUDGET_BLOCKED_EVENT);
		assertThat(exported.get(0).getEvents()).filteredOn((event) -> event.getName()
			.equals(AiAttributes.BUDGET_WARNING_EVENT))
			.singleElement()
			.satisfies((event) -> assertThat(event.getAttributes().get(AiAttributes.BUDGET_LEVEL)).isEqualTo(80L));
		assertThat(exported.get(2).getAttributes().get(ErrorAttributes.ERROR_TYPE))
			.isEqualTo(AiAttributes.BUDGET_EXCEEDED_ERROR_TYPE);
		assertThat(exported).allSatisfy((span) -> assertThat(span.getSpanContext().isSampled()).isTrue());
		assertThat(traces("kept", "budget")).isEqualTo(keptForBudget + 3);
		assertThat(traces("dropped", "ratio")).isEqualTo(droppedByRatio + 2);
	}

	private static String budgetEventOf(SpanData span) {
		return span.getEvents()
			.stream()
			.map(EventData::getName)
			.filter((name) -> name.startsWith("ai.budget."))
			.findFirst()
			.orElse("none");
	}

	private double traces(String decision, String reason) {
		return this.meterRegistry.get("ai.tracing.traces").tag("decision", decision).tag("reason", reason).counter()
			.count();
	}

}
