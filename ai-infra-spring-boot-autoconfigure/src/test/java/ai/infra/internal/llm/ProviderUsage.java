package ai.infra.internal.llm;

import com.anthropic.models.messages.MessageDeltaUsage;
import com.google.genai.types.GenerateContentResponseUsageMetadata;
import com.openai.models.completions.CompletionUsage;

import org.springframework.ai.chat.metadata.DefaultUsage;
import org.springframework.ai.chat.metadata.Usage;
import org.springframework.ai.google.genai.metadata.GoogleGenAiUsage;

/**
 * The {@link Usage} each provider's Spring AI 2.0.1 model reports for a given wire usage:
 * the provider SDK parses the JSON the provider sends, and the usage is built from it as
 * the model builds it.
 */
final class ProviderUsage {

	private ProviderUsage() {
	}

	/**
	 * As {@code AnthropicChatModel.getDefaultUsage} builds it from a Messages response.
	 * @param json the response's {@code usage} object
	 * @return the usage
	 */
	static Usage anthropic(String json) {
		com.anthropic.models.messages.Usage usage = read(com.anthropic.core.ObjectMappers.jsonMapper(), json,
				com.anthropic.models.messages.Usage.class);
		long input = usage.inputTokens();
		long output = usage.outputTokens();
		return new DefaultUsage(Math.toIntExact(input), Math.toIntExact(output), Math.toIntExact(input + output),
				usage, usage.cacheReadInputTokens().orElse(null), usage.cacheCreationInputTokens().orElse(null));
	}

	/**
	 * As {@code AnthropicChatModel} builds the usage of a stream's {@code message_delta}
	 * chunk, with the input tokens of its {@code message_start}.
	 * @param inputTokens the {@code input_tokens} of {@code message_start}
	 * @param json the {@code usage} object of {@code message_delta}
	 * @return the usage
	 */
	static Usage anthropicMessageDelta(long inputTokens, String json) {
		MessageDeltaUsage usage = read(com.anthropic.core.ObjectMappers.jsonMapper(), json, MessageDeltaUsage.class);
		long output = usage.outputTokens();
		return new DefaultUsage(Math.toIntExact(inputTokens), Math.toIntExact(output),
				Math.toIntExact(inputTokens + output), usage, usage.cacheReadInputTokens().orElse(null),
				usage.cacheCreationInputTokens().orElse(null));
	}

	/**
	 * As {@code OpenAiChatModel.getDefaultUsage} builds it from a chat completion or its
	 * usage chunk.
	 * @param json the {@code usage} object
	 * @return the usage
	 */
	static Usage openAi(String json) {
		CompletionUsage usage = read(com.openai.core.ObjectMappers.jsonMapper(), json, CompletionUsage.class);
		Long cacheRead = usage.promptTokensDetails().flatMap((details) -> details.cachedTokens()).orElse(null);
		return new DefaultUsage(Math.toIntExact(usage.promptTokens()), Math.toIntExact(usage.completionTokens()),
				Math.toIntExact(usage.totalTokens()), usage, cacheRead, null);
	}

	/**
	 * As {@code GoogleGenAiChatModel} builds it with extended usage metadata, its
	 * default.
	 * @param json the {@code usageMetadata} object
	 * @return the usage
	 */
	static Usage gemini(String json) {
		return GoogleGenAiUsage.from(GenerateContentResponseUsageMetadata.fromJson(json));
	}

	/**
	 * As {@code GoogleGenAiChatModel} builds it with
	 * {@code include-extended-usage-metadata=false}.
	 * @param json the {@code usageMetadata} object
	 * @return the usage
	 */
	static Usage geminiBasic(String json) {
		GenerateContentResponseUsageMetadata usage = GenerateContentResponseUsageMetadata.fromJson(json);
		return new DefaultUsage(usage.promptTokenCount().orElse(0), usage.candidatesTokenCount().orElse(0),
				usage.totalTokenCount().orElse(0));
	}

	/**
	 * As {@code OllamaChatModel} builds it from a chat response.
	 * @param promptEvalCount the response's {@code prompt_eval_count}
	 * @param evalCount the response's {@code eval_count}
	 * @return the usage
	 */
	static Usage ollama(int promptEvalCount, int evalCount) {
		return new DefaultUsage(promptEvalCount, evalCount);
	}

	private static <T> T read(com.fasterxml.jackson.databind.ObjectMapper mapper, String json, Class<T> type) {
		try {
			return mapper.readValue(json, type);
		}
		catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
			throw new IllegalArgumentException(ex);
		}
	}

}
