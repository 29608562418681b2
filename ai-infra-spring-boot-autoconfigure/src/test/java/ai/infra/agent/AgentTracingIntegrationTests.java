package ai.infra.agent;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import ai.infra.internal.observation.AiAttributes;
import ai.infra.llm.FakeModelServerTests;
import ai.infra.llm.LlmTracingSupport;
import ai.infra.test.openai.FakeResponse;
import ai.infra.test.openai.FakeToolCall;
import ai.infra.tool.AiToolRegistry;
import ai.infra.tracing.AiTracer;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes;
import org.junit.jupiter.api.Test;

import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.support.ToolCallbacks;
import org.springframework.ai.tool.annotation.Tool;
import org.springframework.ai.tool.method.MethodToolCallbackProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

import static ai.infra.llm.LlmTracingSupport.children;
import static ai.infra.llm.LlmTracingSupport.one;
import static ai.infra.llm.LlmTracingSupport.tree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.within;

/**
 * Agent runs and tool calls through the real Spring AI OpenAI client against the fake
 * model server, scripted to ask for tools: the exact span tree, tool spans for every kind
 * of tool, and isolation of concurrent runs.
 */
@SpringBootTest(classes = { LlmTracingSupport.TestApplication.class, AgentTracingIntegrationTests.Tools.class },
		webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "ai-infra.tracing.exporter=none", "spring.ai.openai.api-key=sk-test-agents",
				"spring.ai.openai.chat.options.model=gpt-4o-mini", "spring.ai.openai.chat.max-retries=0",
				"management.endpoints.web.exposure.include=prometheus",
				"management.opentelemetry.tracing.export.max-queue-size=20000",
				"ai-infra.tracing.tool-args.max-length=64" })
class AgentTracingIntegrationTests extends FakeModelServerTests {

	/** The span tree of a run in which the model asks for the weather, then answers. */
	private static final String WEATHER_RUN = """
			agent.run
			  agent.step.1
			    llm.generate
			  agent.step.2
			    tool.getWeather
			    llm.generate
			""";

	@Autowired
	private AiAgent.Builder agentBuilder;

	@Autowired
	private ChatClient.Builder chatClientBuilder;

	@Autowired
	private TravelTools travelTools;

	@Autowired
	private ChatModel chatModel;

	@Autowired
	private AiToolRegistry toolRegistry;

	@Autowired
	private io.opentelemetry.api.OpenTelemetry openTelemetry;

	@Value("${local.server.port}")
	private int port;

