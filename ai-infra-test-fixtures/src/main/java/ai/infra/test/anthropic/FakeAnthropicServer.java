package ai.infra.test.anthropic;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HashMap;
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
 * An Anthropic Messages API server on {@code 127.0.0.1}: {@code POST /v1/messages}, plain
 * or streamed as server-sent events ({@code message_start}, {@code content_block_start},
 * {@code content_block_delta}, {@code content_block_stop}, {@code message_delta},
 * {@code message_stop}), with {@code tool_use} blocks and errors in Anthropic's own body.
 * <p>
 * Usage is reported as Anthropic does: a response's input tokens are
 * {@code input_tokens}, the fresh input only, while {@link ScriptedResponse#withCacheReadTokens
 * cache reads} are {@code cache_read_input_tokens} and {@link ScriptedResponse#withCacheWriteTokens
 * cache writes} {@code cache_creation_input_tokens}; output tokens are
 * {@code output_tokens}, thinking included. A stream reports the input side in
 * {@code message_start} and the cumulative counts again in {@code message_delta}. The
 * client's base URL is {@link #baseUrl()}: the Anthropic client appends {@code v1/messages}.
 */
public final class FakeAnthropicServer extends FakeModelServer<FakeAnthropicServer> {

	/** The model reported when neither the request nor the script names one. */
	public static final String DEFAULT_MODEL = "claude-sonnet-4-20250514";

	private FakeAnthropicServer(int port) {
		super("anthropic", port);
	}

	/**
	 * Start a server on a free port.
	 * @return the running server
	 */
	public static FakeAnthropicServer start() {
		return new FakeAnthropicServer(0);
	}

	/**
	 * Start a server on the given port.
	 * @param port the port, or {@code 0} for a free one
	 * @return the running server
	 */
	public static FakeAnthropicServer start(int port) {
		return new FakeAnthropicServer(port);
	}

	@Override
	protected RecordedRequest.Details describe(String path, String query, JsonNode json) {
		JsonNode messages = json.path("messages");
		String lastUserText = "";
		int characters = blocksText(json.path("system")).length();
		Map<String, String> toolNamesById = new HashMap<>();
		List<String> toolResults = new ArrayList<>();
		for (JsonNode message : messages.values()) {
			characters += blocksText(message.path("content")).length();
			boolean user = "user".equals(text(message.path("role")));
			toolResults.clear();
			for (JsonNode block : blocks(message.path("content"))) {
				String type = text(block.path("type"));
				if ("tool_use".equals(type)) {
					toolNamesById.put(text(block.path("id")), text(block.path("name")));
					characters += block.path("input").toString().length();
				}
				else if ("tool_result".equals(type)) {
					String result = blocksText(block.path("content"));
					characters += result.length();
					toolResults.add(toolNamesById.getOrDefault(text(block.path("tool_use_id")), "tool") + " returned "
							+ result);
				}
			}
			String text = blocksText(message.path("content"));
			if (user && !text.isEmpty()) {
				lastUserText = text;
			}
		}
		List<String> toolNames = new ArrayList<>();
		for (JsonNode tool : json.path("tools").values()) {
			if (text(tool.path("name")) != null) {
				toolNames.add(text(tool.path("name")));
			}
		}
		JsonNode stream = json.path("stream");
		return new RecordedRequest.Details(text(json.path("model")), stream.isBoolean() && stream.booleanValue(),
				lastUserText, toolNames, toolResults, characters);
	}

	// content is a string or a list of blocks
	private static List<JsonNode> blocks(JsonNode content) {
		return content.isArray() ? List.copyOf(content.values()) : List.of();
	}

	private static String blocksText(JsonNode content) {
		if (content.isString()) {
			return content.stringValue();
		}
		StringBuilder text = new StringBuilder();
		for (JsonNode block : blocks(content)) {
			if ("text".equals(text(block.path("type"))) && block.path("text").isString()) {
				text.append(block.path("text").stringValue());
			}
		}
		return text.toString();
	}

