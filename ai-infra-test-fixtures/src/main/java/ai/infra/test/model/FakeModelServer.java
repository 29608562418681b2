package ai.infra.test.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
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
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.MissingNode;

/**
 * Base of the provider fake model servers: binds {@code 127.0.0.1}, records every request
 * and picks the answer to a model request, while the subclass speaks its provider's wire
 * protocol.
 * <p>
 * A model request is answered by the first of: the next {@link #enqueue queued} response,
 * the first matching {@link #when rule}, the {@link #responder responder}. The default
 * responder quotes the tool results a request ends with ({@code "Tool results: ..."}), or
 * else echoes the last user message ({@code "You said: ..."}).
 *
 * @param <S> the server type, for chaining
 */
public abstract class FakeModelServer<S extends FakeModelServer<S>> implements AutoCloseable {

	/** Mapper for the JSON bodies of requests and responses. */
	protected static final JsonMapper JSON = JsonMapper.builder().build();

	private static final int WORKER_THREADS = 16;

	private static final Pattern CONTENT_PIECE = Pattern.compile("\\S+\\s*|\\s+");

	private static final AtomicInteger SERVER_COUNT = new AtomicInteger();

	private static final Function<RecordedRequest, ScriptedResponse> DEFAULT_RESPONDER = FakeModelServer::echo;

	private final HttpServer server;

	private final ThreadPoolExecutor executor;

	private final Queue<ScriptedResponse> queue = new ConcurrentLinkedQueue<>();

	private final List<Rule> rules = new CopyOnWriteArrayList<>();

	private final Queue<RecordedRequest> requests = new ConcurrentLinkedQueue<>();

	private final AtomicLong ids = new AtomicLong();

	private volatile Function<RecordedRequest, ScriptedResponse> responder = DEFAULT_RESPONDER;

	private volatile String responseModel;

