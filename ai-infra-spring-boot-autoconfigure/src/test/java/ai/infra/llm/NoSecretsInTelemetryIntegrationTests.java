package ai.infra.llm;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import ai.infra.test.openai.FakeResponse;
import ai.infra.test.openai.FakeToolCall;
import ai.infra.test.otlp.OtlpReceiver;
import ai.infra.test.otlp.ReceivedSpan;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.openai.OpenAiChatOptions;
import org.springframework.ai.tool.annotation.Tool;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * With a known API key and a secret OTLP header configured, every kind of model call
 * (plain, streamed, with a tool, failing, rejected for a wrong key) leaves neither secret
 * in any exported span (attributes, events, resource), in any console line with
 * {@code ai.infra} at DEBUG, or in the Prometheus scrape; and with content capture off no
 * prompt or completion text reaches a span. A second application with capture on shows
 * that the same scan does find the prompt when it is there.
 */
@SpringBootTest(classes = LlmTracingSupport.TestApplication.class,
		webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.ai.openai.chat.options.model=gpt-4o-mini", "spring.ai.openai.max-retries=0",
				"spring.ai.openai.chat.max-retries=0", "management.endpoints.web.exposure.include=prometheus",
				"logging.level.root=INFO", "logging.level.ai.infra=DEBUG" })
@ExtendWith(OutputCaptureExtension.class)
class NoSecretsInTelemetryIntegrationTests extends FakeModelServerTests {

	private static final String API_KEY = "sk-test-" + UUID.randomUUID().toString().replace("-", "");

	// OpenAI quotes a rejected key with all but its first six and last four characters
	// masked.
	private static final String MASKED_API_KEY = API_KEY.substring(0, 6) + "*".repeat(API_KEY.length() - 10)
			+ API_KEY.substring(API_KEY.length() - 4);

	private static final String HEADER_SECRET = "otlp-" + UUID.randomUUID();

	private static final String PROMPT = "prompt-" + UUID.randomUUID();

	private static final String COMPLETION = "completion-" + UUID.randomUUID();

	private static final Duration EXPORT_TIMEOUT = Duration.ofSeconds(20);

	// Started once, like the model server: the cached context keeps exporting to it.
	private static final OtlpReceiver receiver = OtlpReceiver.start();

	@Autowired
	private ChatModel chatModel;

	@Autowired
	private ChatClient.Builder chatClientBuilder;

	@Value("${local.server.port}")
	private int port;

	@DynamicPropertySource
	static void secrets(DynamicPropertyRegistry registry) {
		registry.add("spring.ai.openai.api-key", () -> API_KEY);
		registry.add("ai-infra.tracing.exporter", () -> "otlp");
		registry.add("ai-infra.tracing.endpoint", receiver::httpEndpoint);
		registry.add("ai-infra.tracing.protocol", () -> "http/protobuf");
		registry.add("ai-infra.tracing.headers.authorization", () -> "Bearer " + HEADER_SECRET);
	}

