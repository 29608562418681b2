package ai.infra.test.ollama;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import ai.infra.test.model.FakeModelServer;
import ai.infra.test.model.RecordedRequest;
import ai.infra.test.model.ScriptedResponse;
import ai.infra.test.model.ScriptedToolCall;
import com.sun.net.httpserver.HttpExchange;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * An Ollama server on {@code 127.0.0.1}: {@code POST /api/chat}, plain or streamed as
 * newline-delimited JSON, with tool calls; {@code POST /api/embed} for embeddings; errors
 * as Ollama's {@code {"error": "..."}} body.
 * <p>
 * Usage is reported as Ollama does: a response's input tokens are
 * {@code prompt_eval_count}, its output tokens {@code eval_count}, both on the final
 * ({@code "done": true}) object of a stream. An embed request takes its response from
 * the same queue, rules and responder as a chat request; only its status, error message,
 * delay, model and input tokens count, and every input gets a deterministic vector of
 * {@link #embeddingDimensions(int) the configured dimensions}. The client's base URL is
 * {@link #baseUrl()}.
 */
public final class FakeOllamaServer extends FakeModelServer<FakeOllamaServer> {

	/** The model reported when neither the request nor the script names one. */
	public static final String DEFAULT_MODEL = "llama3.2";

	private volatile int embeddingDimensions = 8;

	private FakeOllamaServer(int port) {
		super("ollama", port);
	}

	/**
	 * Start a server on a free port.
	 * @return the running server
	 */
	public static FakeOllamaServer start() {
		return new FakeOllamaServer(0);
	}

	/**
	 * Start a server on the given port.
	 * @param port the port, or {@code 0} for a free one
	 * @return the running server
	 */
	public static FakeOllamaServer start(int port) {
		return new FakeOllamaServer(port);
	}

	/**
	 * Set the length of the vectors that embed requests get.
	 * @param dimensions the dimensions, 8 by default
	 * @return this server
	 */
	public FakeOllamaServer embeddingDimensions(int dimensions) {
		if (dimensions < 1) {
			throw new IllegalArgumentException("'dimensions' must be positive");
		}
		this.embeddingDimensions = dimensions;
		return this;
	}

	@Override
	public void reset() {
		super.reset();
		this.embeddingDimensions = 8;
	}

	@Override
	protected RecordedRequest.Details describe(String path, String query, JsonNode json) {
		String lastUserText = "";
		int characters = 0;
		List<String> toolResults = new ArrayList<>();
		for (JsonNode message : json.path("messages").values()) {
			String role = text(message.path("role"));
			String content = message.path("content").isString() ? message.path("content").stringValue() : "";
			characters += content.length();
			for (JsonNode call : message.path("tool_calls").values()) {
				characters += call.path("function").toString().length();
			}
			if ("tool".equals(role)) {
				String name = text(message.path("tool_name"));
				toolResults.add(((name != null) ? name : "tool") + " returned " + content);
			}
			else {
				toolResults.clear();
			}
			if ("user".equals(role) && !content.isEmpty()) {
				lastUserText = content;
			}
		}
		List<String> inputs = inputs(json.path("input"));
		if (path.equals("/api/embed")) {
			for (String input : inputs) {
				characters += input.length();
			}
			lastUserText = String.join("\n", inputs);
		}
		List<String> toolNames = new ArrayList<>();
		for (JsonNode tool : json.path("tools").values()) {
			String name = text(tool.path("function").path("name"));
			if (name != null) {
				toolNames.add(name);
			}
		}
		// Ollama streams unless told not to
		JsonNode stream = json.path("stream");
		boolean streamed = path.equals("/api/chat") && !(stream.isBoolean() && !stream.booleanValue());
		return new RecordedRequest.Details(text(json.path("model")), streamed, lastUserText, toolNames, toolResults,
				characters);
	}

	private static List<String> inputs(JsonNode input) {
		if (input.isString()) {
			return List.of(input.stringValue());
		}
		List<String> inputs = new ArrayList<>();
		for (JsonNode item : input.values()) {
			if (item.isString()) {
				inputs.add(item.stringValue());
			}
		}
		return inputs;
	}

	@Override
	protected void serve(HttpExchange exchange, RecordedRequest request) throws IOException {
		String path = request.path();
		boolean post = "POST".equals(request.method());
		if (path.equals("/api/version") || path.equals("/")) {
			sendJson(exchange, 200, JSON.createObjectNode().put("version", "0.12.0"), Map.of());
		}
		else if (path.equals("/api/tags")) {
			ObjectNode tags = JSON.createObjectNode();
			tags.putArray("models").addObject().put("name", DEFAULT_MODEL + ":latest").put("model",
					DEFAULT_MODEL + ":latest");
			sendJson(exchange, 200, tags, Map.of());
		}
		else if (!path.equals("/api/chat") && !path.equals("/api/embed")) {
			sendError(exchange, 404, "404 page not found", Map.of());
		}
		else if (!post) {
			sendError(exchange, 405, "method not allowed", Map.of());
		}
		else if (!request.json().isObject()) {
			sendError(exchange, 400, "invalid character in request body", Map.of());
		}
		else {
			answer(exchange, request, path.equals("/api/embed"));
		}
	}

	private void answer(HttpExchange exchange, RecordedRequest request, boolean embed) throws IOException {
		ScriptedResponse response;
		try {
			response = respond(request);
		}
		catch (RuntimeException ex) {
			sendError(exchange, 500, "fake responder failed: " + ex, Map.of());
			return;
		}
		sleep(response.delay());
		if (response.isError()) {
			sendError(exchange, response.status(), response.errorMessage(), response.headers());
			return;
		}
		String model = responseModel(response, request, DEFAULT_MODEL);
		if (embed) {
			sendJson(exchange, 200, embeddings(request, model, inputTokens(response, request)), response.headers());
			return;
		}
		Reply reply = new Reply(response, request, model);
		if (request.stream()) {
			OutputStream out = startStream(exchange, "application/x-ndjson", response.headers());
			List<ObjectNode> chunks = reply.chunks();
			for (int i = 0; i < chunks.size(); i++) {
				if (i > 0) {
					sleep(response.chunkDelay());
				}
				write(out, JSON.writeValueAsString(chunks.get(i)) + "\n");
			}
		}
		else {
			sendJson(exchange, 200, reply.response(), response.headers());
		}
	}

	private ObjectNode embeddings(RecordedRequest request, String model, int promptTokens) {
		ObjectNode body = JSON.createObjectNode();
		body.put("model", model);
		ArrayNode embeddings = body.putArray("embeddings");
		for (String input : inputs(request.json().path("input"))) {
			ArrayNode vector = embeddings.addArray();
			int seed = input.hashCode();
			for (int i = 0; i < this.embeddingDimensions; i++) {
				seed = seed * 31 + i;
				vector.add((seed % 1000) / 1000.0f);
			}
		}
		body.put("total_duration", 14_000_000L);
		body.put("load_duration", 1_000_000L);
		body.put("prompt_eval_count", promptTokens);
		return body;
	}

	private void sendError(HttpExchange exchange, int status, String message, Map<String, String> headers)
			throws IOException {
		sendJson(exchange, status, JSON.createObjectNode().put("error", message), headers);
	}

	/**
	 * One answer with everything resolved: model, tool call ids and usage.
	 */
	private final class Reply {

		private final ScriptedResponse response;

		private final String model;

		private final String createdAt = Instant.now().toString();

		private final List<ScriptedToolCall> toolCalls;

		private final int promptTokens;

		private final int evalTokens;

		Reply(ScriptedResponse response, RecordedRequest request, String model) {
			this.response = response;
			this.model = model;
			this.toolCalls = response.toolCalls()
				.stream()
				.map((call) -> (call.id() != null) ? call
						: ScriptedToolCall.of(String.format("call_fake%08d", nextId()), call.name(), call.arguments()))
				.toList();
			this.promptTokens = inputTokens(response, request);
			this.evalTokens = outputTokens(response);
		}

		ObjectNode response() {
			ObjectNode response = header();
			ObjectNode message = message(response, (this.response.content() != null) ? this.response.content() : "");
			addToolCalls(message);
			finish(response);
			return response;
		}

		List<ObjectNode> chunks() {
			List<ObjectNode> chunks = new ArrayList<>();
			for (String piece : splitContent(this.response.content())) {
				ObjectNode chunk = header();
				message(chunk, piece);
				chunk.put("done", false);
				chunks.add(chunk);
			}
			if (!this.toolCalls.isEmpty()) {
				ObjectNode chunk = header();
				addToolCalls(message(chunk, ""));
				chunk.put("done", false);
				chunks.add(chunk);
			}
			ObjectNode last = header();
			message(last, "");
			finish(last);
			chunks.add(last);
			return chunks;
		}

		private ObjectNode header() {
			ObjectNode node = JSON.createObjectNode();
			node.put("model", this.model);
			node.put("created_at", this.createdAt);
			return node;
		}

		private static ObjectNode message(ObjectNode node, String content) {
			ObjectNode message = node.putObject("message");
			message.put("role", "assistant");
			message.put("content", content);
			return message;
		}

		private void addToolCalls(ObjectNode message) {
			if (this.toolCalls.isEmpty()) {
				return;
			}
			ArrayNode calls = message.putArray("tool_calls");
			for (int i = 0; i < this.toolCalls.size(); i++) {
				ScriptedToolCall call = this.toolCalls.get(i);
				ObjectNode toolCall = calls.addObject();
				toolCall.put("id", call.id());
				ObjectNode function = toolCall.putObject("function");
				function.put("index", i);
				function.put("name", call.name());
				function.set("arguments", parseJson(call.arguments()));
			}
		}

		private void finish(ObjectNode node) {
			node.put("done_reason", (this.response.finishReason() != null) ? this.response.finishReason() : "stop");
			node.put("done", true);
			node.put("total_duration", 120_000_000L);
			node.put("load_duration", 10_000_000L);
			node.put("prompt_eval_count", this.promptTokens);
			node.put("prompt_eval_duration", 20_000_000L);
			node.put("eval_count", this.evalTokens);
			node.put("eval_duration", 90_000_000L);
		}

	}

}
