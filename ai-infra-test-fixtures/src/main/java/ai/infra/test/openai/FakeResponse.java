package ai.infra.test.openai;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * What the {@link FakeOpenAiServer} answers to one chat completion request: assistant text,
 * tool calls or an error, optionally delayed or cut off mid-body. Instances are immutable;
 * the {@code with...} methods return modified copies.
 */
public final class FakeResponse {

	private final String content;

	private final List<FakeToolCall> toolCalls;

	private final Integer promptTokens;

	private final Integer completionTokens;

	private final int cachedTokens;

	private final String finishReason;

	private final String model;

	private final int status;

	private final String errorMessage;

	private final Map<String, String> headers;

	private final Duration delay;

	private final Duration chunkDelay;

	private final int truncateAfterChunks;

	private FakeResponse(String content, List<FakeToolCall> toolCalls, Integer promptTokens, Integer completionTokens,
			int cachedTokens, String finishReason, String model, int status, String errorMessage,
			Map<String, String> headers, Duration delay, Duration chunkDelay, int truncateAfterChunks) {
		this.content = content;
		this.toolCalls = toolCalls;
		this.promptTokens = promptTokens;
		this.completionTokens = completionTokens;
		this.cachedTokens = cachedTokens;
		this.finishReason = finishReason;
		this.model = model;
		this.status = status;
		this.errorMessage = errorMessage;
		this.headers = headers;
		this.delay = delay;
		this.chunkDelay = chunkDelay;
		this.truncateAfterChunks = truncateAfterChunks;
	}

	/**
	 * Answer with assistant text and token usage estimated from the request and the text.
	 * @param content the assistant text
	 * @return the response
	 */
	public static FakeResponse text(String content) {
		Objects.requireNonNull(content, "'content' must not be null");
		return new FakeResponse(content, List.of(), null, null, 0, null, null, 200, null, Map.of(), Duration.ZERO,
				Duration.ZERO, -1);
	}

	/**
	 * Answer with assistant text and the given token usage.
	 * @param content the assistant text
	 * @param promptTokens the reported prompt (input) tokens
	 * @param completionTokens the reported completion (output) tokens
	 * @return the response
	 */
	public static FakeResponse text(String content, int promptTokens, int completionTokens) {
		return text(content).withUsage(promptTokens, completionTokens);
	}

	/**
	 * Answer an embeddings request with vectors derived from its input and the given
	 * token usage; only for {@link FakeOpenAiServer#enqueueEmbeddings}.
	 * @param promptTokens the reported prompt (input) tokens
	 * @return the response
	 */
	public static FakeResponse embeddings(int promptTokens) {
		return new FakeResponse(null, List.of(), promptTokens, 0, 0, null, null, 200, null, Map.of(), Duration.ZERO,
				Duration.ZERO, -1);
	}

	/**
	 * Answer with {@code finish_reason: tool_calls} asking for one or more function calls.
	 * @param toolCalls the calls, in order
	 * @return the response
	 */
	public static FakeResponse toolCalls(FakeToolCall... toolCalls) {
		return toolCalls(List.of(toolCalls));
	}

	/**
	 * Answer with {@code finish_reason: tool_calls} asking for one or more function calls.
	 * @param toolCalls the calls, in order
	 * @return the response
	 */
	public static FakeResponse toolCalls(List<FakeToolCall> toolCalls) {
		if (toolCalls.isEmpty()) {
			throw new IllegalArgumentException("At least one tool call is required");
		}
		return new FakeResponse(null, List.copyOf(toolCalls), null, null, 0, null, null, 200, null, Map.of(),
				Duration.ZERO, Duration.ZERO, -1);
	}

	/**
	 * Answer with an HTTP error status and an OpenAI-style error body. A 429 also carries a
	 * {@code retry-after} header of one second, as the real service does.
	 * @param status the HTTP status, for example 429 or 500
	 * @return the response
	 */
	public static FakeResponse error(int status) {
		return error(status, defaultErrorMessage(status));
	}

