package ai.infra.test.gemini;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ai.infra.test.model.FakeModelServer;
import ai.infra.test.model.RecordedRequest;
import ai.infra.test.model.ScriptedResponse;
import ai.infra.test.model.ScriptedToolCall;
import com.sun.net.httpserver.HttpExchange;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A Gemini API server on {@code 127.0.0.1}: {@code POST /v1beta/models/{model}:generateContent}
 * and {@code :streamGenerateContent?alt=sse} (any API version prefix), with function
 * calls and errors in Google's own body.
 * <p>
 * Usage is reported as Gemini does in {@code usageMetadata}: a response's input tokens are
 * {@code promptTokenCount}, which includes the {@link ScriptedResponse#withCacheReadTokens
 * cached} ones reported again as {@code cachedContentTokenCount}; its output tokens are
 * {@code candidatesTokenCount}, and {@link ScriptedResponse#withThinkingTokens thinking
 * tokens} are {@code thoughtsTokenCount}, apart from the candidates but counted in
 * {@code totalTokenCount}. Every chunk of a stream carries the prompt counts, the last one
 * the complete usage. The client's base URL is {@link #baseUrl()}.
 */
public final class FakeGeminiServer extends FakeModelServer<FakeGeminiServer> {

	/** The model reported when the script names none. */
	public static final String DEFAULT_MODEL = "gemini-2.5-flash";

	private static final Pattern MODEL_PATH = Pattern
		.compile("^(?:/[^/]+)?/models/([^/:]+):(generateContent|streamGenerateContent)$");

	private FakeGeminiServer(int port) {
		super("gemini", port);
	}

	/**
	 * Start a server on a free port.
	 * @return the running server
	 */
	public static FakeGeminiServer start() {
		return new FakeGeminiServer(0);
	}

	/**
	 * Start a server on the given port.
	 * @param port the port, or {@code 0} for a free one
	 * @return the running server
	 */
	public static FakeGeminiServer start(int port) {
		return new FakeGeminiServer(port);
	}

	@Override
	protected RecordedRequest.Details describe(String path, String query, JsonNode json) {
		Matcher matcher = MODEL_PATH.matcher(path);
		String model = matcher.matches() ? matcher.group(1) : null;
		boolean stream = matcher.matches() && matcher.group(2).equals("streamGenerateContent");
		String lastUserText = "";
		int characters = partsText(json.path("systemInstruction").path("parts")).length();
		List<String> toolResults = new ArrayList<>();
		for (JsonNode content : json.path("contents").values()) {
			toolResults.clear();
			String text = partsText(content.path("parts"));
			characters += text.length();
			for (JsonNode part : content.path("parts").values()) {
				JsonNode call = part.path("functionCall");
				if (call.isObject()) {
					characters += call.toString().length();
				}
				JsonNode result = part.path("functionResponse");
				if (result.isObject()) {
					characters += result.toString().length();
					toolResults.add(text(result.path("name")) + " returned " + text(result.path("response")));
				}
			}
			if (!"model".equals(text(content.path("role"))) && !text.isEmpty()) {
				lastUserText = text;
			}
		}
		List<String> toolNames = new ArrayList<>();
		for (JsonNode tool : json.path("tools").values()) {
			for (JsonNode declaration : tool.path("functionDeclarations").values()) {
				if (text(declaration.path("name")) != null) {
					toolNames.add(text(declaration.path("name")));
				}
			}
		}
		return new RecordedRequest.Details(model, stream, lastUserText, toolNames, toolResults, characters);
	}

	private static String partsText(JsonNode parts) {
		StringBuilder text = new StringBuilder();
		for (JsonNode part : parts.values()) {
			if (part.path("text").isString()) {
				text.append(part.path("text").stringValue());
			}
		}
		return text.toString();
	}

	@Override
	protected void serve(HttpExchange exchange, RecordedRequest request) throws IOException {
		if (!MODEL_PATH.matcher(request.path()).matches()) {
			sendError(exchange, 404, "Method not found: " + request.method() + " " + request.path(), Map.of());
		}
		else if (!"POST".equals(request.method())) {
			sendError(exchange, 405, "Method " + request.method() + " is not allowed.", Map.of());
		}
		else if (!request.json().isObject()) {
			sendError(exchange, 400, "Invalid JSON payload received.", Map.of());
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
			sendError(exchange, 500, "Fake responder failed: " + ex, Map.of());
			return;
		}
		sleep(response.delay());
		if (response.isError()) {
			sendError(exchange, response.status(), response.errorMessage(), response.headers());
			return;
		}
		Reply reply = new Reply(response, request);
		if (request.stream()) {
			OutputStream out = startStream(exchange, "text/event-stream", response.headers());
			List<ObjectNode> chunks = reply.chunks();
			for (int i = 0; i < chunks.size(); i++) {
				if (i > 0) {
					sleep(response.chunkDelay());
				}
				write(out, "data: " + JSON.writeValueAsString(chunks.get(i)) + "\r\n\r\n");
			}
		}
		else {
			sendJson(exchange, 200, reply.response(), response.headers());
		}
	}

