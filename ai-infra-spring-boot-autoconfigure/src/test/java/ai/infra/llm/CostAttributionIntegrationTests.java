package ai.infra.llm;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import ai.infra.test.openai.FakeResponse;
import ai.infra.test.openai.FakeToolCall;
import ai.infra.tracing.AiTracing;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.Test;

import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.tool.annotation.Tool;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Cost per tenant and feature end to end: the real Spring AI OpenAI client against the
 * fake model server, requests coming in over HTTP with a {@code baggage} header or
 * attributed in code with {@link AiTracing#attribute(String, String)}, and the tags as
 * Prometheus scrapes them from {@code /actuator/prometheus}. {@code tenant.id} is not
 * among the baggage attributes here, so only the API puts it on spans.
 */
@SpringBootTest(
		classes = { LlmTracingSupport.TestApplication.class, LlmMetricsIntegrationTests.ChatEndpoint.class,
				CostAttributionIntegrationTests.Endpoints.class },
		webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "ai-infra.tracing.exporter=none", "spring.ai.openai.api-key=sk-test-attribution",
				"spring.ai.openai.chat.options.model=gpt-4o-mini", "spring.ai.openai.max-retries=0",
				"spring.ai.openai.chat.max-retries=0", "management.endpoints.web.exposure.include=prometheus",
				"ai-infra.metrics.tags=tenant.id,feature", "ai-infra.tracing.baggage-attributes=user.id" })
class CostAttributionIntegrationTests extends FakeModelServerTests {

	private static final AttributeKey<String> TENANT = AttributeKey.stringKey("tenant.id");

	private static final String MODEL = "model=\"gpt-4o-mini-2024-07-18\",operation=\"chat\",provider=\"openai\"";

	private final HttpClient http = HttpClient.newHttpClient();

	@Value("${local.server.port}")
	private int port;

	@Test
	void shouldTagModelCallMetersWithTheBaggageOfTheIncomingRequest() throws Exception {
		server.responseModel("gpt-4o-mini-2024-07-18");
		server.enqueue(FakeResponse.text("one", 1000, 200), FakeResponse.text("two", 1000, 200));
		for (int i = 0; i < 2; i++) {
			assertThat(post("/chat", "tenant.id=acme,feature=search").statusCode()).isEqualTo(200);
		}
		String scrape = scrape();
		String acme = "feature=\"search\"," + MODEL;
		assertThat(LlmMetricsIntegrationTests.value(scrape,
				"ai_llm_requests_total{" + acme + ",status=\"success\",tenant_id=\"acme\"}"))
			.isEqualTo(2.0);
		assertThat(LlmMetricsIntegrationTests.value(scrape,
				"ai_llm_tokens_total{" + acme + ",tenant_id=\"acme\",type=\"prompt\"}"))
			.isEqualTo(2000.0);
		// 2 x (1,000 x $0.15 + 200 x $0.60) per million tokens.
		assertThat(LlmMetricsIntegrationTests.value(scrape, "ai_llm_cost_dollars_total{" + acme + ",tenant_id=\"acme\"}"))
			.isCloseTo(0.00054, within(1e-12));
		assertThat(LlmMetricsIntegrationTests.value(scrape,
				"ai_llm_duration_seconds_count{" + acme + ",tenant_id=\"acme\"}"))
			.isEqualTo(2.0);
		// The header's baggage is not an attribution: tenant.id is not a baggage attribute.
		assertThat(LlmTracingSupport.named(finishedSpans(), "llm.generate"))
			.allSatisfy((span) -> assertThat(span.getAttributes().get(TENANT)).isNull());
	}

	@Test
	void shouldTagToolAndAgentMetersOfAToolLoopAndNoneForAMissingEntry() throws Exception {
		server.responseModel("gpt-4o-mini-2024-07-18");
		server.enqueue(FakeResponse.toolCalls(FakeToolCall.of("getWeather", "{\"city\":\"Oslo\"}")).withUsage(50, 5),
				FakeResponse.text("Rain in Oslo.", 80, 8));
		HttpResponse<String> response = post("/agent", "tenant.id=initech");
		assertThat(response.body()).isEqualTo("Rain in Oslo.");
		String scrape = scrape();
		String none = "feature=\"none\"";
		String initech = "tenant_id=\"initech\"";
		Map<String, Double> expected = Map.of(
				"ai_agent_runs_total{agent=\"chat_client\"," + none + ",status=\"success\"," + initech + "}", 1.0,
				"ai_agent_steps_sum{agent=\"chat_client\"," + none + "," + initech + "}", 2.0,
				"ai_tool_calls_total{" + none + ",status=\"success\"," + initech + ",tool=\"getWeather\"}", 1.0,
				"ai_tool_duration_seconds_count{" + none + "," + initech + ",tool=\"getWeather\"}", 1.0,
				"ai_llm_requests_total{" + none + "," + MODEL + ",status=\"success\"," + initech + "}", 2.0);
		expected.forEach((series, value) -> assertThat(LlmMetricsIntegrationTests.value(scrape, series)).as(series)
			.isEqualTo(value));
	}

	@Test
	void shouldTagAStreamThatFinishesOnAnotherThreadWithItsCallersValues() throws Exception {
		server.responseModel("gpt-4o-mini-2024-07-18");
		server.enqueue(FakeResponse.text("streamed answer", 30, 3));
		HttpResponse<String> response = post("/stream", "tenant.id=umbrella,feature=live");
		assertThat(response.body()).isEqualTo("streamed answer");
		assertThat(LlmMetricsIntegrationTests.value(scrape(), "ai_llm_tokens_total{feature=\"live\"," + MODEL
				+ ",tenant_id=\"umbrella\",type=\"completion\"}"))
			.isEqualTo(3.0);
	}