	/**
	 * Answer with an HTTP error status and an OpenAI-style error body with the given message.
	 * @param status the HTTP status, for example 400, 429 or 500
	 * @param message the {@code error.message} of the body
	 * @return the response
	 */
	public static FakeResponse error(int status, String message) {
		if (status < 400 || status > 599) {
			throw new IllegalArgumentException("Error status must be 4xx or 5xx but was " + status);
		}
		Map<String, String> headers = (status == 429) ? Map.of("retry-after", "1") : Map.of();
		return new FakeResponse(null, List.of(), null, null, 0, null, null, status, message, headers, Duration.ZERO,
				Duration.ZERO, -1);
	}

	/**
	 * Send the given response only after a delay, to run into client timeouts.
	 * @param delay how long to wait before the response headers are sent
	 * @param response the response to send afterwards
	 * @return the delayed response
	 */
	public static FakeResponse delayed(Duration delay, FakeResponse response) {
		return response.withDelay(delay);
	}

	/**
	 * Answer with text but close the connection halfway through the body: a streaming
	 * request gets the first chunks and never a finish chunk or {@code [DONE]}, a
	 * non-streaming one gets half of the JSON document.
	 * @param content the assistant text that is only partly sent
	 * @return the response
	 */
	public static FakeResponse truncatedStream(String content) {
		int pieces = FakeOpenAiServer.splitContent(content).size();
		// the role chunk plus about half of the content
		return text(content).truncatedAfterChunks(1 + Math.max(1, pieces / 2));
	}

	/**
	 * Report the given token usage instead of the estimate.
	 * @param promptTokens the prompt (input) tokens
	 * @param completionTokens the completion (output) tokens
	 * @return a modified copy
	 */
	public FakeResponse withUsage(int promptTokens, int completionTokens) {
		return new FakeResponse(this.content, this.toolCalls, promptTokens, completionTokens, this.cachedTokens,
				this.finishReason, this.model, this.status, this.errorMessage, this.headers, this.delay,
				this.chunkDelay, this.truncateAfterChunks);
	}

	/**
	 * Report {@code usage.prompt_tokens_details.cached_tokens}.
	 * @param cachedTokens the cached prompt tokens
	 * @return a modified copy
	 */
	public FakeResponse withCachedTokens(int cachedTokens) {
		return new FakeResponse(this.content, this.toolCalls, this.promptTokens, this.completionTokens, cachedTokens,
				this.finishReason, this.model, this.status, this.errorMessage, this.headers, this.delay,
				this.chunkDelay, this.truncateAfterChunks);
	}

	/**
	 * Add assistant text, which lets a tool call response carry content as well.
	 * @param content the assistant text
	 * @return a modified copy
	 */
	public FakeResponse withContent(String content) {
		return new FakeResponse(content, this.toolCalls, this.promptTokens, this.completionTokens, this.cachedTokens,
				this.finishReason, this.model, this.status, this.errorMessage, this.headers, this.delay,
				this.chunkDelay, this.truncateAfterChunks);
	}

	/**
	 * Use another finish reason than {@code stop} or {@code tool_calls}, such as
	 * {@code length} or {@code content_filter}.
	 * @param finishReason the finish reason
	 * @return a modified copy
	 */
	public FakeResponse withFinishReason(String finishReason) {
		return new FakeResponse(this.content, this.toolCalls, this.promptTokens, this.completionTokens,
				this.cachedTokens, finishReason, this.model, this.status, this.errorMessage, this.headers, this.delay,
				this.chunkDelay, this.truncateAfterChunks);
	}

	/**
	 * Report this model in the response, for example a dated snapshot name.
	 * @param model the response model
	 * @return a modified copy
	 */
	public FakeResponse withModel(String model) {
		return new FakeResponse(this.content, this.toolCalls, this.promptTokens, this.completionTokens,
				this.cachedTokens, this.finishReason, model, this.status, this.errorMessage, this.headers, this.delay,
				this.chunkDelay, this.truncateAfterChunks);
	}

	/**
	 * Add a response header.
	 * @param name the header name
	 * @param value the header value
	 * @return a modified copy
	 */
	public FakeResponse withHeader(String name, String value) {
		Map<String, String> headers = new LinkedHashMap<>(this.headers);
		headers.put(name.toLowerCase(Locale.ROOT), value);
		return new FakeResponse(this.content, this.toolCalls, this.promptTokens, this.completionTokens,
				this.cachedTokens, this.finishReason, this.model, this.status, this.errorMessage,
				Collections.unmodifiableMap(headers), this.delay, this.chunkDelay, this.truncateAfterChunks);
	}