	@Override
	protected void serve(HttpExchange exchange, RecordedRequest request) throws IOException {
		String path = request.path().endsWith("/") ? request.path().substring(0, request.path().length() - 1)
				: request.path();
		if (!path.equals("/v1/messages") && !path.equals("/messages")) {
			sendError(exchange, 404, "not_found_error", "Not found: " + request.method() + " " + request.path(),
					Map.of());
		}
		else if (!"POST".equals(request.method())) {
			sendError(exchange, 405, "invalid_request_error", "Method " + request.method() + " is not allowed.",
					Map.of());
		}
		else if (!request.json().isObject()) {
			sendError(exchange, 400, "invalid_request_error", "The request body is not valid JSON.", Map.of());
		}
		else {
			answer(exchange, request);
		}
	}

	private void answer(HttpExchange exchange, RecordedRequest request) throws IOException {
		ScriptedResponse response;
		try {
			response = respond(request);
		}
		catch (RuntimeException ex) {
			sendError(exchange, 500, "api_error", "Fake responder failed: " + ex, Map.of());
			return;
		}
		sleep(response.delay());
		Map<String, String> headers = new HashMap<>(response.headers());
		headers.put("request-id", "req_fake" + nextId());
		if (response.isError()) {
			if (response.status() == 429) {
				headers.putIfAbsent("retry-after", "1");
			}
			sendError(exchange, response.status(), errorType(response.status()), response.errorMessage(), headers);
			return;
		}
		Reply reply = new Reply(response, request);
		if (request.stream()) {
			OutputStream out = startStream(exchange, "text/event-stream; charset=utf-8", headers);
			List<ObjectNode> events = reply.events();
			for (int i = 0; i < events.size(); i++) {
				if (i > 0) {
					sleep(response.chunkDelay());
				}
				ObjectNode event = events.get(i);
				write(out, "event: " + event.path("type").stringValue() + "\ndata: " + JSON.writeValueAsString(event)
						+ "\n\n");
			}
		}
		else {
			sendJson(exchange, 200, reply.message(), headers);
		}
	}

	private void sendError(HttpExchange exchange, int status, String type, String message,
			Map<String, String> headers) throws IOException {
		ObjectNode body = JSON.createObjectNode();
		body.put("type", "error");
		ObjectNode error = body.putObject("error");
		error.put("type", type);
		error.put("message", message);
		body.put("request_id", headers.getOrDefault("request-id", "req_fake" + nextId()));
		sendJson(exchange, status, body, headers);
	}

	private static String errorType(int status) {
		return switch (status) {
			case 400 -> "invalid_request_error";
			case 401 -> "authentication_error";
			case 403 -> "permission_error";
			case 404 -> "not_found_error";
			case 413 -> "request_too_large";
			case 429 -> "rate_limit_error";
			case 529 -> "overloaded_error";
			default -> (status >= 500) ? "api_error" : "invalid_request_error";
		};
	}

	/**
	 * One answer with everything resolved: ids, model, tool call ids and usage.
	 */
	private final class Reply {

		private final ScriptedResponse response;

		private final String id;

		private final String model;

		private final List<ScriptedToolCall> toolCalls;

		private final int inputTokens;

		private final int outputTokens;

		Reply(ScriptedResponse response, RecordedRequest request) {
			this.response = response;
			this.id = "msg_fake" + nextId();
			this.model = responseModel(response, request, DEFAULT_MODEL);
			this.toolCalls = response.toolCalls()
				.stream()
				.map((call) -> (call.id() != null) ? call
						: ScriptedToolCall.of(String.format("toolu_fake%012d", nextId()), call.name(),
								call.arguments()))
				.toList();
			this.inputTokens = inputTokens(response, request);
			this.outputTokens = outputTokens(response);
		}

		ObjectNode message() {
			ObjectNode message = messageHeader();
			ArrayNode content = message.putArray("content");
			if (this.response.content() != null) {
				content.addObject().put("type", "text").put("text", this.response.content()).putNull("citations");
			}
			for (ScriptedToolCall call : this.toolCalls) {
				content.add(toolUse(call, parseJson(call.arguments())));
			}
			message.put("stop_reason", stopReason());
			message.putNull("stop_sequence");
			message.set("usage", usage(this.outputTokens));
			return message;
		}