	@Test
	void shouldKeepTheKeyHeaderPromptsAndCompletionsOutOfSpansLogsAndMetrics(CapturedOutput output)
			throws Exception {
		receiver.reset();
		ChatClient chatClient = this.chatClientBuilder.build();
		server.enqueue(FakeResponse.text(COMPLETION + " plain", 21, 7));
		assertThat(this.chatModel.call(new Prompt(PROMPT + " plain")).getResult().getOutput().getText())
			.isEqualTo(COMPLETION + " plain");
		server.enqueue(FakeResponse.text(COMPLETION + " streamed in pieces", 22, 8));
		assertThat(String.join("", chatClient.prompt().user(PROMPT + " streamed").stream().content().collectList().block()))
			.isEqualTo(COMPLETION + " streamed in pieces");
		server.enqueue(
				FakeResponse.toolCalls(FakeToolCall.of("call_account", "lookUpAccount",
						"{\"account\":\"acme\",\"apiKey\":\"" + API_KEY + "\"}")),
				FakeResponse.text(COMPLETION + " after the tool", 40, 9));
		assertThat(chatClient.prompt().user(PROMPT + " with a tool").tools(new AccountTools()).call().content())
			.isEqualTo(COMPLETION + " after the tool");
		server.enqueue(FakeResponse.error(401, "Incorrect API key provided: " + MASKED_API_KEY
				+ ". You can find your API key at https://platform.openai.com/account/api-keys."));
		assertThatException().isThrownBy(() -> this.chatModel.call(PROMPT + " rejected key"))
			.withMessageContaining(MASKED_API_KEY);
		server.enqueue(FakeResponse.error(429), FakeResponse.error(500));
		assertThatException().isThrownBy(() -> chatClient.prompt().user(PROMPT + " rate limited").call().content());
		assertThatException().isThrownBy(() -> chatClient.prompt().user(PROMPT + " server error").stream()
			.content()
			.blockLast());
		server.enqueue(FakeResponse.truncatedStream(COMPLETION + " that never finishes properly"),
				FakeResponse.delayed(Duration.ofSeconds(2), FakeResponse.text(COMPLETION + " too late")));
		assertThatException().isThrownBy(() -> this.chatModel.stream(new Prompt(PROMPT + " cut off")).blockLast());
		assertThatException().isThrownBy(() -> chatClient.prompt()
			.user(PROMPT + " too slow")
			.options(OpenAiChatOptions.builder().timeout(Duration.ofMillis(500)))
			.call()
			.content());
		assertThat(server.requests()).allSatisfy(
				(request) -> assertThat(request.header("authorization")).isEqualTo("Bearer " + API_KEY));

		// Nine model round trips (two in the tool loop) and the tool call, all exported.
		List<ReceivedSpan> spans = awaitLlmSpans(9);
		assertThat(spans).filteredOn((span) -> span.name().equals("tool.lookUpAccount"))
			.singleElement()
			.satisfies((tool) -> assertThat(tool.attribute("tool.args"))
				.isEqualTo("{\"account\":\"acme\",\"apiKey\":\"[REDACTED]\"}"));
		assertThat(spans).allSatisfy((span) -> assertThat(span.headers()).containsEntry("authorization",
				"Bearer " + HEADER_SECRET));
		String exported = describe(spans);
		// The scan reads status messages and exception events: the masked key is there.
		assertThat(exported).contains(MASKED_API_KEY);
		assertThat(exported).doesNotContain(API_KEY, secretPart(API_KEY), HEADER_SECRET, PROMPT, COMPLETION);
		String inMemory = finishedSpans().stream().map(SpanData::toString).reduce("", String::concat);
		assertThat(inMemory).contains("llm.generate")
			.doesNotContain(API_KEY, secretPart(API_KEY), HEADER_SECRET, PROMPT, COMPLETION);

		String scrape = scrape("text/plain") + scrape("application/openmetrics-text; version=1.0.0");
		assertThat(scrape).contains("ai_llm_requests_total", "ai_tool_calls_total")
			.doesNotContain(API_KEY, secretPart(API_KEY), HEADER_SECRET, PROMPT, COMPLETION);

		// Start-up is captured too, including a DEBUG line of a logger under ai.infra.
		assertThat(output.toString()).contains("Running with Spring Boot", "Started")
			.doesNotContain(API_KEY, secretPart(API_KEY), HEADER_SECRET);
	}

	@Test
	void shouldFindThePromptAndCompletionInSpansWhenContentCaptureIsOn() {
		receiver.reset();
		server.enqueue(FakeResponse.text(COMPLETION + " captured", 5, 3));
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(
				LlmTracingSupport.TestApplication.class)
			.web(WebApplicationType.NONE)
			.properties("spring.ai.openai.api-key=" + API_KEY, "spring.ai.openai.base-url=" + server.apiBaseUrl(),
					"spring.ai.openai.chat.options.model=gpt-4o-mini", "spring.main.banner-mode=off",
					"ai-infra.tracing.exporter=otlp", "ai-infra.tracing.endpoint=" + receiver.httpEndpoint(),
					"ai-infra.tracing.protocol=http/protobuf", "ai-infra.tracing.capture-content=true")
			.run()) {
			context.getBean(ChatModel.class).call(PROMPT + " captured");
			String exported = describe(awaitLlmSpans(1));
			assertThat(exported).contains(PROMPT + " captured", COMPLETION + " captured").doesNotContain(API_KEY);
		}
	}

	private List<ReceivedSpan> awaitLlmSpans(int count) {
		long deadline = System.nanoTime() + EXPORT_TIMEOUT.toNanos();
		List<ReceivedSpan> spans = receiver.spans();
		while (spans.stream().filter((span) -> span.name().equals("llm.generate")).count() < count
				&& System.nanoTime() < deadline) {
			Thread.onSpinWait();
			spans = receiver.spans();
		}
		assertThat(spans).filteredOn((span) -> span.name().equals("llm.generate")).hasSize(count);
		return spans;
	}

	/**
	 * Everything a backend stores of the spans: names, status messages, span, event and
	 * resource attributes with their keys. Export headers are left out: the header is
	 * meant to reach the backend.
	 */
	private static String describe(List<ReceivedSpan> spans) {
		List<String> parts = new ArrayList<>();
		for (ReceivedSpan span : spans) {
			parts.add(span.name());
			parts.add(span.statusMessage());
			parts.add(span.scopeName());
			parts.add(String.valueOf(span.attributes()));
			parts.add(String.valueOf(span.resourceAttributes()));
			for (ReceivedSpan.Event event : span.events()) {
				parts.add(event.name());
				parts.add(String.valueOf(event.attributes()));
			}
		}
		return String.join("\n", parts);
	}

	// The random part alone, should something print the key with its prefix changed.
	private static String secretPart(String key) {
		return key.substring(key.length() - 24);
	}

	private String scrape(String accept) throws Exception {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/actuator/prometheus"))
				.header("Accept", accept)
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		return response.body();
	}

	static class AccountTools {

		@Tool(description = "Look up an account")
		String lookUpAccount(String account, String apiKey) {
			return Map.of("account", account, "plan", "team").toString();
		}

	}

}
