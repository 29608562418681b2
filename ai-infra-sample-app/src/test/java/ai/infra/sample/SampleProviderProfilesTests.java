package ai.infra.sample;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.ai.anthropic.AnthropicChatModel;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.ai.google.genai.GoogleGenAiChatModel;
import org.springframework.ai.image.ImageModel;
import org.springframework.ai.ollama.OllamaChatModel;
import org.springframework.ai.ollama.OllamaEmbeddingModel;
import org.springframework.ai.openai.OpenAiChatModel;
import org.springframework.ai.openai.OpenAiEmbeddingModel;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each provider profile of the sample creates its provider's models and no other's, and
 * the default profile keeps the OpenAI client on the built-in fake model. None of them
 * calls a model: these starts are offline.
 */
class SampleProviderProfilesTests {

	@Test
	void shouldUseOnlyTheOpenAiModelsOnTheBuiltInFakeModelByDefault() {
		try (ConfigurableApplicationContext context = start(null, Map.of())) {
			assertThat(context.getBeansOfType(ChatModel.class).values()).singleElement()
				.isInstanceOf(OpenAiChatModel.class);
			assertThat(context.getBeansOfType(EmbeddingModel.class).values()).singleElement()
				.isInstanceOf(OpenAiEmbeddingModel.class);
			assertThat(context.getBeansOfType(ImageModel.class)).isEmpty();
			assertThat(context.getEnvironment().getProperty("spring.ai.openai.base-url"))
				.startsWith("http://127.0.0.1:");
		}
	}

	@Test
	void shouldUseOnlyAnthropicsChatModelWithTheAnthropicProfile() {
		try (ConfigurableApplicationContext context = start("anthropic", Map.of("ANTHROPIC_API_KEY", "sk-ant-test"))) {
			assertThat(context.getBeansOfType(ChatModel.class).values()).singleElement()
				.isInstanceOf(AnthropicChatModel.class);
			assertThat(context.getBeansOfType(EmbeddingModel.class)).isEmpty();
			assertThat(context.getEnvironment().getProperty("spring.ai.anthropic.chat.model"))
				.isEqualTo("claude-haiku-4-5");
			assertNoFakeModel(context);
		}
	}

	@Test
	void shouldUseOnlyGeminisChatModelWithTheGeminiProfile() {
		try (ConfigurableApplicationContext context = start("gemini", Map.of("GEMINI_API_KEY", "gemini-test-key"))) {
			assertThat(context.getBeansOfType(ChatModel.class).values()).singleElement()
				.isInstanceOf(GoogleGenAiChatModel.class);
			assertThat(context.getBeansOfType(EmbeddingModel.class)).isEmpty();
			assertThat(context.getEnvironment().getProperty("spring.ai.google.genai.chat.model"))
				.isEqualTo("gemini-2.5-flash");
			assertNoFakeModel(context);
		}
	}

	@Test
	void shouldUseOnlyTheOllamaModelsWithTheOllamaProfile() {
		try (ConfigurableApplicationContext context = start("ollama", Map.of("OLLAMA_BASE_URL", "http://127.0.0.1:1"))) {
			assertThat(context.getBeansOfType(ChatModel.class).values()).singleElement()
				.isInstanceOf(OllamaChatModel.class);
			assertThat(context.getBeansOfType(EmbeddingModel.class).values()).singleElement()
				.isInstanceOf(OllamaEmbeddingModel.class);
			assertThat(context.getEnvironment().getProperty("spring.ai.ollama.chat.model")).isEqualTo("llama3.2");
			assertNoFakeModel(context);
		}
	}

	private static void assertNoFakeModel(ConfigurableApplicationContext context) {
		assertThat(context.getEnvironment().getPropertySources().contains("sampleFakeModel")).isFalse();
	}

	private static ConfigurableApplicationContext start(String profile, Map<String, Object> properties) {
		SpringApplicationBuilder builder = new SpringApplicationBuilder(SampleApplication.class)
			.properties(Map.of("server.port", "0", "ai-infra.tracing.exporter", "none"))
			.properties(properties);
		if (profile != null) {
			builder.profiles(profile);
		}
		return builder.run();
	}

}