	@Test
	void shouldTraceAgentRunAsStepsWithToolsAndModelCalls() {
		server.responseModel("gpt-4o-mini-2024-07-18");
		server.enqueue(FakeResponse.toolCalls(FakeToolCall.of("call_search", "search", "{\"query\":\"paris\"}"))
			.withUsage(100, 10),
				FakeResponse
					.toolCalls(FakeToolCall.of("call_weather", "getWeather", "{\"city\":\"Paris\"}"),
							FakeToolCall.of("call_hotel", "bookHotel",
									"{\"city\":\"Paris\",\"apiKey\":\"sk-live-hotel-secret\"}"))
					.withUsage(200, 20),
				FakeResponse.text("Pack an umbrella, hotels are full.", 300, 30));
		AiAgent agent = this.agentBuilder.name("travel")
			.persona("You plan trips.")
			.tools(this.toolRegistry)
			.maxSteps(5)
			.build();
		AgentResult result = agent.run("Plan a weekend in Paris");

		assertThat(result.answer()).isEqualTo("Pack an umbrella, hotels are full.");
		assertThat(result.steps()).isEqualTo(3);
		assertThat(result.promptTokens()).isEqualTo(600);
		assertThat(result.completionTokens()).isEqualTo(60);
		// gpt-4o-mini: 600 x $0.15 + 60 x $0.60 per million tokens.
		assertThat(result.cost()).hasValueCloseTo(0.000126, within(1e-12));

		List<SpanData> spans = awaitSpans(10);
		SpanData run = one(spans, "agent.run");
		assertThat(run.getAttributes().get(AiAttributes.AGENT_NAME)).isEqualTo("travel");
		assertThat(run.getAttributes().get(GenAiIncubatingAttributes.GEN_AI_AGENT_NAME)).isEqualTo("travel");
		assertThat(run.getAttributes().get(GenAiIncubatingAttributes.GEN_AI_OPERATION_NAME)).isEqualTo("invoke_agent");
		assertThat(run.getAttributes().get(AiAttributes.AGENT_STEPS)).isEqualTo(3L);
		assertThat(run.getAttributes().get(AiAttributes.PROMPT_TOKENS)).isEqualTo(600L);
		assertThat(run.getAttributes().get(AiAttributes.COMPLETION_TOKENS)).isEqualTo(60L);
		assertThat(run.getAttributes().get(AiAttributes.TOTAL_TOKENS)).isEqualTo(660L);
		assertThat(run.getAttributes().get(AiAttributes.COST)).isCloseTo(0.000126, within(1e-12));
		assertThat(tree(spans, run)).isEqualTo("""
				agent.run
				  agent.step.1
				    llm.generate
				  agent.step.2
				    tool.search
				    llm.generate
				  agent.step.3
				    tool.getWeather
				    tool.bookHotel
				    llm.generate
				""");
		assertThat(children(spans, run)).extracting((span) -> span.getAttributes().get(AiAttributes.AGENT_STEP))
			.containsExactly(1L, 2L, 3L);

		SpanData search = one(spans, "tool.search");
		assertThat(search.getAttributes().get(AiAttributes.TOOL_NAME)).isEqualTo("search");
		assertThat(search.getAttributes().get(AiAttributes.TOOL_ARGS)).isEqualTo("{\"query\":\"paris\"}");
		assertThat(search.getAttributes().get(GenAiIncubatingAttributes.GEN_AI_TOOL_NAME)).isEqualTo("search");
		assertThat(search.getAttributes().get(GenAiIncubatingAttributes.GEN_AI_TOOL_CALL_ID)).isEqualTo("call_search");
		assertThat(search.getAttributes().get(AiAttributes.TOOL_DURATION_MS)).isNotNull();
		assertThat(search.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);

		SpanData hotel = one(spans, "tool.bookHotel");
		assertThat(hotel.getAttributes().get(AiAttributes.TOOL_ARGS))
			.isEqualTo("{\"city\":\"Paris\",\"apiKey\":\"[REDACTED]\"}");
		assertThat(hotel.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
		assertThat(hotel.getEvents()).extracting(EventData::getName).containsExactly("exception");
		assertThat(hotel.getAttributes().get(io.opentelemetry.semconv.ErrorAttributes.ERROR_TYPE))
			.isEqualTo(IllegalStateException.class.getName());
		assertThat(spans).allSatisfy((span) -> assertThat(span.toString()).doesNotContain("sk-live-hotel-secret"));
		// Spring AI told the model about the failure and the run went on.
		assertThat(server.requests().get(2).body()).contains("No rooms left in Paris");
	}

	@Test
	void shouldReportTheCostOfTheModelCallSpansAsTheRunsCostExactly() {
		server.responseModel("gpt-4o-2024-08-06");
		server.enqueue(
				FakeResponse.toolCalls(FakeToolCall.of("call_search", "search", "{\"query\":\"rome\"}"))
					.withUsage(1_234, 56)
					.withCachedTokens(1_024),
				FakeResponse.toolCalls(FakeToolCall.of("call_weather", "getWeather", "{\"city\":\"Rome\"}"))
					.withUsage(2_345, 67)
					.withCachedTokens(2_048),
				FakeResponse.text("Take sunglasses.").withUsage(3_456, 78).withCachedTokens(3_072));
		AgentResult result = this.agentBuilder.name("accountant").tools(this.travelTools).build().run("Rome?");

		List<SpanData> spans = awaitSpans(9);
		SpanData run = one(spans, "agent.run");
		List<SpanData> modelCalls = inStartOrder(spans, "llm.generate");
		assertThat(modelCalls).hasSize(3)
			.allSatisfy((call) -> assertThat(call.getAttributes().get(AiAttributes.COST)).isPositive());
		// Costs are whole picodollars, so their sum is exact.
		long sumOfModelCallsInPicodollars = 0;
		for (SpanData call : modelCalls) {
			double cost = call.getAttributes().get(AiAttributes.COST);
			assertThat(cost * 1e12).isCloseTo(Math.rint(cost * 1e12), within(1e-3));
			sumOfModelCallsInPicodollars += Math.round(cost * 1e12);
		}
		double sumOfModelCalls = sumOfModelCallsInPicodollars / 1e12;
		assertThat(run.getAttributes().get(AiAttributes.COST)).isEqualTo(sumOfModelCalls);
		assertThat(result.cost()).hasValue(sumOfModelCalls);
		// gpt-4o: $2.50 input, $1.25 cached input, $10 output per million tokens:
		// (891 x 2.50 + 6,144 x 1.25 + 201 x 10) / 1,000,000.
		assertThat(sumOfModelCalls).isEqualTo(0.0119175);
		assertThat(result.steps()).isEqualTo(3);
		assertThat(run.getAttributes().get(AiAttributes.AGENT_STEPS)).isEqualTo(3L);
		assertThat(result.promptTokens()).isEqualTo(7_035)
			.isEqualTo(run.getAttributes().get(AiAttributes.PROMPT_TOKENS));
		assertThat(result.completionTokens()).isEqualTo(201)
			.isEqualTo(run.getAttributes().get(AiAttributes.COMPLETION_TOKENS));
	}

	@Test
	void shouldCountStepsAndTokensOfARunWhoseChatClientIsNotObserved() {
		server.enqueue(FakeResponse.toolCalls(FakeToolCall.of("search", "{\"query\":\"q\"}")).withUsage(10, 1),
				FakeResponse.text("Found it.", 20, 2));
		// A ChatClient built on the bare model has no observation registry: no agent.run.
		AiAgent agent = AiAgent.builder(this.chatModel).name("quiet").tools(this.travelTools).build();
		AgentResult result = agent.run("Find it");
		assertThat(result.answer()).isEqualTo("Found it.");
		assertThat(result.steps()).isEqualTo(2);
		assertThat(result.totalTokens()).isEqualTo(33);
		assertThat(result.cost()).isEmpty();
	}

	@Test
	void shouldTraceAiToolMethodsOnceWhereverSpringAiAcceptsToolBeans() {
		ChatClient chatClient = this.chatClientBuilder.build();
		List<Runnable> ways = List.of(
				() -> chatClient.prompt().user("weather?").tools(this.travelTools).call().content(),
				() -> chatClient.prompt().user("weather?").toolCallbacks(ToolCallbacks.from(this.travelTools)).call()
					.content(),
				() -> chatClient.prompt()
					.user("weather?")
					.toolCallbacks(MethodToolCallbackProvider.builder().toolObjects(this.travelTools).build())
					.call()
					.content());
		for (Runnable way : ways) {
			server.enqueue(FakeResponse.toolCalls(FakeToolCall.of("getWeather", "{\"city\":\"Oslo\"}")),
					FakeResponse.text("Sunny."));
			way.run();
		}
		List<SpanData> spans = awaitSpans(3 * 6);
		Map<String, List<SpanData>> traces = spans.stream().collect(Collectors.groupingBy(SpanData::getTraceId));
		assertThat(traces).hasSize(3);
		for (List<SpanData> trace : traces.values()) {
			assertThat(tree(trace, one(trace, "agent.run"))).isEqualTo(WEATHER_RUN);
		}
		assertThat(server.requests().get(0).body()).contains("\"name\":\"getWeather\"",
				"Current weather in a city");
	}

	@Test
	void shouldRecordAFailureTheSameWayOnEveryKindOfSpan() {
		server.enqueue(FakeResponse.toolCalls(FakeToolCall.of("bookHotel", "{\"city\":\"Paris\",\"apiKey\":\"k\"}")),
				FakeResponse.error(500, "model is down"));
		AiAgent agent = this.agentBuilder.name("failing").tools(this.travelTools).build();
		RuntimeException modelFailure = org.assertj.core.api.Assertions.catchThrowableOfType(RuntimeException.class,
				() -> agent.run("Book Paris"));
		IllegalStateException manualFailure = new IllegalStateException("ranking failed");
		AiTracer tracer = AiTracer.create(this.openTelemetry);
		assertThatExceptionOfType(java.util.concurrent.CompletionException.class)
			.isThrownBy(() -> tracer.traceAsync("rank", () -> CompletableFuture.failedFuture(manualFailure)).join())
			.withCause(manualFailure);

		List<SpanData> spans = awaitSpans(7);
		assertRecordedFailure(one(spans, "tool.bookHotel"), TravelTools.NO_ROOMS);
		assertRecordedFailure(inStartOrder(spans, "llm.generate").get(1), modelFailure);
		assertRecordedFailure(one(spans, "agent.step.2"), modelFailure);
		assertRecordedFailure(one(spans, "agent.run"), modelFailure);
		assertRecordedFailure(one(spans, "rank"), manualFailure);
	}

	private static void assertRecordedFailure(SpanData span, Throwable failure) {
		assertThat(span.getStatus().getStatusCode()).as(span.getName()).isEqualTo(StatusCode.ERROR);
		assertThat(span.getStatus().getDescription()).as(span.getName()).isEqualTo(failure.getMessage());
		assertThat(span.getAttributes().get(io.opentelemetry.semconv.ErrorAttributes.ERROR_TYPE)).as(span.getName())
			.isEqualTo(failure.getClass().getName());
		assertThat(span.getEvents()).as(span.getName()).singleElement().satisfies((event) -> {
			assertThat(event.getName()).isEqualTo("exception");
			assertThat(event.getAttributes().get(io.opentelemetry.semconv.ExceptionAttributes.EXCEPTION_TYPE))
				.isEqualTo(failure.getClass().getName());
			assertThat(event.getAttributes().get(io.opentelemetry.semconv.ExceptionAttributes.EXCEPTION_MESSAGE))
				.isEqualTo(failure.getMessage());
		});
	}

	private static List<SpanData> inStartOrder(List<SpanData> spans, String name) {
		return LlmTracingSupport.named(spans, name)
			.stream()
			.sorted(java.util.Comparator.comparingLong(SpanData::getStartEpochNanos))
			.toList();
	}

	@Test
	void shouldTracePlainChatClientToolLoopLikeAnAgent() {
		server.enqueue(FakeResponse.toolCalls(FakeToolCall.of("call_time", "currentTime", "{}")),
				FakeResponse.text("It is noon."));
		String answer = this.chatClientBuilder.build()
			.prompt()
			.user("What time is it?")
			.tools(new PlainTools())
			.call()
			.content();
		assertThat(answer).isEqualTo("It is noon.");
		List<SpanData> spans = awaitSpans(6);
		SpanData run = one(spans, "agent.run");
		assertThat(run.getAttributes().get(AiAttributes.AGENT_NAME)).isEqualTo("chat_client");
		assertThat(run.getAttributes().get(GenAiIncubatingAttributes.GEN_AI_AGENT_NAME)).isEqualTo("chat_client");
		assertThat(run.getAttributes().get(GenAiIncubatingAttributes.GEN_AI_OPERATION_NAME)).isEqualTo("invoke_agent");
		assertThat(tree(spans, run)).isEqualTo("""
				agent.run
				  agent.step.1
				    llm.generate
				  agent.step.2
				    tool.currentTime
				    llm.generate
				""");
		assertThat(spans).extracting(SpanData::getName).doesNotContain("execute_tool currentTime");
		assertThat(one(spans, "tool.currentTime").getAttributes().get(GenAiIncubatingAttributes.GEN_AI_OPERATION_NAME))
			.isEqualTo("execute_tool");
	}

	@Test
	void shouldTraceDirectJavaCallsOfAiTools() {
		LlmTracingSupport.inRootSpan(this.openTelemetry, () -> this.travelTools.getWeather("Rome"));
		SpanData weather = one(awaitSpans(2), "tool.getWeather");
		assertThat(weather.getAttributes().get(AiAttributes.TOOL_ARGS)).isEqualTo("{\"city\":\"Rome\"}");
		assertThat(weather.getAttributes().get(GenAiIncubatingAttributes.GEN_AI_TOOL_CALL_ID)).isNull();
	}

	@Test
	void shouldLetTheSameExceptionInstanceOfAFailingToolReachTheCaller() {
		assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> this.travelTools.book("Paris", "k"))
			.isSameAs(TravelTools.NO_ROOMS);
		SpanData hotel = one(awaitSpans(1), "tool.bookHotel");
		assertThat(hotel.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
	}

	@Test
	void shouldNotTraceToolsThatOptedOut() {
		server.enqueue(FakeResponse.toolCalls(FakeToolCall.of("storeSecret", "{\"secret\":\"s3\"}")),
				FakeResponse.text("Stored."));
		this.agentBuilder.name("keeper").tools(this.travelTools).build().run("Keep this");
		this.travelTools.storeSecret("direct");
		List<SpanData> spans = awaitSpans(5);
		assertThat(spans).extracting(SpanData::getName).doesNotContain("tool.storeSecret");
		assertThat(this.travelTools.lastSecret()).isEqualTo("direct");
	}

	@Test
	void shouldEndTheRunWithAClearErrorPastMaxSteps() {
		server.responder((request) -> FakeResponse.toolCalls(FakeToolCall.of("search", "{\"query\":\"again\"}")));
		AiAgent agent = this.agentBuilder.name("looper").tools(this.travelTools).maxSteps(2).build();
		assertThatExceptionOfType(AgentMaxStepsExceededException.class).isThrownBy(() -> agent.run("Loop forever"))
			.withMessage("Agent 'looper' did not reach an answer within 2 steps; the model kept asking for tools. "
					+ "Raise maxSteps or make the task smaller.");
		server.responder((request) -> null);
		SpanData run = one(awaitSpans(7), "agent.run");
		assertThat(run.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
		assertThat(run.getAttributes().get(io.opentelemetry.semconv.ErrorAttributes.ERROR_TYPE))
			.isEqualTo(AgentMaxStepsExceededException.class.getName());
		assertThat(server.requests()).hasSize(2);
	}

	@Test
	void shouldKeepEveryRunOfManyConcurrentRunsInItsOwnTrace() throws Exception {
		int runs = 200;
		AiAgent agent = this.agentBuilder.name("weather").tools(this.travelTools).build();
		ExecutorService pool = Executors.newFixedThreadPool(32);
		List<Future<AgentResult>> results = new ArrayList<>();
		for (int i = 0; i < runs; i++) {
			String city = "City" + i;
			results.add(pool.submit(() -> agent.run("What is the weather in " + city + "?")));
		}
		for (int i = 0; i < runs; i++) {
			assertThat(results.get(i).get().answer()).contains("Sunny in City" + i);
		}
		pool.shutdown();
		List<SpanData> spans = awaitSpans(runs * 6);
		Map<String, List<SpanData>> traces = spans.stream().collect(Collectors.groupingBy(SpanData::getTraceId));
		assertThat(traces).hasSize(runs);
		for (List<SpanData> trace : traces.values()) {
			SpanData run = one(trace, "agent.run");
			assertThat(tree(trace, run)).isEqualTo(WEATHER_RUN);
			String args = one(trace, "tool.getWeather").getAttributes().get(AiAttributes.TOOL_ARGS);
			String city = args.replaceAll(".*\"(City\\d+)\".*", "$1");
			assertThat(trace).filteredOn((span) -> span.getName().equals("tool.getWeather")).hasSize(1);
			assertThat(run.getParentSpanId()).isEqualTo("0000000000000000");
			assertThat(server.requests().stream()
				.filter((request) -> request.header("traceparent") != null
						&& request.header("traceparent").contains(run.getTraceId()))
				.allMatch((request) -> request.body().contains(city + "?"))).isTrue();
		}
	}

	@Test
	void shouldExposeToolAndAgentMetersOnPrometheus() throws Exception {
		server.enqueue(FakeResponse.toolCalls(FakeToolCall.of("search", "{\"query\":\"q\"}")),
				FakeResponse.toolCalls(FakeToolCall.of("bookHotel", "{\"city\":\"Paris\",\"apiKey\":\"x\"}")),
				FakeResponse.text("done"));
		this.agentBuilder.name("metered").tools(this.travelTools).build().run("go");
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/actuator/prometheus")).build(),
					HttpResponse.BodyHandlers.ofString());
		String scrape = response.body();
		assertThat(scrape).contains("ai_agent_runs_total{agent=\"metered\",status=\"success\"} 1.0",
				"ai_agent_steps_count{agent=\"metered\"} 1", "ai_agent_steps_sum{agent=\"metered\"} 3.0",
				"ai_tool_duration_seconds_count{tool=\"search\"}");
		assertThat(scrape).containsPattern("ai_tool_calls_total\\{status=\"error\",tool=\"bookHotel\"\\} [1-9]");
		assertThat(scrape).containsPattern("ai_tool_calls_total\\{status=\"success\",tool=\"search\"\\} [1-9]");
	}

	private List<SpanData> awaitSpans(int atLeast) {
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		List<SpanData> spans = finishedSpans();
		while (spans.size() < atLeast && System.nanoTime() < deadline) {
			Thread.onSpinWait();
			spans = finishedSpans();
		}
		return spans.stream().filter((span) -> !span.getName().equals("POST")).toList();
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Tools {

		@Bean
		TravelTools travelTools() {
			return new TravelTools();
		}

	}

	static class PlainTools {

		@Tool(description = "The current time")
		String currentTime() {
			return "12:00";
		}

	}

}
