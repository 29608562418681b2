package ai.infra.internal.llm;

import org.jspecify.annotations.Nullable;

import org.springframework.ai.chat.metadata.Usage;
import org.springframework.ai.chat.model.ChatResponse;

/**
 * The usage the chunks of one streamed model call report. Spring AI's aggregate of a
 * stream keeps only prompt, completion and total tokens, so cache and reasoning detail,
 * and with them the cost, come from here. Every provider reports the whole call's usage
 * in its last chunk with usage (OpenAI's usage chunk, Anthropic's {@code message_delta},
 * Gemini's cumulative {@code usageMetadata}, Ollama's final chunk), so the last one wins.
 */
final class StreamUsage {

	static final String CONTEXT_KEY = StreamUsage.class.getName();

	private volatile @Nullable Usage last;

	/**
	 * Note the usage of one chunk.
	 * @param chunk the chunk, or {@code null}
	 */
	void chunk(@Nullable ChatResponse chunk) {
		try {
			Usage usage = (chunk != null) ? chunk.getMetadata().getUsage() : null;
			if (usage != null && hasTokens(usage)) {
				this.last = usage;
			}
		}
		catch (RuntimeException ex) {
			// A chunk ai-infra cannot read must not fail the application's stream; the
			// call is then recorded from Spring AI's aggregate.
		}
	}

	/**
	 * Return the usage of the last chunk that reported any.
	 * @return the usage, or {@code null} if no chunk did
	 */
	@Nullable Usage last() {
		return this.last;
	}

	private static boolean hasTokens(Usage usage) {
		Integer total = usage.getTotalTokens();
		return (total != null && total > 0) || (usage.getPromptTokens() != null && usage.getPromptTokens() > 0);
	}

}