		List<ObjectNode> events() {
			List<ObjectNode> events = new ArrayList<>();
			ObjectNode start = event(events, "message_start");
			ObjectNode message = messageHeader();
			message.putArray("content");
			message.putNull("stop_reason");
			message.putNull("stop_sequence");
			// the real service counts the first output token at the start already
			message.set("usage", usage(Math.min(1, this.outputTokens)));
			start.set("message", message);
			int index = 0;
			if (this.response.content() != null) {
				event(events, "content_block_start").put("index", index)
					.putObject("content_block")
					.put("type", "text")
					.put("text", "")
					.putNull("citations");
				event(events, "ping");
				for (String piece : splitContent(this.response.content())) {
					event(events, "content_block_delta").put("index", index)
						.putObject("delta")
						.put("type", "text_delta")
						.put("text", piece);
				}
				event(events, "content_block_stop").put("index", index);
				index++;
			}
			for (ScriptedToolCall call : this.toolCalls) {
				event(events, "content_block_start").put("index", index)
					.set("content_block", toolUse(call, JSON.createObjectNode()));
				for (String piece : jsonPieces(call.arguments())) {
					event(events, "content_block_delta").put("index", index)
						.putObject("delta")
						.put("type", "input_json_delta")
						.put("partial_json", piece);
				}
				event(events, "content_block_stop").put("index", index);
				index++;
			}
			ObjectNode delta = event(events, "message_delta");
			delta.putObject("delta").put("stop_reason", stopReason()).putNull("stop_sequence");
			ObjectNode usage = delta.putObject("usage");
			usage.put("input_tokens", this.inputTokens);
			usage.put("cache_creation_input_tokens", this.response.cacheWriteTokens());
			usage.put("cache_read_input_tokens", this.response.cacheReadTokens());
			usage.put("output_tokens", this.outputTokens);
			usage.putNull("server_tool_use");
			event(events, "message_stop");
			return events;
		}

		private static List<String> jsonPieces(String arguments) {
			// the real service starts with an empty piece, then sends the JSON in parts
			List<String> pieces = new ArrayList<>();
			pieces.add("");
			int middle = arguments.length() / 2;
			pieces.add(arguments.substring(0, middle));
			pieces.add(arguments.substring(middle));
			return pieces;
		}

		private static ObjectNode event(List<ObjectNode> events, String type) {
			ObjectNode event = JSON.createObjectNode();
			event.put("type", type);
			events.add(event);
			return event;
		}

		private ObjectNode messageHeader() {
			ObjectNode message = JSON.createObjectNode();
			message.put("id", this.id);
			message.put("type", "message");
			message.put("role", "assistant");
			message.put("model", this.model);
			return message;
		}

		private static ObjectNode toolUse(ScriptedToolCall call, JsonNode input) {
			ObjectNode block = JSON.createObjectNode();
			block.put("type", "tool_use");
			block.put("id", call.id());
			block.put("name", call.name());
			block.set("input", input);
			return block;
		}

		private String stopReason() {
			if (this.response.finishReason() != null) {
				return this.response.finishReason();
			}
			return this.toolCalls.isEmpty() ? "end_turn" : "tool_use";
		}

		private ObjectNode usage(int outputTokens) {
			ObjectNode usage = JSON.createObjectNode();
			usage.put("input_tokens", this.inputTokens);
			usage.put("cache_creation_input_tokens", this.response.cacheWriteTokens());
			usage.put("cache_read_input_tokens", this.response.cacheReadTokens());
			ObjectNode cacheCreation = usage.putObject("cache_creation");
			cacheCreation.put("ephemeral_5m_input_tokens", this.response.cacheWriteTokens());
			cacheCreation.put("ephemeral_1h_input_tokens", 0);
			usage.put("output_tokens", outputTokens);
			usage.putNull("server_tool_use");
			usage.put("service_tier", "standard");
			return usage;
		}

	}

}