	/**
	 * Send {@code retry-after} (whole seconds, rounded up) and {@code retry-after-ms}
	 * headers; the OpenAI client prefers the latter, which keeps retrying tests fast.
	 * @param retryAfter how long the client is asked to wait
	 * @return a modified copy
	 */
	public FakeResponse withRetryAfter(Duration retryAfter) {
		long millis = retryAfter.toMillis();
		return withHeader("retry-after", String.valueOf((millis + 999) / 1000))
			.withHeader("retry-after-ms", String.valueOf(millis));
	}

	/**
	 * Wait before the response headers are sent.
	 * @param delay the delay
	 * @return a modified copy
	 */
	public FakeResponse withDelay(Duration delay) {
		return new FakeResponse(this.content, this.toolCalls, this.promptTokens, this.completionTokens,
				this.cachedTokens, this.finishReason, this.model, this.status, this.errorMessage, this.headers, delay,
				this.chunkDelay, this.truncateAfterChunks);
	}

	/**
	 * Wait between the chunks of a streamed response, to make time to first token and
	 * stream duration observable.
	 * @param chunkDelay the pause before each chunk after the first
	 * @return a modified copy
	 */
	public FakeResponse withChunkDelay(Duration chunkDelay) {
		return new FakeResponse(this.content, this.toolCalls, this.promptTokens, this.completionTokens,
				this.cachedTokens, this.finishReason, this.model, this.status, this.errorMessage, this.headers,
				this.delay, chunkDelay, this.truncateAfterChunks);
	}

	/**
	 * Close the connection after the given number of {@code data:} chunks of a streamed
	 * response, before {@code [DONE]}; a non-streaming response is cut after half of its
	 * body.
	 * @param chunks how many chunks are sent before the connection is closed
	 * @return a modified copy
	 */
	public FakeResponse truncatedAfterChunks(int chunks) {
		if (chunks < 0) {
			throw new IllegalArgumentException("'chunks' must not be negative");
		}
		return new FakeResponse(this.content, this.toolCalls, this.promptTokens, this.completionTokens,
				this.cachedTokens, this.finishReason, this.model, this.status, this.errorMessage, this.headers,
				this.delay, this.chunkDelay, chunks);
	}

	boolean isError() {
		return this.status != 200;
	}

	String content() {
		return this.content;
	}

	List<FakeToolCall> toolCalls() {
		return this.toolCalls;
	}

	Integer promptTokens() {
		return this.promptTokens;
	}

	Integer completionTokens() {
		return this.completionTokens;
	}

	int cachedTokens() {
		return this.cachedTokens;
	}

	String finishReason() {
		if (this.finishReason != null) {
			return this.finishReason;
		}
		return this.toolCalls.isEmpty() ? "stop" : "tool_calls";
	}

	String model() {
		return this.model;
	}

	int status() {
		return this.status;
	}

	String errorMessage() {
		return this.errorMessage;
	}

	Map<String, String> headers() {
		return this.headers;
	}

	Duration delay() {
		return this.delay;
	}

	Duration chunkDelay() {
		return this.chunkDelay;
	}

	boolean isTruncated() {
		return this.truncateAfterChunks >= 0;
	}

	int truncateAfterChunks() {
		return this.truncateAfterChunks;
	}

	private static String defaultErrorMessage(int status) {
		return switch (status) {
			case 400 -> "Invalid request.";
			case 401 -> "Incorrect API key provided.";
			case 404 -> "The model does not exist or you do not have access to it.";
			case 429 -> "Rate limit reached for requests. Please try again in 1s.";
			case 503 -> "The engine is currently overloaded, please try again later.";
			default -> (status >= 500) ? "The server had an error while processing your request. Sorry about that!"
					: "Request failed with status " + status + ".";
		};
	}

	@Override
	public String toString() {
		if (isError()) {
			return "FakeResponse[error " + this.status + "]";
		}
		return "FakeResponse[content=" + this.content + ", toolCalls=" + this.toolCalls + "]";
	}

}
