package ai.infra.llm;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ai.infra.internal.observation.AiAttributes;
import ai.infra.test.openai.FakeResponse;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.Test;

import org.springframework.ai.chat.model.ChatModel;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code ai.llm.*} meters as Prometheus scrapes them from {@code /actuator/prometheus}
 * after a known sequence of model calls, and the HTTP server span as the parent of the
 * model call.
 */
@SpringBootTest(classes = { LlmTracingSupport.TestApplication.class, LlmMetricsIntegrationTests.ChatEndpoint.class },
		webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "ai-infra.tracing.exporter=none", "spring.ai.openai.api-key=sk-test-metrics",
				"spring.ai.openai.chat.options.model=gpt-4o-mini", "spring.ai.openai.max-retries=0",
				"spring.ai.openai.chat.max-retries=0", "management.endpoints.web.exposure.include=prometheus" })
class LlmMetricsIntegrationTests extends FakeModelServerTests {

	private final HttpClient http = HttpClient.newHttpClient();

	@Value("${local.server.port}")
	private int port;

	@Test
	void shouldExposeRequestTokenCostAndDurationMetersWithExactValues() throws Exception {
		server.responseModel("gpt-4o-mini-2024-07-18");
		server.enqueue(FakeResponse.text("first", 1000, 200), FakeResponse.text("second", 1000, 200),
				FakeResponse.error(500, "boom"));
		assertThat(chat("one").statusCode()).isEqualTo(200);
		assertThat(chat("two").statusCode()).isEqualTo(200);
		assertThat(chat("three").statusCode()).isEqualTo(500);
		String scrape = scrape("text/plain");
		String success = "model=\"gpt-4o-mini-2024-07-18\",operation=\"chat\",provider=\"openai\"";
		assertThat(value(scrape, "ai_llm_requests_total{" + success + ",status=\"success\"}")).isEqualTo(2.0);
		String failed = "model=\"gpt-4o-mini\",operation=\"chat\",provider=\"openai\"";
		assertThat(value(scrape, "ai_llm_requests_total{" + failed + ",status=\"error\"}")).isEqualTo(1.0);
		assertThat(value(scrape, "ai_llm_tokens_total{" + success + ",type=\"prompt\"}")).isEqualTo(2000.0);
		assertThat(value(scrape, "ai_llm_tokens_total{" + success + ",type=\"completion\"}")).isEqualTo(400.0);
		// 2 x (1,000 x $0.15 + 200 x $0.60) per million tokens.
		assertThat(value(scrape, "ai_llm_cost_dollars_total{" + success + "}")).isCloseTo(0.00054,
				org.assertj.core.api.Assertions.within(1e-12));
		assertThat(value(scrape, "ai_llm_duration_seconds_count{" + success + "}")).isEqualTo(2.0);
		assertThat(scrape).contains("ai_llm_duration_seconds_bucket{" + success + ",le=\"0.1\"}",
				"ai_llm_duration_seconds_bucket{" + success + ",le=\"120.0\"}");
		// Spring AI's own meters are still there, without a registration conflict.
		assertThat(scrape).contains("gen_ai_client_operation_seconds_count", "gen_ai_client_token_usage_total");
	}

	@Test
	void shouldLinkDurationHistogramToTheTraceThroughExemplars() throws Exception {
		server.responseModel("gpt-4o-2024-08-06");
		server.enqueue(FakeResponse.text("exemplar", 10, 2));
		assertThat(chat("exemplar").statusCode()).isEqualTo(200);
		SpanData llm = awaitLlmSpan("gpt-4o-2024-08-06");
		String scrape = scrape("application/openmetrics-text; version=1.0.0");
		assertThat(scrape).containsPattern("ai_llm_duration_seconds_bucket\\{model=\"gpt-4o-2024-08-06\","
				+ "operation=\"chat\",provider=\"openai\",le=\"[0-9.]+\"\\} 1 # \\{span_id=\"" + llm.getSpanId() + "\",trace_id=\""
				+ llm.getTraceId() + "\"\\}");
	}

	@Test
	void shouldMakeTheHttpServerSpanOfAnIncomingTraceTheParentOfTheModelCall() throws Exception {
		server.responseModel("gpt-4o-mini-2024-07-18");
		server.enqueue(FakeResponse.text("parented", 5, 1));
		String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
		HttpResponse<String> response = this.http.send(HttpRequest.newBuilder(uri("/chat"))
			.header("Content-Type", "text/plain")
			.header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01")
			.POST(HttpRequest.BodyPublishers.ofString("parent please"))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		SpanData llm = awaitLlmSpan(traceId);
		// The server span ends just after the response was written.
		SpanData server = awaitSpan((span) -> span.getSpanId().equals(llm.getParentSpanId()));
		assertThat(server.getName()).isEqualTo("http post /chat");
		assertThat(server.getParentSpanId()).isEqualTo("00f067aa0ba902b7");
		assertThat(server.getTraceId()).isEqualTo(traceId);
	}

	private SpanData awaitLlmSpan(String modelOrTraceId) throws InterruptedException {
		return awaitSpan((span) -> span.getName().equals("llm.generate") && (span.getTraceId().equals(modelOrTraceId)
				|| modelOrTraceId.equals(span.getAttributes().get(AiAttributes.MODEL))));
	}

	private SpanData awaitSpan(Predicate<SpanData> condition) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (System.nanoTime() < deadline) {
			for (SpanData span : finishedSpans()) {
				if (condition.test(span)) {
					return span;
				}
			}
			Thread.sleep(20);
		}
		throw new AssertionError("No matching span among " + finishedSpans());
	}

	private HttpResponse<String> chat(String message) throws Exception {
		return this.http.send(HttpRequest.newBuilder(uri("/chat"))
			.header("Content-Type", "text/plain")
			.POST(HttpRequest.BodyPublishers.ofString(message))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private String scrape(String accept) throws Exception {
		HttpResponse<String> response = this.http.send(
				HttpRequest.newBuilder(uri("/actuator/prometheus")).header("Accept", accept).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		return response.body();
	}

	private URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

	static double value(String scrape, String series) {
		Matcher matcher = Pattern.compile("^" + Pattern.quote(series) + " (\\S+)$", Pattern.MULTILINE).matcher(scrape);
		assertThat(matcher.find()).as("series %s in%n%s", series, scrape).isTrue();
		return Double.parseDouble(matcher.group(1));
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class ChatEndpoint {

		@Bean
		ChatController chatController(ChatModel chatModel) {
			return new ChatController(chatModel);
		}

	}

	@RestController
	static class ChatController {

		private final ChatModel chatModel;

		ChatController(ChatModel chatModel) {
			this.chatModel = chatModel;
		}

		@PostMapping("/chat")
		String chat(@RequestBody String message) {
			return this.chatModel.call(message);
		}

	}

}
