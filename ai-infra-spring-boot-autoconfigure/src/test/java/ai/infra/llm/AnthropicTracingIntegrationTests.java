package ai.infra.llm;

import java.util.List;

import ai.infra.internal.observation.AiAttributes;
import ai.infra.test.anthropic.FakeAnthropicServer;
import ai.infra.test.model.FakeModelServer;
import ai.infra.test.model.ScriptedResponse;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.Test;

import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Model round trips through Spring AI's Anthropic model and the official Anthropic Java
 * client, talking the Messages API over HTTP to the fake Anthropic server.
 */
@SpringBootTest(classes = LlmTracingSupport.TestApplication.class,
		properties = { "spring.ai.model.chat=anthropic", "spring.ai.anthropic.api-key=sk-ant-test-key",
				"spring.ai.anthropic.max-retries=0", "spring.ai.anthropic.chat.model=claude-sonnet-4-0" })
class AnthropicTracingIntegrationTests extends ProviderTracingTests {

	private static final FakeAnthropicServer server = FakeAnthropicServer.start();

	@DynamicPropertySource
	static void anthropicServer(DynamicPropertyRegistry registry) {
		registry.add("spring.ai.anthropic.base-url", server::baseUrl);
	}

	@Override
	protected FakeModelServer<?> server() {
		return server;
	}

	@Override
	protected String providerName() {
		return "anthropic";
	}

	@Override
	protected String requestModel() {
		return "claude-sonnet-4-0";
	}

	@Override
	protected String responseModel() {
		return "claude-sonnet-4-20250514";
	}

	@Override
	protected String expectedErrorType() {
		return "com.anthropic.errors.BadRequestException";
	}

	@Test
	void shouldCountCacheReadsAndWritesAsPromptTokensAndPriceThemAtTheirOwnRates() {
		server.enqueue(cachedCall());
		this.chatModel.call(new Prompt("Long shared prefix"));
		assertCachedCall(onlyLlmSpan());
		assertThat(server.lastRequest().header("x-api-key")).isEqualTo("sk-ant-test-key");
	}

	@Test
	void shouldRecordAChatClientStreamWithTheSameTokensCacheDetailAndCostAsBlocking() {
		server.enqueue(cachedCall());
		List<String> pieces = this.chatClientBuilder.build()
			.prompt()
			.user("Long shared prefix")
			.stream()
			.content()
			.collectList()
			.block();
		assertThat(String.join("", pieces)).isEqualTo("From the cache");
		assertStreamedCachedCall();
	}

	@Test
	void shouldRecordADirectModelStreamWithTheSameTokensCacheDetailAndCostAsBlocking() {
		server.enqueue(cachedCall());
		this.chatModel.stream(new Prompt("Long shared prefix")).collectList().block();
		assertStreamedCachedCall();
	}

	private void assertStreamedCachedCall() {
		assertThat(server.lastRequest().stream()).isTrue();
		SpanData llm = onlyLlmSpan();
		assertThat(llm.getAttributes().get(AiAttributes.STREAM)).isTrue();
		assertCachedCall(llm);
	}

	private static ScriptedResponse cachedCall() {
		return ScriptedResponse.text("From the cache", 1_000, 200).withCacheReadTokens(3_000).withCacheWriteTokens(500);
	}

	private static void assertCachedCall(SpanData llm) {
		assertThat(llm.getAttributes().get(AiAttributes.PROMPT_TOKENS)).isEqualTo(4_500L);
		assertThat(llm.getAttributes().get(AiAttributes.COMPLETION_TOKENS)).isEqualTo(200L);
		assertThat(llm.getAttributes().get(AiAttributes.TOTAL_TOKENS)).isEqualTo(4_700L);
		assertThat(llm.getAttributes().get(CACHE_READ_INPUT_TOKENS)).isEqualTo(3_000L);
		assertThat(llm.getAttributes().get(CACHE_CREATION_INPUT_TOKENS)).isEqualTo(500L);
		// claude-sonnet-4-0 per million tokens: 1,000 x $3 input, 3,000 x $0.30 cache read,
		// 500 x $3.75 cache write, 200 x $15 output.
		assertThat(llm.getAttributes().get(AiAttributes.COST)).isCloseTo(0.008775, within(1e-12));
	}

}
