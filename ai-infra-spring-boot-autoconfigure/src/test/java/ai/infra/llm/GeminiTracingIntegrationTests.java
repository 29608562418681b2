package ai.infra.llm;

import ai.infra.internal.observation.AiAttributes;
import ai.infra.test.gemini.FakeGeminiServer;
import ai.infra.test.model.FakeModelServer;
import ai.infra.test.model.ScriptedResponse;
import com.google.genai.Client;
import com.google.genai.types.HttpOptions;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.Test;

import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Model round trips through Spring AI's Google GenAI model and the official Google GenAI
 * Java client in Gemini API mode, talking HTTP to the fake Gemini server.
 * <p>
 * The starter has no base URL property: its {@code Client} bean backs off, so the test
 * supplies one whose HTTP options point at the server, and the starter builds its chat
 * model on it as it would on its own.
 */
@SpringBootTest(classes = { LlmTracingSupport.TestApplication.class, GeminiTracingIntegrationTests.GeminiClient.class },
		properties = { "spring.ai.model.chat=google-genai", "spring.ai.google.genai.api-key=test-gemini-key",
				"spring.ai.google.genai.chat.model=gemini-2.5-flash" })
class GeminiTracingIntegrationTests extends ProviderTracingTests {

	private static final FakeGeminiServer server = FakeGeminiServer.start();

	@Override
	protected FakeModelServer<?> server() {
		return server;
	}

	@Override
	protected String providerName() {
		return "gcp.gemini";
	}

	@Override
	protected String requestModel() {
		return "gemini-2.5-flash";
	}

	@Override
	protected String responseModel() {
		return "gemini-2.5-flash";
	}

	// Spring AI's Gemini model wraps the client's ClientException
	@Override
	protected String expectedErrorType() {
		return RuntimeException.class.getName();
	}

	@Test
	void shouldCountThinkingTokensAsCompletionTokensAndPriceThemAsOutput() {
		server.enqueue(thinkingCall());
		this.chatModel.call(new Prompt("Think first"));
		assertThinkingCall(onlyLlmSpan());
		assertThat(server.lastRequest().path()).isEqualTo("/v1beta/models/gemini-2.5-flash:generateContent");
		assertThat(server.lastRequest().header("x-goog-api-key")).isEqualTo("test-gemini-key");
	}

	@Test
	void shouldRecordAChatClientStreamWithTheSameTokensAndCostAsBlocking() {
		server.enqueue(thinkingCall());
		this.chatClientBuilder.build().prompt().user("Think first").stream().content().collectList().block();
		assertStreamedThinkingCall();
	}

	@Test
	void shouldRecordADirectModelStreamWithTheSameTokensAndCostAsBlocking() {
		server.enqueue(thinkingCall());
		this.chatModel.stream(new Prompt("Think first")).collectList().block();
		assertStreamedThinkingCall();
	}

	private void assertStreamedThinkingCall() {
		assertThat(server.lastRequest().path()).isEqualTo("/v1beta/models/gemini-2.5-flash:streamGenerateContent");
		assertThat(server.lastRequest().query()).isEqualTo("alt=sse");
		SpanData llm = onlyLlmSpan();
		assertThat(llm.getAttributes().get(AiAttributes.STREAM)).isTrue();
		assertThinkingCall(llm);
	}

	private static ScriptedResponse thinkingCall() {
		return ScriptedResponse.text("Thought it through", 1_000, 200)
			.withCacheReadTokens(400)
			.withThinkingTokens(50);
	}

	private static void assertThinkingCall(SpanData llm) {
		assertThat(llm.getAttributes().get(AiAttributes.PROMPT_TOKENS)).isEqualTo(1_000L);
		assertThat(llm.getAttributes().get(AiAttributes.COMPLETION_TOKENS)).isEqualTo(250L);
		assertThat(llm.getAttributes().get(AiAttributes.TOTAL_TOKENS)).isEqualTo(1_250L);
		assertThat(llm.getAttributes().get(REASONING_OUTPUT_TOKENS)).isEqualTo(50L);
		assertThat(llm.getAttributes().get(CACHE_READ_INPUT_TOKENS)).isEqualTo(400L);
		// gemini-2.5-flash per million tokens: 600 x $0.30 input, 400 x $0.03 cached
		// input, 250 x $2.50 output (thinking included).
		assertThat(llm.getAttributes().get(AiAttributes.COST)).isCloseTo(0.000817, within(1e-12));
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class GeminiClient {

		@Bean
		Client googleGenAiClient() {
			return Client.builder()
				.apiKey("test-gemini-key")
				.httpOptions(HttpOptions.builder().baseUrl(server.baseUrl()).build())
				.build();
		}

	}

}
