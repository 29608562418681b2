package ai.infra.test.model;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * What a provider fake model server answers to one model request: assistant text, tool
 * calls or an error status, with the token usage to report. Each server reports the usage
 * in its provider's own fields, as described on the server. Instances are immutable; the
 * {@code with...} methods return modified copies.
 */
public final class ScriptedResponse {

	private String content;

	private List<ScriptedToolCall> toolCalls = List.of();

	private Integer inputTokens;

	private Integer outputTokens;

	private int cacheReadTokens;

	private int cacheWriteTokens;

	private int thinkingTokens;

	private String finishReason;

	private String model;

	private int status = 200;

	private String errorMessage;

	private Map<String, String> headers = Map.of();

	private Duration delay = Duration.ZERO;

	private Duration chunkDelay = Duration.ZERO;

	private ScriptedResponse() {
	}

	private ScriptedResponse copy(Consumer<ScriptedResponse> change) {
		ScriptedResponse copy = new ScriptedResponse();
		copy.content = this.content;
		copy.toolCalls = this.toolCalls;
		copy.inputTokens = this.inputTokens;
		copy.outputTokens = this.outputTokens;
		copy.cacheReadTokens = this.cacheReadTokens;
		copy.cacheWriteTokens = this.cacheWriteTokens;
		copy.thinkingTokens = this.thinkingTokens;
		copy.finishReason = this.finishReason;
		copy.model = this.model;
		copy.status = this.status;
		copy.errorMessage = this.errorMessage;
		copy.headers = this.headers;
		copy.delay = this.delay;
		copy.chunkDelay = this.chunkDelay;
		change.accept(copy);
		return copy;
	}

	/**
	 * Answer with assistant text and token usage estimated from the request and the text.
	 * @param content the assistant text
	 * @return the response
	 */
	public static ScriptedResponse text(String content) {
		Objects.requireNonNull(content, "'content' must not be null");
		return new ScriptedResponse().copy((response) -> response.content = content);
	}

	/**
	 * Answer with assistant text and the given token usage.
	 * @param content the assistant text
	 * @param inputTokens the input tokens, in the provider's main input field
	 * @param outputTokens the output tokens, in the provider's main output field
	 * @return the response
	 */
	public static ScriptedResponse text(String content, int inputTokens, int outputTokens) {
		return text(content).withUsage(inputTokens, outputTokens);
	}

	/**
	 * Answer by asking for one or more function calls.
	 * @param toolCalls the calls, in order
	 * @return the response
	 */
	public static ScriptedResponse toolCalls(ScriptedToolCall... toolCalls) {
		if (toolCalls.length == 0) {
			throw new IllegalArgumentException("At least one tool call is required");
		}
		List<ScriptedToolCall> calls = List.of(toolCalls);
		return new ScriptedResponse().copy((response) -> response.toolCalls = calls);
	}

	/**
	 * Answer with an HTTP error status and the provider's error body.
	 * @param status the HTTP status, for example 429 or 500
	 * @return the response
	 */
	public static ScriptedResponse error(int status) {
		return error(status, "Request failed with status " + status + ".");
	}

	/**
	 * Answer with an HTTP error status and the provider's error body with the given
	 * message.
	 * @param status the HTTP status, for example 400, 429 or 500
	 * @param message the error message of the body
	 * @return the response
	 */
	public static ScriptedResponse error(int status, String message) {
		if (status < 400 || status > 599) {
			throw new IllegalArgumentException("Error status must be 4xx or 5xx but was " + status);
		}
		Objects.requireNonNull(message, "'message' must not be null");
		return new ScriptedResponse().copy((response) -> {
			response.status = status;
			response.errorMessage = message;
		});
	}

	/**
	 * Report the given token usage instead of the estimate.
	 * @param inputTokens the input tokens, in the provider's main input field
	 * @param outputTokens the output tokens, in the provider's main output field
	 * @return a modified copy
	 */
	public ScriptedResponse withUsage(int inputTokens, int outputTokens) {
		return copy((response) -> {
			response.inputTokens = inputTokens;
			response.outputTokens = outputTokens;
		});
	}

	/**
	 * Report input tokens read from the provider's prompt cache.
	 * @param tokens the cache read tokens
	 * @return a modified copy
	 */
	public ScriptedResponse withCacheReadTokens(int tokens) {
		return copy((response) -> response.cacheReadTokens = tokens);
	}

	/**
	 * Report input tokens written to the provider's prompt cache, for providers that
	 * report them.
	 * @param tokens the cache write tokens
	 * @return a modified copy
	 */
	public ScriptedResponse withCacheWriteTokens(int tokens) {
		return copy((response) -> response.cacheWriteTokens = tokens);
	}

