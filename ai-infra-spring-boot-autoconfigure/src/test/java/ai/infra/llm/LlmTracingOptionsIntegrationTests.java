package ai.infra.llm;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import ai.infra.internal.llm.LlmCallObservationHandler;
import ai.infra.internal.observation.AiAttributes;
import ai.infra.test.openai.FakeOpenAiServer;
import ai.infra.test.openai.FakeResponse;
import ai.infra.test.otlp.OtlpReceiver;
import ai.infra.test.otlp.ReceivedMetric;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.ai.chat.model.ChatModel;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Settings that change what a traced model call records: content capture, pricing
 * overrides, OTLP metrics push, and turning ai-infra off.
 */
class LlmTracingOptionsIntegrationTests {

	private static final FakeOpenAiServer server = FakeOpenAiServer.start();

	@AfterAll
	static void stopServer() {
		server.close();
	}

	@BeforeEach
	void reset() {
		server.reset();
		server.responseModel("gpt-4o-mini-2024-07-18");
	}

	@Test
	void shouldCaptureTruncatedPromptAndCompletionWhenContentCaptureIsOn() throws Exception {
		server.enqueue(FakeResponse.text("The answer is forty-two, of course.", 12, 8));
		try (ConfigurableApplicationContext context = start("ai-infra.tracing.capture-content=true",
				"ai-infra.tracing.capture-content-max-length=12")) {
			context.getBean(ChatModel.class).call("What is the answer to everything?");
			SpanData llm = llmSpan(context);
			JsonMapper json = JsonMapper.builder().build();
			JsonNode input = json.readTree(llm.getAttributes().get(AiAttributes.GEN_AI_INPUT_MESSAGES));
			JsonNode output = json.readTree(llm.getAttributes().get(AiAttributes.GEN_AI_OUTPUT_MESSAGES));
			assertThat(input.get(0).get("role").asString()).isEqualTo("user");
			assertThat(input.get(0).get("parts").get(0).get("content").asString())
				.isEqualTo("What is the ...[truncated 21 chars]");
			assertThat(output.get(0).get("role").asString()).isEqualTo("assistant");
			assertThat(output.get(0).get("finish_reason").asString()).isEqualTo("stop");
			assertThat(output.get(0).get("parts").get(0).get("content").asString())
				.isEqualTo("The answer i...[truncated 23 chars]");
		}
	}

	@Test
	void shouldPriceModelsWithConfiguredOverrides() {
		server.responseModel("in-house-llm-v2");
		server.enqueue(FakeResponse.text("priced", 2_000_000, 1_000_000), FakeResponse.text("cheap", 1_000_000, 0));
		try (ConfigurableApplicationContext context = start(
				"ai-infra.pricing.models.in-house-llm-v2.input-per-million=0.5",
				"ai-infra.pricing.models.in-house-llm-v2.output-per-million=1.5",
				"ai-infra.pricing.models.gpt-4o-mini.input-per-million=0.01",
				"ai-infra.pricing.models.gpt-4o-mini.output-per-million=0.02")) {
			context.getBean(ChatModel.class).call("price me");
			server.responseModel("gpt-4o-mini-2024-07-18");
			context.getBean(ChatModel.class).call("override the table");
			List<SpanData> spans = LlmTracingSupport.named(finishedSpans(context, 2), "llm.generate");
			assertThat(spans).extracting((span) -> span.getAttributes().get(AiAttributes.COST))
				.satisfiesExactlyInAnyOrder((cost) -> assertThat(cost).isCloseTo(2.5, within(1e-12)),
						(cost) -> assertThat(cost).isCloseTo(0.01, within(1e-12)));
		}
	}

	@Test
	void shouldPushLlmMetersAsOtlpMetricsWithTheConfiguredHeadersWhenMetricsEndpointIsSet() {
		try (OtlpReceiver receiver = OtlpReceiver.start()) {
			server.enqueue(FakeResponse.text("pushed", 100, 20));
			try (ConfigurableApplicationContext context = start(
					"ai-infra.tracing.metrics-endpoint=http://127.0.0.1:" + receiver.httpPort(),
					"ai-infra.tracing.metrics-interval=200ms", "ai-infra.tracing.headers.x-collector-key=metrics-key")) {
				context.getBean(ChatModel.class).call("push");
				Map<String, String> tags = Map.of("provider", "openai", "model", "gpt-4o-mini-2024-07-18", "status",
						"success");
				ReceivedMetric requests = receiver.awaitMetric("ai.llm.requests",
						(metric) -> metric.dataPoint(tags) != null && metric.dataPoint(tags).value() == 1.0,
						Duration.ofSeconds(10));
				assertThat(requests.monotonic()).isTrue();
				ReceivedMetric tokens = receiver.awaitMetric("ai.llm.tokens",
						(metric) -> metric.dataPoint(Map.of("type", "prompt")) != null, Duration.ofSeconds(10));
				assertThat(tokens.dataPoint(Map.of("type", "prompt")).value()).isEqualTo(100.0);
				assertThat(receiver.metrics()).extracting(ReceivedMetric::name)
					.allMatch((name) -> name.startsWith("ai."));
				assertThat(receiver.metricsRequestHeaders()).isNotEmpty()
					.allSatisfy((headers) -> assertThat(headers).containsEntry("x-collector-key", "metrics-key"));
			}
		}
	}

	@Test
	void shouldLeaveSpringAiTracingAloneWhenDisabled() {
		server.enqueue(FakeResponse.text("untouched", 3, 1));
		try (ConfigurableApplicationContext context = start("ai-infra.tracing.enabled=false",
				"management.tracing.sampling.probability=1.0")) {
			assertThat(context.getBeanNamesForType(LlmCallObservationHandler.class)).isEmpty();
			context.getBean(ChatModel.class).call("plain spring ai");
			List<SpanData> spans = finishedSpans(context, 2);
			assertThat(spans).extracting(SpanData::getName).contains("chat gpt-4o-mini").doesNotContain("llm.generate");
		}
	}

	private static ConfigurableApplicationContext start(String... properties) {
		return new SpringApplicationBuilder(LlmTracingSupport.TestApplication.class)
			.web(WebApplicationType.NONE)
			.properties("ai-infra.tracing.exporter=none", "spring.ai.openai.api-key=sk-test-options",
					"spring.ai.openai.base-url=" + server.apiBaseUrl(), "spring.ai.openai.chat.options.model=gpt-4o-mini",
					"spring.main.banner-mode=off")
			.properties(properties)
			.run();
	}

	private static SpanData llmSpan(ConfigurableApplicationContext context) {
		return LlmTracingSupport.named(finishedSpans(context, 1), "llm.generate").get(0);
	}

	private static List<SpanData> finishedSpans(ConfigurableApplicationContext context, int atLeast) {
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		List<SpanData> spans;
		do {
			spans = LlmTracingSupport.finishedSpans(context.getBean(SdkTracerProvider.class),
					context.getBean(InMemorySpanExporter.class));
		}
		while (spans.size() < atLeast && System.nanoTime() < deadline);
		return spans;
	}

}
