package ai.infra.test.openai;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * An OpenAI-compatible model server on {@code 127.0.0.1} that answers Chat Completions
 * requests, plain or streamed, with scripted or request-derived responses and records
 * every request it receives.
 * <p>
 * A chat completion request is answered by the first of: the next {@link #enqueue queued}
 * response, the first matching {@link #when rule}, the {@link #responder responder}
 * (by default a {@link DefaultResponder}). Both {@code /v1/chat/completions} and
 * {@code /chat/completions} are served because the OpenAI Java client appends
 * {@code chat/completions} to whatever base URL it is given; {@link #apiBaseUrl()} is the
 * base URL the real service would have.
 * <p>
 * Embeddings requests ({@code /v1/embeddings}) are answered with one vector per input,
 * derived from the input text so that equal texts get equal vectors, as floats or as
 * base64 as the request asks, with usage estimated from the input unless a response was
 * {@link #enqueueEmbeddings queued} for it.
 */
public final class FakeOpenAiServer implements AutoCloseable {

	/** The model reported when neither the request nor the script names one. */
	public static final String DEFAULT_MODEL = "gpt-4o-mini";

	/** Vector length of embeddings whose request names no dimensions, as text-embedding-3-small's. */
	public static final int DEFAULT_EMBEDDING_DIMENSIONS = 1536;

	/** The embedding model reported when neither the request nor the script names one. */
	public static final String DEFAULT_EMBEDDING_MODEL = "text-embedding-3-small";

	// enough for hundreds of concurrent short exchanges, since requests queue for a worker
	private static final int WORKER_THREADS = 64;

	private static final int BACKLOG = 1024;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Pattern CONTENT_PIECE = Pattern.compile("\\S+\\s*|\\s+");

	private static final AtomicInteger SERVER_COUNT = new AtomicInteger();

	private final HttpServer server;

	private final ThreadPoolExecutor executor;

	private final Queue<FakeResponse> queue = new ConcurrentLinkedQueue<>();

	private final Queue<FakeResponse> embeddingQueue = new ConcurrentLinkedQueue<>();

	private final List<Rule> rules = new CopyOnWriteArrayList<>();

	private final Queue<FakeRequest> requests = new ConcurrentLinkedQueue<>();

	private final AtomicLong ids = new AtomicLong();

	private volatile Function<FakeRequest, FakeResponse> responder = new DefaultResponder();

	private volatile String responseModel;

	private FakeOpenAiServer(int port) {
		try {
			this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), BACKLOG);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Failed to bind the fake OpenAI server to port " + port, ex);
		}
		int serverNumber = SERVER_COUNT.incrementAndGet();
		AtomicInteger threadCount = new AtomicInteger();
		this.executor = new ThreadPoolExecutor(WORKER_THREADS, WORKER_THREADS, 30, TimeUnit.SECONDS,
				new LinkedBlockingQueue<>(), (runnable) -> {
					Thread thread = new Thread(runnable,
							"fake-openai-" + serverNumber + "-" + threadCount.incrementAndGet());
					thread.setDaemon(true);
					return thread;
				});
		this.executor.allowCoreThreadTimeOut(true);
		this.server.setExecutor(this.executor);
		this.server.createContext("/", this::handle);
		this.server.start();
	}

	/**
	 * Start a server on a free port.
	 * @return the running server
	 */
	public static FakeOpenAiServer start() {
		return new FakeOpenAiServer(0);
	}

	/**
	 * Start a server on the given port.
	 * @param port the port, or {@code 0} for a free one
	 * @return the running server
	 */
	public static FakeOpenAiServer start(int port) {
		return new FakeOpenAiServer(port);
	}

	/**
	 * Run a server until the process is stopped, for trying a client by hand.
	 * @param args an optional port
	 * @throws InterruptedException if interrupted while waiting
	 */
	public static void main(String[] args) throws InterruptedException {
		FakeOpenAiServer server = start((args.length > 0) ? Integer.parseInt(args[0]) : 0);
		System.out.println("Fake OpenAI server listening on " + server.apiBaseUrl());
		new CountDownLatch(1).await();
	}

	/**
	 * Return the bound port.
	 * @return the port
	 */
	public int port() {
		return this.server.getAddress().getPort();
	}

	/**
	 * Return the root URL of the server, such as {@code http://127.0.0.1:4711}.
	 * @return the base URL without a path
	 */
	public String baseUrl() {
		return "http://127.0.0.1:" + port();
	}

	/**
	 * Return the root URL plus {@code /v1}, matching {@code https://api.openai.com/v1}.
	 * This is what an OpenAI client's base URL normally is, although {@link #baseUrl()}
	 * works as well.
	 * @return the base URL with the {@code /v1} path
	 */
	public String apiBaseUrl() {
		return baseUrl() + "/v1";
	}

	/**
	 * Queue responses for the next chat completion requests, in order.
	 * @param responses the responses
	 * @return this server
	 */
	public FakeOpenAiServer enqueue(FakeResponse... responses) {
		for (FakeResponse response : responses) {
			this.queue.add(Objects.requireNonNull(response, "'response' must not be null"));
		}
		return this;
	}

	/**
	 * Queue responses for the next embeddings requests, in order: an
	 * {@link FakeResponse#embeddings(int) embeddings} response for its usage, an
	 * {@link FakeResponse#error error}, each optionally with a model or delay.
	 * @param responses the responses
	 * @return this server
	 */
	public FakeOpenAiServer enqueueEmbeddings(FakeResponse... responses) {
		for (FakeResponse response : responses) {
			this.embeddingQueue.add(Objects.requireNonNull(response, "'response' must not be null"));
		}
		return this;
	}

	/**
	 * Answer every chat completion request matching the condition with the given response
	 * while the queue is empty. Rules are tried in the order they were added.
	 * @param condition which requests the rule applies to
	 * @param response the response
	 * @return this server
	 */
	public FakeOpenAiServer when(Predicate<FakeRequest> condition, FakeResponse response) {
		Objects.requireNonNull(response, "'response' must not be null");
		return when(condition, (request) -> response);
	}

	/**
	 * Answer every chat completion request matching the condition with a response computed
	 * from it while the queue is empty. Rules are tried in the order they were added.
	 * @param condition which requests the rule applies to
	 * @param response computes the response
	 * @return this server
	 */
	public FakeOpenAiServer when(Predicate<FakeRequest> condition, Function<FakeRequest, FakeResponse> response) {
		this.rules.add(new Rule(Objects.requireNonNull(condition, "'condition' must not be null"),
				Objects.requireNonNull(response, "'response' must not be null")));
		return this;
	}

	/**
	 * Set what answers chat completion requests that neither the queue nor a rule
	 * answers. A responder returning {@code null} falls back to the
	 * {@link DefaultResponder}.
	 * @param responder computes a response from the request
	 * @return this server
	 */
	public FakeOpenAiServer responder(Function<FakeRequest, FakeResponse> responder) {
		this.responder = Objects.requireNonNull(responder, "'responder' must not be null");
		return this;
	}

	/**
	 * Report this model in responses unless a response names its own, instead of echoing
	 * the requested model; real services answer with a dated snapshot such as
	 * {@code gpt-4o-mini-2024-07-18}.
	 * @param model the response model, or {@code null} to echo the requested one
	 * @return this server
	 */
	public FakeOpenAiServer responseModel(String model) {
		this.responseModel = model;
		return this;
	}

	/**
	 * Return all requests received since the start or the last {@link #reset()}, in
	 * arrival order.
	 * @return the requests
	 */
	public List<FakeRequest> requests() {
		return List.copyOf(this.requests);
	}

	/**
	 * Return the most recently received request.
	 * @return the request, or {@code null} if none was received
	 */
	public FakeRequest lastRequest() {
		FakeRequest last = null;
		for (FakeRequest request : this.requests) {
			last = request;
		}
		return last;
	}

	/**
	 * Forget received requests, queued responses and rules, and restore the default
	 * responder and response model.
	 */
	public void reset() {
		this.requests.clear();
		this.queue.clear();
		this.embeddingQueue.clear();
		this.rules.clear();
		this.responder = new DefaultResponder();
		this.responseModel = null;
	}

	/**
	 * Stop the server, abandoning requests still in progress.
	 */
	@Override
	public void close() {
		this.server.stop(0);
		this.executor.shutdownNow();
	}

	// Not closed on failure: a failing handler makes the JDK server drop the connection,
	// which truncated responses rely on, while closing would end the body properly
	private void handle(HttpExchange exchange) throws IOException {
		FakeRequest request = record(exchange);
		String path = request.path().endsWith("/") ? request.path().substring(0, request.path().length() - 1)
				: request.path();
		if (path.equals("/v1/chat/completions") || path.equals("/chat/completions")) {
			if (!"POST".equals(request.method())) {
				sendError(exchange, 405, "Method " + request.method() + " is not allowed.",
						"invalid_request_error", "method_not_allowed", Map.of());
			}
			else if (!request.hasJsonBody()) {
				sendError(exchange, 400, "We could not parse the JSON body of your request.",
						"invalid_request_error", null, Map.of());
			}
			else {
				completeChat(exchange, request);
			}
		}
		else if (path.equals("/v1/embeddings") || path.equals("/embeddings")) {
			if (!"POST".equals(request.method())) {
				sendError(exchange, 405, "Method " + request.method() + " is not allowed.",
						"invalid_request_error", "method_not_allowed", Map.of());
			}
			else if (!request.hasJsonBody() || request.json().path("input").isMissingNode()) {
				sendError(exchange, 400, "'input' is a required property.", "invalid_request_error", null,
						Map.of());
			}
			else {
				embed(exchange, request);
			}
		}
		else if ((path.equals("/v1/models") || path.equals("/models")) && "GET".equals(request.method())) {
			sendJson(exchange, 200, models(), Map.of());
		}
		else {
			sendError(exchange, 404, "Unknown request URL: " + request.method() + " " + request.path() + ".",
					"invalid_request_error", "unknown_url", Map.of());
		}
		exchange.close();
	}

	private FakeRequest record(HttpExchange exchange) throws IOException {
		String body;
		try (InputStream in = exchange.getRequestBody()) {
			body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		FakeRequest request = FakeRequest.of(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
				exchange.getRequestURI().getRawQuery(), exchange.getRequestHeaders(), body, JSON);
		this.requests.add(request);
		return request;
	}

	private void completeChat(HttpExchange exchange, FakeRequest request) throws IOException {
		FakeResponse response;
		try {
			response = respond(request);
		}
		catch (RuntimeException ex) {
			sendError(exchange, 500, "Fake responder failed: " + ex, "server_error", null, Map.of());
			return;
		}
		sleep(response.delay());
		if (response.isError()) {
			sendError(exchange, response.status(), response.errorMessage(), errorType(response.status()),
					errorCode(response.status()), response.headers());
			return;
		}
		Completion completion = new Completion(response, request);
		if (request.stream()) {
			stream(exchange, completion, request.includeUsage());
		}
		else {
			byte[] json = JSON.writeValueAsBytes(completion.toJson());
			if (response.isTruncated()) {
				sendTruncated(exchange, json, response.headers());
			}
			else {
				send(exchange, 200, "application/json", json, response.headers());
			}
		}
	}

	private void embed(HttpExchange exchange, FakeRequest request) throws IOException {
		FakeResponse response = this.embeddingQueue.poll();
		if (response != null) {
			sleep(response.delay());
			if (response.isError()) {
				sendError(exchange, response.status(), response.errorMessage(), errorType(response.status()),
						errorCode(response.status()), response.headers());
				return;
			}
		}
		JsonNode body = request.json();
		List<String> inputs = new ArrayList<>();
		JsonNode input = body.path("input");
		if (input.isArray()) {
			input.forEach((item) -> inputs.add(FakeRequest.text(item)));
		}
		else {
			inputs.add(FakeRequest.text(input));
		}
		int dimensions = body.path("dimensions").isIntegralNumber() ? body.path("dimensions").asInt()
				: DEFAULT_EMBEDDING_DIMENSIONS;
		boolean base64 = "base64".equals(FakeRequest.text(body.path("encoding_format")));
		ObjectNode result = JSON.createObjectNode();
		result.put("object", "list");
		ArrayNode data = result.putArray("data");
		int promptTokens = 0;
		for (int index = 0; index < inputs.size(); index++) {
			ObjectNode embedding = data.addObject();
			embedding.put("object", "embedding");
			embedding.put("index", index);
			float[] vector = vector(inputs.get(index), dimensions);
			if (base64) {
				embedding.put("embedding", base64(vector));
			}
			else {
				ArrayNode values = embedding.putArray("embedding");
				for (float value : vector) {
					values.add(value);
				}
			}
			promptTokens += estimateTokens(inputs.get(index).length());
		}
		if (response != null && response.promptTokens() != null) {
			promptTokens = response.promptTokens();
		}
		String model = (response != null && response.model() != null) ? response.model()
				: Objects.requireNonNullElse(request.model(), DEFAULT_EMBEDDING_MODEL);
		result.put("model", model);
		ObjectNode usage = result.putObject("usage");
		usage.put("prompt_tokens", promptTokens);
		usage.put("total_tokens", promptTokens);
		sendJson(exchange, 200, result, (response != null) ? response.headers() : Map.of());
	}

	// A unit vector that depends only on the text, so that equal texts embed equally.
	static float[] vector(String text, int dimensions) {
		SplittableRandom random = new SplittableRandom(text.hashCode());
		float[] vector = new float[dimensions];
		double squares = 0;
		for (int i = 0; i < dimensions; i++) {
			vector[i] = (float) (random.nextDouble() * 2 - 1);
			squares += vector[i] * vector[i];
		}
		float norm = (float) Math.sqrt(squares);
		for (int i = 0; i < dimensions && norm > 0; i++) {
			vector[i] /= norm;
		}
		return vector;
	}

	// The little-endian float32 bytes the OpenAI API sends for encoding_format=base64.
	private static String base64(float[] vector) {
		ByteBuffer bytes = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
		for (float value : vector) {
			bytes.putFloat(value);
		}
		return Base64.getEncoder().encodeToString(bytes.array());
	}

	private FakeResponse respond(FakeRequest request) {
		FakeResponse queued = this.queue.poll();
		if (queued != null) {
			return queued;
		}
		for (Rule rule : this.rules) {
			if (rule.condition().test(request)) {
				return Objects.requireNonNull(rule.response().apply(request), "Rule returned no response");
			}
		}
		FakeResponse response = this.responder.apply(request);
		return (response != null) ? response : new DefaultResponder().apply(request);
	}

	private void stream(HttpExchange exchange, Completion completion, boolean includeUsage) throws IOException {
		List<ObjectNode> chunks = completion.toChunks(includeUsage);
		FakeResponse response = completion.response;
		addHeaders(exchange, response.headers());
		exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
		exchange.getResponseHeaders().set("Cache-Control", "no-cache");
		exchange.sendResponseHeaders(200, 0);
		OutputStream out = exchange.getResponseBody();
		for (int i = 0; i < chunks.size(); i++) {
			if (response.isTruncated() && i >= response.truncateAfterChunks()) {
				abort(out);
			}
			if (i > 0) {
				sleep(response.chunkDelay());
			}
			writeEvent(out, JSON.writeValueAsString(chunks.get(i)));
		}
		if (response.isTruncated()) {
			abort(out);
		}
		writeEvent(out, "[DONE]");
	}

	private static void writeEvent(OutputStream out, String data) throws IOException {
		out.write(("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
		out.flush();
	}

	private void sendTruncated(HttpExchange exchange, byte[] json, Map<String, String> headers) throws IOException {
		addHeaders(exchange, headers);
		exchange.getResponseHeaders().set("Content-Type", "application/json");
		exchange.sendResponseHeaders(200, json.length);
		OutputStream out = exchange.getResponseBody();
		out.write(json, 0, json.length / 2);
		abort(out);
	}

	// The JDK server closes the connection without finishing the body when a handler
	// fails, which is exactly a connection lost mid-response for the client
	private static void abort(OutputStream out) throws IOException {
		out.flush();
		throw new IOException("Fake OpenAI server truncated the response on purpose");
	}

	private void sendError(HttpExchange exchange, int status, String message, String type, String code,
			Map<String, String> headers) throws IOException {
		ObjectNode body = JSON.createObjectNode();
		ObjectNode error = body.putObject("error");
		error.put("message", message);
		error.put("type", type);
		error.putNull("param");
		if (code != null) {
			error.put("code", code);
		}
		else {
			error.putNull("code");
		}
		sendJson(exchange, status, body, headers);
	}

	private void sendJson(HttpExchange exchange, int status, ObjectNode body, Map<String, String> headers)
			throws IOException {
		send(exchange, status, "application/json", JSON.writeValueAsBytes(body), headers);
	}

	private void send(HttpExchange exchange, int status, String contentType, byte[] body, Map<String, String> headers)
			throws IOException {
		addHeaders(exchange, headers);
		exchange.getResponseHeaders().set("Content-Type", contentType);
		exchange.sendResponseHeaders(status, body.length);
		exchange.getResponseBody().write(body);
	}

	private void addHeaders(HttpExchange exchange, Map<String, String> headers) {
		exchange.getResponseHeaders().set("x-request-id", "req_fake" + this.ids.incrementAndGet());
		headers.forEach(exchange.getResponseHeaders()::set);
	}

	private static ObjectNode models() {
		ObjectNode body = JSON.createObjectNode();
		body.put("object", "list");
		ArrayNode data = body.putArray("data");
		for (String id : List.of(DEFAULT_MODEL, "gpt-4o", "gpt-4.1-mini", "text-embedding-3-small")) {
			ObjectNode model = data.addObject();
			model.put("id", id);
			model.put("object", "model");
			model.put("created", 1700000000L);
			model.put("owned_by", "fake-openai");
		}
		return body;
	}

	private static String errorType(int status) {
		if (status == 429) {
			return "requests";
		}
		return (status >= 500) ? "server_error" : "invalid_request_error";
	}

	private static String errorCode(int status) {
		return switch (status) {
			case 401 -> "invalid_api_key";
			case 404 -> "model_not_found";
			case 429 -> "rate_limit_exceeded";
			default -> null;
		};
	}

	private static void sleep(Duration duration) throws IOException {
		if (duration.isZero() || duration.isNegative()) {
			return;
		}
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException("Interrupted while delaying the response", ex);
		}
	}

	static List<String> splitContent(String content) {
		List<String> pieces = new ArrayList<>();
		if (content == null || content.isEmpty()) {
			return pieces;
		}
		Matcher matcher = CONTENT_PIECE.matcher(content);
		while (matcher.find()) {
			pieces.add(matcher.group());
		}
		// a single word still arrives in more than one chunk, as real streams often do
		if (pieces.size() == 1 && content.codePointCount(0, content.length()) > 1) {
			int middle = content.offsetByCodePoints(0, content.codePointCount(0, content.length()) / 2);
			pieces.set(0, content.substring(0, middle));
			pieces.add(content.substring(middle));
		}
		return pieces;
	}

	private static List<String> splitArguments(String arguments) {
		List<String> pieces = new ArrayList<>();
		int length = arguments.codePointCount(0, arguments.length());
		int parts = Math.min(3, Math.max(1, length));
		int start = 0;
		for (int i = 1; i <= parts; i++) {
			int end = (i == parts) ? arguments.length() : arguments.offsetByCodePoints(0, length * i / parts);
			pieces.add(arguments.substring(start, end));
			start = end;
		}
		return pieces;
	}

	private static int estimateTokens(int characters) {
		return Math.max(1, characters / 4);
	}

	private record Rule(Predicate<FakeRequest> condition, Function<FakeRequest, FakeResponse> response) {

	}

	/**
	 * One answer with everything resolved: ids, model and token usage.
	 */
	private final class Completion {

		private final FakeResponse response;

		private final String id;

		private final long created;

		private final String model;

		private final List<FakeToolCall> toolCalls;

		private final int promptTokens;

		private final int completionTokens;

		Completion(FakeResponse response, FakeRequest request) {
			this.response = response;
			this.id = "chatcmpl-fake" + FakeOpenAiServer.this.ids.incrementAndGet();
			this.created = System.currentTimeMillis() / 1000;
			this.model = firstNonNull(response.model(), FakeOpenAiServer.this.responseModel, request.model(),
					DEFAULT_MODEL);
			this.toolCalls = response.toolCalls()
				.stream()
				.map((call) -> (call.id() != null) ? call
						: call.withId(String.format("call_fake%015d", FakeOpenAiServer.this.ids.incrementAndGet())))
				.toList();
			this.promptTokens = (response.promptTokens() != null) ? response.promptTokens()
					: estimateTokens(promptCharacters(request));
			this.completionTokens = (response.completionTokens() != null) ? response.completionTokens()
					: estimateTokens(completionCharacters());
		}

		private static String firstNonNull(String... candidates) {
			for (String candidate : candidates) {
				if (candidate != null) {
					return candidate;
				}
			}
			return null;
		}

		private static int promptCharacters(FakeRequest request) {
			int characters = 0;
			for (FakeRequest.Message message : request.messages()) {
				characters += message.text().length();
				for (FakeToolCall call : message.toolCalls()) {
					characters += call.name().length() + call.arguments().length();
				}
			}
			return characters;
		}

		private int completionCharacters() {
			int characters = (this.response.content() != null) ? this.response.content().length() : 0;
			for (FakeToolCall call : this.toolCalls) {
				characters += call.name().length() + call.arguments().length();
			}
			return characters;
		}

		ObjectNode toJson() {
			ObjectNode completion = header("chat.completion");
			ObjectNode choice = completion.putArray("choices").addObject();
			choice.put("index", 0);
			ObjectNode message = choice.putObject("message");
			message.put("role", "assistant");
			putContent(message, this.response.content());
			message.putNull("refusal");
			if (!this.toolCalls.isEmpty()) {
				ArrayNode toolCalls = message.putArray("tool_calls");
				for (FakeToolCall call : this.toolCalls) {
					ObjectNode toolCall = toolCalls.addObject();
					toolCall.put("id", call.id());
					toolCall.put("type", "function");
					ObjectNode function = toolCall.putObject("function");
					function.put("name", call.name());
					function.put("arguments", call.arguments());
				}
			}
			message.putArray("annotations");
			choice.putNull("logprobs");
			choice.put("finish_reason", this.response.finishReason());
			completion.set("usage", usage());
			completion.put("service_tier", "default");
			completion.put("system_fingerprint", "fp_fake");
			return completion;
		}

		List<ObjectNode> toChunks(boolean includeUsage) {
			List<ObjectNode> chunks = new ArrayList<>();
			String content = this.response.content();
			if (content != null || this.toolCalls.isEmpty()) {
				ObjectNode delta = delta(chunks, includeUsage);
				delta.put("role", "assistant");
				delta.put("content", "");
				delta.putNull("refusal");
				for (String piece : splitContent(content)) {
					delta(chunks, includeUsage).put("content", piece);
				}
			}
			for (int index = 0; index < this.toolCalls.size(); index++) {
				FakeToolCall call = this.toolCalls.get(index);
				ObjectNode delta = delta(chunks, includeUsage);
				if (chunks.size() == 1) {
					delta.put("role", "assistant");
					delta.putNull("content");
				}
				ObjectNode toolCall = delta.putArray("tool_calls").addObject();
				toolCall.put("index", index);
				toolCall.put("id", call.id());
				toolCall.put("type", "function");
				ObjectNode function = toolCall.putObject("function");
				function.put("name", call.name());
				function.put("arguments", "");
				for (String piece : splitArguments(call.arguments())) {
					ObjectNode argumentsCall = delta(chunks, includeUsage).putArray("tool_calls").addObject();
					argumentsCall.put("index", index);
					argumentsCall.putObject("function").put("arguments", piece);
				}
			}
			delta(chunks, includeUsage);
			ObjectNode last = chunks.get(chunks.size() - 1);
			((ObjectNode) last.path("choices").get(0)).put("finish_reason", this.response.finishReason());
			if (includeUsage) {
				ObjectNode usageChunk = header("chat.completion.chunk");
				usageChunk.put("service_tier", "default");
				usageChunk.put("system_fingerprint", "fp_fake");
				usageChunk.putArray("choices");
				usageChunk.set("usage", usage());
				chunks.add(usageChunk);
			}
			return chunks;
		}

		private ObjectNode delta(List<ObjectNode> chunks, boolean includeUsage) {
			ObjectNode chunk = header("chat.completion.chunk");
			chunk.put("service_tier", "default");
			chunk.put("system_fingerprint", "fp_fake");
			ObjectNode choice = chunk.putArray("choices").addObject();
			choice.put("index", 0);
			ObjectNode delta = choice.putObject("delta");
			choice.putNull("logprobs");
			choice.putNull("finish_reason");
			if (includeUsage) {
				// the real service announces the trailing usage chunk this way
				chunk.putNull("usage");
			}
			chunks.add(chunk);
			return delta;
		}

		private ObjectNode header(String object) {
			ObjectNode node = JSON.createObjectNode();
			node.put("id", this.id);
			node.put("object", object);
			node.put("created", this.created);
			node.put("model", this.model);
			return node;
		}

		private ObjectNode usage() {
			ObjectNode usage = JSON.createObjectNode();
			usage.put("prompt_tokens", this.promptTokens);
			usage.put("completion_tokens", this.completionTokens);
			usage.put("total_tokens", this.promptTokens + this.completionTokens);
			ObjectNode promptDetails = usage.putObject("prompt_tokens_details");
			promptDetails.put("cached_tokens", this.response.cachedTokens());
			promptDetails.put("audio_tokens", 0);
			ObjectNode completionDetails = usage.putObject("completion_tokens_details");
			completionDetails.put("reasoning_tokens", 0);
			completionDetails.put("audio_tokens", 0);
			completionDetails.put("accepted_prediction_tokens", 0);
			completionDetails.put("rejected_prediction_tokens", 0);
			return usage;
		}

		private static void putContent(ObjectNode message, String content) {
			if (content != null) {
				message.put("content", content);
			}
			else {
				message.putNull("content");
			}
		}

	}

}