	/**
	 * Bind and start the server.
	 * @param name the provider name for thread names and messages, such as
	 * {@code anthropic}
	 * @param port the port, or {@code 0} for a free one
	 */
	protected FakeModelServer(String name, int port) {
		try {
			this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 256);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Failed to bind the fake " + name + " server to port " + port, ex);
		}
		int serverNumber = SERVER_COUNT.incrementAndGet();
		AtomicInteger threadCount = new AtomicInteger();
		this.executor = new ThreadPoolExecutor(WORKER_THREADS, WORKER_THREADS, 30, TimeUnit.SECONDS,
				new LinkedBlockingQueue<>(), (runnable) -> {
					Thread thread = new Thread(runnable,
							"fake-" + name + "-" + serverNumber + "-" + threadCount.incrementAndGet());
					thread.setDaemon(true);
					return thread;
				});
		this.executor.allowCoreThreadTimeOut(true);
		this.server.setExecutor(this.executor);
		this.server.createContext("/", this::handle);
		this.server.start();
	}

	@SuppressWarnings("unchecked")
	private S self() {
		return (S) this;
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
	 * Queue responses for the next model requests, in order.
	 * @param responses the responses
	 * @return this server
	 */
	public S enqueue(ScriptedResponse... responses) {
		for (ScriptedResponse response : responses) {
			this.queue.add(Objects.requireNonNull(response, "'response' must not be null"));
		}
		return self();
	}

	/**
	 * Answer every model request matching the condition with the given response while the
	 * queue is empty. Rules are tried in the order they were added.
	 * @param condition which requests the rule applies to
	 * @param response the response
	 * @return this server
	 */
	public S when(Predicate<RecordedRequest> condition, ScriptedResponse response) {
		Objects.requireNonNull(response, "'response' must not be null");
		return when(condition, (request) -> response);
	}

	/**
	 * Answer every model request matching the condition with a response computed from it
	 * while the queue is empty. Rules are tried in the order they were added.
	 * @param condition which requests the rule applies to
	 * @param response computes the response
	 * @return this server
	 */
	public S when(Predicate<RecordedRequest> condition, Function<RecordedRequest, ScriptedResponse> response) {
		this.rules.add(new Rule(Objects.requireNonNull(condition, "'condition' must not be null"),
				Objects.requireNonNull(response, "'response' must not be null")));
		return self();
	}

	/**
	 * Set what answers model requests that neither the queue nor a rule answers. A
	 * responder returning {@code null} falls back to the default one.
	 * @param responder computes a response from the request
	 * @return this server
	 */
	public S responder(Function<RecordedRequest, ScriptedResponse> responder) {
		this.responder = Objects.requireNonNull(responder, "'responder' must not be null");
		return self();
	}

	/**
	 * Report this model in responses unless a response names its own, instead of echoing
	 * the requested model.
	 * @param model the response model, or {@code null} to echo the requested one
	 * @return this server
	 */
	public S responseModel(String model) {
		this.responseModel = model;
		return self();
	}

	/**
	 * Return all requests received since the start or the last {@link #reset()}, in
	 * arrival order.
	 * @return the requests
	 */
	public List<RecordedRequest> requests() {
		return List.copyOf(this.requests);
	}

	/**
	 * Return the most recently received request.
	 * @return the request, or {@code null} if none was received
	 */
	public RecordedRequest lastRequest() {
		RecordedRequest last = null;
		for (RecordedRequest request : this.requests) {
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
		this.rules.clear();
		this.responder = DEFAULT_RESPONDER;
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

	/**
	 * Read what a request asks for in the provider's protocol.
	 * @param path the request path
	 * @param query the raw query, or {@code null}
	 * @param json the parsed body, a missing node if it was empty or not JSON
	 * @return the details
	 */
	protected abstract RecordedRequest.Details describe(String path, String query, JsonNode json);

	/**
	 * Answer a recorded request; the exchange is closed afterwards unless this throws,
	 * which drops the connection.
	 * @param exchange the exchange
	 * @param request the recorded request
	 * @throws IOException on a failure to write
	 */
	protected abstract void serve(HttpExchange exchange, RecordedRequest request) throws IOException;

	/**
	 * Pick the answer to a model request: queue, rules, responder, default responder.
	 * @param request the request
	 * @return the response
	 */
	protected final ScriptedResponse respond(RecordedRequest request) {
		ScriptedResponse queued = this.queue.poll();
		if (queued != null) {
			return queued;
		}
		for (Rule rule : this.rules) {
			if (rule.condition().test(request)) {
				return Objects.requireNonNull(rule.response().apply(request), "Rule returned no response");
			}
		}
		ScriptedResponse response = this.responder.apply(request);
		return (response != null) ? response : DEFAULT_RESPONDER.apply(request);
	}

	/**
	 * Return the model to report: the response's, the configured one, the requested one or
	 * the fallback, in this order.
	 * @param response the response
	 * @param request the request
	 * @param fallback the model when nothing names one
	 * @return the model
	 */
	protected final String responseModel(ScriptedResponse response, RecordedRequest request, String fallback) {
		if (response.model() != null) {
			return response.model();
		}
		if (this.responseModel != null) {
			return this.responseModel;
		}
		return (request.model() != null) ? request.model() : fallback;
	}

	/**
	 * Return a new number, unique within this server, for ids.
	 * @return the number
	 */
	protected final long nextId() {
		return this.ids.incrementAndGet();
	}

	/**
	 * Return the input tokens to report: the scripted ones, or an estimate from the request.
	 * @param response the response
	 * @param request the request
	 * @return the input tokens
	 */
	protected static int inputTokens(ScriptedResponse response, RecordedRequest request) {
		return (response.inputTokens() != null) ? response.inputTokens()
				: estimateTokens(request.details().promptCharacters());
	}

	/**
	 * Return the output tokens to report: the scripted ones, or an estimate from the answer.
	 * @param response the response
	 * @return the output tokens
	 */
	protected static int outputTokens(ScriptedResponse response) {
		if (response.outputTokens() != null) {
			return response.outputTokens();
		}
		int characters = (response.content() != null) ? response.content().length() : 0;
		for (ScriptedToolCall call : response.toolCalls()) {
			characters += call.name().length() + call.arguments().length();
		}
		return estimateTokens(characters);
	}

	private static int estimateTokens(int characters) {
		return Math.max(1, characters / 4);
	}

	/**
	 * Parse a JSON object string, such as scripted tool arguments.
	 * @param json the JSON text
	 * @return the node
	 */
	protected static JsonNode parseJson(String json) {
		return JSON.readTree(json);
	}

	/**
	 * Return the text of a JSON value: a string's value, another value's JSON.
	 * @param node the node
	 * @return the text, or {@code null} if missing or null
	 */
	protected static String text(JsonNode node) {
		if (node.isMissingNode() || node.isNull()) {
			return null;
		}
		return node.isString() ? node.stringValue() : node.toString();
	}

	/**
	 * Split assistant text into the pieces of a stream, words with their trailing space; a
	 * single word still arrives in two pieces, as real streams often do.
	 * @param content the text
	 * @return the pieces, empty for no text
	 */
	protected static List<String> splitContent(String content) {
		List<String> pieces = new ArrayList<>();
		if (content == null || content.isEmpty()) {
			return pieces;
		}
		Matcher matcher = CONTENT_PIECE.matcher(content);
		while (matcher.find()) {
			pieces.add(matcher.group());
		}
		if (pieces.size() == 1 && content.codePointCount(0, content.length()) > 1) {
			int middle = content.offsetByCodePoints(0, content.codePointCount(0, content.length()) / 2);
			pieces.set(0, content.substring(0, middle));
			pieces.add(content.substring(middle));
		}
		return pieces;
	}

	/**
	 * Send a JSON body.
	 * @param exchange the exchange
	 * @param status the HTTP status
	 * @param body the body
	 * @param headers extra response headers
	 * @throws IOException on a failure to write
	 */
	protected static void sendJson(HttpExchange exchange, int status, JsonNode body, Map<String, String> headers)
			throws IOException {
		byte[] bytes = JSON.writeValueAsBytes(body);
		headers.forEach(exchange.getResponseHeaders()::set);
		exchange.getResponseHeaders().set("Content-Type", "application/json");
		exchange.sendResponseHeaders(status, bytes.length);
		exchange.getResponseBody().write(bytes);
	}

	/**
	 * Start a streamed 200 response of unknown length.
	 * @param exchange the exchange
	 * @param contentType the content type, such as {@code text/event-stream}
	 * @param headers extra response headers
	 * @return the body to write chunks to
	 * @throws IOException on a failure to write
	 */
	protected static OutputStream startStream(HttpExchange exchange, String contentType, Map<String, String> headers)
			throws IOException {
		headers.forEach(exchange.getResponseHeaders()::set);
		exchange.getResponseHeaders().set("Content-Type", contentType);
		exchange.getResponseHeaders().set("Cache-Control", "no-cache");
		exchange.sendResponseHeaders(200, 0);
		return exchange.getResponseBody();
	}

	/**
	 * Write one piece of a stream and flush it to the client.
	 * @param out the body
	 * @param text the text to write
	 * @throws IOException on a failure to write
	 */
	protected static void write(OutputStream out, String text) throws IOException {
		out.write(text.getBytes(StandardCharsets.UTF_8));
		out.flush();
	}

	/**
	 * Wait, for delayed responses and chunks.
	 * @param duration how long
	 * @throws IOException if interrupted
	 */
	protected static void sleep(Duration duration) throws IOException {
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

	private void handle(HttpExchange exchange) throws IOException {
		serve(exchange, record(exchange));
		exchange.close();
	}

	private RecordedRequest record(HttpExchange exchange) throws IOException {
		String body;
		try (InputStream in = exchange.getRequestBody()) {
			body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
		exchange.getRequestHeaders()
			.forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), List.copyOf(values)));
		String path = exchange.getRequestURI().getPath();
		String query = exchange.getRequestURI().getRawQuery();
		JsonNode json = parse(body);
		RecordedRequest request = new RecordedRequest(exchange.getRequestMethod(), path, query,
				Collections.unmodifiableMap(headers), body, json, describe(path, query, json));
		this.requests.add(request);
		return request;
	}

	private static JsonNode parse(String body) {
		if (body.isBlank()) {
			return MissingNode.getInstance();
		}
		try {
			return JSON.readTree(body);
		}
		catch (JacksonException ex) {
			// kept as missing so that the server can answer 400 and the test can still look
			// at the raw body
			return MissingNode.getInstance();
		}
	}

	private static ScriptedResponse echo(RecordedRequest request) {
		if (!request.toolResults().isEmpty()) {
			return ScriptedResponse.text("Tool results: " + String.join("; ", request.toolResults()) + ".");
		}
		return ScriptedResponse.text(request.lastUserText().isEmpty() ? "Hello from the fake model."
				: "You said: " + request.lastUserText());
	}

	private record Rule(Predicate<RecordedRequest> condition, Function<RecordedRequest, ScriptedResponse> response) {

	}

}