	private void sendError(HttpExchange exchange, int status, String message, Map<String, String> headers)
			throws IOException {
		ObjectNode body = JSON.createObjectNode();
		ObjectNode error = body.putObject("error");
		error.put("code", status);
		error.put("message", message);
		error.put("status", errorStatus(status));
		sendJson(exchange, status, body, headers);
	}

	private static String errorStatus(int status) {
		return switch (status) {
			case 400 -> "INVALID_ARGUMENT";
			case 401 -> "UNAUTHENTICATED";
			case 403 -> "PERMISSION_DENIED";
			case 404 -> "NOT_FOUND";
			case 429 -> "RESOURCE_EXHAUSTED";
			case 503 -> "UNAVAILABLE";
			case 504 -> "DEADLINE_EXCEEDED";
			default -> (status >= 500) ? "INTERNAL" : "FAILED_PRECONDITION";
		};
	}

	/**
	 * One answer with everything resolved: id, model and usage.
	 */
	private final class Reply {

		private final ScriptedResponse response;

		private final String id;

		private final String model;

		private final int promptTokens;

		private final int candidatesTokens;

		Reply(ScriptedResponse response, RecordedRequest request) {
			this.response = response;
			this.id = "fake-response-" + nextId();
			this.model = responseModel(response, request, DEFAULT_MODEL);
			this.promptTokens = inputTokens(response, request);
			this.candidatesTokens = outputTokens(response);
		}

		ObjectNode response() {
			List<ObjectNode> parts = new ArrayList<>();
			if (this.response.content() != null) {
				parts.add(JSON.createObjectNode().put("text", this.response.content()));
			}
			parts.addAll(functionCalls());
			return chunk(parts, true);
		}

		List<ObjectNode> chunks() {
			List<ObjectNode> chunks = new ArrayList<>();
			List<String> pieces = splitContent(this.response.content());
			List<ObjectNode> calls = functionCalls();
			for (int i = 0; i < pieces.size(); i++) {
				boolean last = calls.isEmpty() && i == pieces.size() - 1;
				chunks.add(chunk(List.of(JSON.createObjectNode().put("text", pieces.get(i))), last));
			}
			if (!calls.isEmpty() || chunks.isEmpty()) {
				chunks.add(chunk(calls, true));
			}
			return chunks;
		}

		private List<ObjectNode> functionCalls() {
			List<ObjectNode> parts = new ArrayList<>();
			for (ScriptedToolCall call : this.response.toolCalls()) {
				ObjectNode functionCall = JSON.createObjectNode();
				if (call.id() != null) {
					functionCall.put("id", call.id());
				}
				functionCall.put("name", call.name());
				functionCall.set("args", parseJson(call.arguments()));
				ObjectNode part = JSON.createObjectNode();
				part.set("functionCall", functionCall);
				parts.add(part);
			}
			return parts;
		}

		private ObjectNode chunk(List<ObjectNode> parts, boolean last) {
			ObjectNode chunk = JSON.createObjectNode();
			ObjectNode candidate = chunk.putArray("candidates").addObject();
			ObjectNode content = candidate.putObject("content");
			ArrayNode contentParts = content.putArray("parts");
			parts.forEach(contentParts::add);
			content.put("role", "model");
			if (last) {
				candidate.put("finishReason",
						(this.response.finishReason() != null) ? this.response.finishReason() : "STOP");
			}
			candidate.put("index", 0);
			chunk.set("usageMetadata", usageMetadata(last));
			chunk.put("modelVersion", this.model);
			chunk.put("responseId", this.id);
			return chunk;
		}

		private ObjectNode usageMetadata(boolean complete) {
			ObjectNode usage = JSON.createObjectNode();
			usage.put("promptTokenCount", this.promptTokens);
			if (this.response.cacheReadTokens() > 0) {
				usage.put("cachedContentTokenCount", this.response.cacheReadTokens());
			}
			int total = this.promptTokens;
			if (complete) {
				usage.put("candidatesTokenCount", this.candidatesTokens);
				total += this.candidatesTokens;
				if (this.response.thinkingTokens() > 0) {
					usage.put("thoughtsTokenCount", this.response.thinkingTokens());
					total += this.response.thinkingTokens();
				}
			}
			usage.put("totalTokenCount", total);
			usage.putArray("promptTokensDetails").addObject().put("modality", "TEXT").put("tokenCount",
					this.promptTokens);
			if (this.response.cacheReadTokens() > 0) {
				usage.putArray("cacheTokensDetails").addObject().put("modality", "TEXT").put("tokenCount",
						this.response.cacheReadTokens());
			}
			return usage;
		}

	}

}