	/**
	 * Report thinking (reasoning) output tokens, for providers that report them apart.
	 * @param tokens the thinking tokens
	 * @return a modified copy
	 */
	public ScriptedResponse withThinkingTokens(int tokens) {
		return copy((response) -> response.thinkingTokens = tokens);
	}

	/**
	 * Add assistant text, which lets a tool call response carry content as well.
	 * @param content the assistant text
	 * @return a modified copy
	 */
	public ScriptedResponse withContent(String content) {
		return copy((response) -> response.content = content);
	}

	/**
	 * Use another finish reason than the provider's usual one, in the provider's own
	 * vocabulary (such as {@code max_tokens}, {@code MAX_TOKENS} or {@code length}).
	 * @param finishReason the finish reason
	 * @return a modified copy
	 */
	public ScriptedResponse withFinishReason(String finishReason) {
		return copy((response) -> response.finishReason = finishReason);
	}

	/**
	 * Report this model in the response, for example a dated snapshot name.
	 * @param model the response model
	 * @return a modified copy
	 */
	public ScriptedResponse withModel(String model) {
		return copy((response) -> response.model = model);
	}

	/**
	 * Add a response header.
	 * @param name the header name
	 * @param value the header value
	 * @return a modified copy
	 */
	public ScriptedResponse withHeader(String name, String value) {
		Map<String, String> headers = new LinkedHashMap<>(this.headers);
		headers.put(name.toLowerCase(Locale.ROOT), value);
		Map<String, String> copied = Collections.unmodifiableMap(headers);
		return copy((response) -> response.headers = copied);
	}

	/**
	 * Wait before the response headers are sent.
	 * @param delay the delay
	 * @return a modified copy
	 */
	public ScriptedResponse withDelay(Duration delay) {
		return copy((response) -> response.delay = Objects.requireNonNull(delay, "'delay' must not be null"));
	}

	/**
	 * Wait between the chunks of a streamed response.
	 * @param chunkDelay the pause before each chunk after the first
	 * @return a modified copy
	 */
	public ScriptedResponse withChunkDelay(Duration chunkDelay) {
		return copy((response) -> response.chunkDelay = Objects.requireNonNull(chunkDelay,
				"'chunkDelay' must not be null"));
	}

	/**
	 * Return whether this is an error response.
	 * @return whether the status is not 200
	 */
	public boolean isError() {
		return this.status != 200;
	}

	/**
	 * Return the assistant text.
	 * @return the text, or {@code null} for a response of tool calls only
	 */
	public String content() {
		return this.content;
	}

	/**
	 * Return the tool calls asked for.
	 * @return the calls, empty if none
	 */
	public List<ScriptedToolCall> toolCalls() {
		return this.toolCalls;
	}

	/**
	 * Return the scripted input tokens.
	 * @return the tokens, or {@code null} to estimate them
	 */
	public Integer inputTokens() {
		return this.inputTokens;
	}

	/**
	 * Return the scripted output tokens.
	 * @return the tokens, or {@code null} to estimate them
	 */
	public Integer outputTokens() {
		return this.outputTokens;
	}

	/**
	 * Return the cache read input tokens.
	 * @return the tokens, 0 if none
	 */
	public int cacheReadTokens() {
		return this.cacheReadTokens;
	}

	/**
	 * Return the cache write input tokens.
	 * @return the tokens, 0 if none
	 */
	public int cacheWriteTokens() {
		return this.cacheWriteTokens;
	}

	/**
	 * Return the thinking output tokens.
	 * @return the tokens, 0 if none
	 */
	public int thinkingTokens() {
		return this.thinkingTokens;
	}

	/**
	 * Return the scripted finish reason.
	 * @return the reason, or {@code null} for the provider's usual one
	 */
	public String finishReason() {
		return this.finishReason;
	}

	/**
	 * Return the scripted response model.
	 * @return the model, or {@code null} for the server's choice
	 */
	public String model() {
		return this.model;
	}

	/**
	 * Return the HTTP status.
	 * @return the status, 200 unless this is an error
	 */
	public int status() {
		return this.status;
	}

	/**
	 * Return the error message.
	 * @return the message, or {@code null} unless this is an error
	 */
	public String errorMessage() {
		return this.errorMessage;
	}

	/**
	 * Return the extra response headers.
	 * @return the headers, names in lower case
	 */
	public Map<String, String> headers() {
		return this.headers;
	}

	/**
	 * Return the delay before the response headers.
	 * @return the delay
	 */
	public Duration delay() {
		return this.delay;
	}

	/**
	 * Return the pause between streamed chunks.
	 * @return the pause
	 */
	public Duration chunkDelay() {
		return this.chunkDelay;
	}

	@Override
	public String toString() {
		if (isError()) {
			return "ScriptedResponse[error " + this.status + "]";
		}
		return "ScriptedResponse[content=" + this.content + ", toolCalls=" + this.toolCalls + "]";
	}

}
