package ai.infra.llm;

import java.util.List;

import ai.infra.internal.observation.AiAttributes;
import ai.infra.test.model.FakeModelServer;
import ai.infra.test.model.ScriptedResponse;
import ai.infra.test.ollama.FakeOllamaServer;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes;
import org.junit.jupiter.api.Test;

import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Model round trips through Spring AI's Ollama model, talking Ollama's API over HTTP to
 * the fake Ollama server.
 */
@SpringBootTest(classes = LlmTracingSupport.TestApplication.class,
		properties = { "spring.ai.model.chat=ollama", "spring.ai.ollama.chat.model=llama3.2",
				"spring.ai.ollama.embedding.model=nomic-embed-text" })
@TestPropertySource(properties = "spring.ai.model.embedding=ollama")
class OllamaTracingIntegrationTests extends ProviderTracingTests {

	private static final FakeOllamaServer server = FakeOllamaServer.start();

	@Autowired
	private EmbeddingModel embeddingModel;

	@DynamicPropertySource
	static void ollamaServer(DynamicPropertyRegistry registry) {
		registry.add("spring.ai.ollama.base-url", server::baseUrl);
	}

	@Override
	protected FakeModelServer<?> server() {
		return server;
	}

	@Override
	protected String providerName() {
		return "ollama";
	}

	@Override
	protected String requestModel() {
		return "llama3.2";
	}

	@Override
	protected String responseModel() {
		return "llama3.2:latest";
	}

	@Override
	protected String expectedErrorType() {
		return "org.springframework.ai.retry.NonTransientAiException";
	}

	@Test
	void shouldCostNothingWithoutAPriceWarningForALocalModel(CapturedOutput output) {
		server.enqueue(ScriptedResponse.text("Local answer", 300, 40));
		this.chatModel.call(new Prompt("Runs on our own hardware"));
		SpanData llm = onlyLlmSpan();
		assertThat(llm.getAttributes().get(AiAttributes.PROMPT_TOKENS)).isEqualTo(300L);
		assertThat(llm.getAttributes().get(AiAttributes.COMPLETION_TOKENS)).isEqualTo(40L);
		assertThat(llm.getAttributes().get(AiAttributes.COST)).isZero();
		assertThat(output).doesNotContainPattern("WARN.*llama3\\.2");
	}

	@Test
	void shouldTraceAnEmbeddingCallAsAnLlmEmbedSpanThatCostsNothing() {
		server.embeddingDimensions(16);
		server.enqueue(ScriptedResponse.text("unused", 12, 0).withModel("nomic-embed-text:latest"));
		LlmTracingSupport.Traced<float[]> traced = LlmTracingSupport.inRootSpan(this.openTelemetry,
				() -> this.embeddingModel.embed("hello embeddings"));
		assertThat(traced.result()).hasSize(16);
		assertThat(server.lastRequest().path()).isEqualTo("/api/embed");
		assertThat(server.lastRequest().model()).isEqualTo("nomic-embed-text");
		List<SpanData> embeds = LlmTracingSupport.named(awaitSpans(1), "llm.embed");
		assertThat(embeds).hasSize(1);
		SpanData embed = embeds.get(0);
		assertThat(embed.getParentSpanId()).isEqualTo(traced.rootSpanId());
		assertThat(embed.getAttributes().get(GenAiIncubatingAttributes.GEN_AI_OPERATION_NAME)).isEqualTo("embeddings");
		assertThat(embed.getAttributes().get(GenAiIncubatingAttributes.GEN_AI_PROVIDER_NAME)).isEqualTo("ollama");
		assertThat(embed.getAttributes().get(AiAttributes.PROVIDER)).isEqualTo("ollama");
		// Spring AI's Ollama client observes the request before merging in its default
		// model; the model that answered is known from the response.
		assertThat(embed.getAttributes().get(GenAiIncubatingAttributes.GEN_AI_REQUEST_MODEL)).isEqualTo("unknown");
		assertThat(embed.getAttributes().get(GenAiIncubatingAttributes.GEN_AI_RESPONSE_MODEL))
			.isEqualTo("nomic-embed-text:latest");
		assertThat(embed.getAttributes().get(AiAttributes.MODEL)).isEqualTo("nomic-embed-text:latest");
		assertThat(embed.getAttributes().get(AiAttributes.PROMPT_TOKENS)).isEqualTo(12L);
		assertThat(embed.getAttributes().get(GenAiIncubatingAttributes.GEN_AI_USAGE_INPUT_TOKENS)).isEqualTo(12L);
		assertThat(embed.getAttributes().get(GenAiIncubatingAttributes.GEN_AI_EMBEDDINGS_DIMENSION_COUNT))
			.isEqualTo(16L);
		// Self-hosted: no price, and no cost other than zero.
		assertThat(embed.getAttributes().get(AiAttributes.COST)).isZero();
	}

}