	@Test
	void shouldAttributeWorkInsideTheApiScopeOnMetersSpansAndTheModelRequest() throws Exception {
		assertAttributedCall("globex", null);
	}

	@Test
	void shouldLetTheApiScopeOverrideTheValueOfTheIncomingBaggage() throws Exception {
		assertAttributedCall("hooli", "tenant.id=piedpiper");
	}

	private void assertAttributedCall(String tenant, String baggage) throws Exception {
		server.responseModel("gpt-4o-mini-2024-07-18");
		server.enqueue(FakeResponse.text("attributed", 10, 1));
		assertThat(post("/tenants/" + tenant + "/chat", baggage).body()).isEqualTo("attributed");
		assertThat(LlmMetricsIntegrationTests.value(scrape(),
				"ai_llm_requests_total{feature=\"none\"," + MODEL + ",status=\"success\",tenant_id=\"" + tenant
						+ "\"}"))
			.isEqualTo(1.0);
		SpanData llm = LlmTracingSupport.one(finishedSpans(), "llm.generate");
		assertThat(llm.getAttributes().get(TENANT)).isEqualTo(tenant);
		// Baggage travels with the trace, so the model's server is told the tenant too.
		assertThat(server.lastRequest().header("baggage")).contains("tenant.id=" + tenant);
	}

	@Test
	void shouldAttributeAStreamSubscribedInsideTheApiScope() throws Exception {
		server.responseModel("gpt-4o-mini-2024-07-18");
		server.enqueue(FakeResponse.text("streamed for stark", 20, 2));
		assertThat(post("/tenants/stark/stream", null).body()).isEqualTo("streamed for stark");
		assertThat(LlmMetricsIntegrationTests.value(scrape(),
				"ai_llm_tokens_total{feature=\"none\"," + MODEL + ",tenant_id=\"stark\",type=\"completion\"}"))
			.isEqualTo(2.0);
		assertThat(LlmTracingSupport.one(finishedSpans(), "llm.generate").getAttributes().get(TENANT))
			.isEqualTo("stark");
	}

	@Test
	void shouldGiveEveryMeterOfANameEveryTagKeyAndCountOverflowPerTag() throws Exception {
		server.responseModel("gpt-4o-mini-2024-07-18");
		server.enqueue(FakeResponse.text("untagged", 10, 1), FakeResponse.text("tagged", 10, 1));
		post("/chat", null);
		post("/chat", "feature=export");
		String scrape = scrape();
		List<String> series = scrape.lines().filter((line) -> line.matches("^ai_(llm|tool|agent)_\\w+\\{.*")).toList();
		assertThat(series).isNotEmpty()
			.allSatisfy((line) -> assertThat(line).contains("feature=\"", "tenant_id=\""))
			.anySatisfy((line) -> assertThat(line).contains("feature=\"none\"", "tenant_id=\"none\""))
			.anySatisfy((line) -> assertThat(line).contains("feature=\"export\"", "tenant_id=\"none\""));
		assertThat(LlmMetricsIntegrationTests.value(scrape, "ai_metrics_tag_overflow_total{tag=\"tenant.id\"}"))
			.isZero();
		assertThat(LlmMetricsIntegrationTests.value(scrape, "ai_metrics_tag_overflow_total{tag=\"feature\"}"))
			.isZero();
	}

	private HttpResponse<String> post(String path, String baggage) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
			.header("Content-Type", "text/plain")
			.header("traceparent", "00-" + randomHex(32) + "-" + randomHex(16) + "-01")
			.POST(HttpRequest.BodyPublishers.ofString("What is the weather?"));
		if (baggage != null) {
			request.header("baggage", baggage);
		}
		HttpResponse<String> response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return response;
	}

	private String scrape() throws Exception {
		HttpResponse<String> response = this.http.send(HttpRequest.newBuilder(uri("/actuator/prometheus"))
			.header("Accept", "text/plain")
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		return response.body();
	}

	private URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

	private static String randomHex(int length) {
		StringBuilder hex = new StringBuilder(length);
		while (hex.length() < length) {
			hex.append(Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE));
		}
		return hex.substring(0, length);
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Endpoints {

		@Bean
		TenantChatController tenantChatController(ChatClient.Builder chatClientBuilder) {
			return new TenantChatController(chatClientBuilder.build());
		}

	}

	@RestController
	static class TenantChatController {

		private final ChatClient chatClient;

		TenantChatController(ChatClient chatClient) {
			this.chatClient = chatClient;
		}

		@PostMapping("/tenants/{tenant}/chat")
		String chat(@PathVariable String tenant, @RequestBody String question) {
			try (AiTracing.Attribution attribution = AiTracing.attribute("tenant.id", tenant)) {
				return this.chatClient.prompt(question).call().content();
			}
		}

		@PostMapping("/tenants/{tenant}/stream")
		String stream(@PathVariable String tenant, @RequestBody String question) {
			try (AiTracing.Attribution attribution = AiTracing.attribute("tenant.id", tenant)) {
				return stream(question);
			}
		}

		@PostMapping("/stream")
		String stream(@RequestBody String question) {
			return String.join("", this.chatClient.prompt(question).stream().content().collectList().block());
		}

		@PostMapping("/agent")
		String agent(@RequestBody String question) {
			return this.chatClient.prompt(question).tools(new WeatherTools()).call().content();
		}

	}

	static class WeatherTools {

		@Tool(description = "Current weather in a city")
		String getWeather(String city) {
			return Map.of("Oslo", "rain").getOrDefault(city, "sun");
		}

	}

}
