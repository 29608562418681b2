package ai.infra.internal.cost;

/**
 * The tokens of one model call, normalized across providers: every input token the
 * provider bills, cache reads and cache writes included, and every output token it
 * bills, reasoning included, whatever the provider's own way of counting them.
 *
 * @param inputTokens every input token billed
 * @param outputTokens every output token billed
 * @param cacheReadInputTokens the part of the input read from the prompt cache, 0 if
 * none or not reported
 * @param cacheCreationInputTokens the part of the input written to the prompt cache, 0 if
 * none or not reported
 * @param reasoningOutputTokens the part of the output spent on reasoning (thinking), 0
 * if none or not reported
 */
public record TokenUsage(long inputTokens, long outputTokens, long cacheReadInputTokens,
		long cacheCreationInputTokens, long reasoningOutputTokens) {

	/** No tokens: a call that failed before the model answered. */
	public static final TokenUsage NONE = new TokenUsage(0, 0, 0, 0, 0);

	/**
	 * Return the input and output tokens together.
	 * @return the total tokens
	 */
	public long totalTokens() {
		return this.inputTokens + this.outputTokens;
	}

}
