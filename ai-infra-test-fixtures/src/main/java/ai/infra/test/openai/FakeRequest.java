package ai.infra.test.openai;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.MissingNode;

/**
 * An HTTP request received by the {@link FakeOpenAiServer}, with the parts of an OpenAI
 * Chat Completions body that tests and responders usually look at.
 */
public final class FakeRequest {

	private final String method;

	private final String path;

	private final String query;

	private final Map<String, List<String>> headers;

	private final String body;

	private final JsonNode json;

	private final List<Message> messages;

	private final List<Tool> tools;

	private FakeRequest(String method, String path, String query, Map<String, List<String>> headers, String body,
			JsonNode json) {
		this.method = method;
		this.path = path;
		this.query = query;
		this.headers = headers;
		this.body = body;
		this.json = json;
		this.messages = parseMessages(json.path("messages"));
		this.tools = parseTools(json.path("tools"));
	}

	static FakeRequest of(String method, String path, String query, Map<String, List<String>> headers, String body,
			ObjectMapper mapper) {
		Map<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
		headers.forEach((name, values) -> copy.put(name.toLowerCase(Locale.ROOT), List.copyOf(values)));
		return new FakeRequest(method, path, query, Collections.unmodifiableMap(copy), body, parse(body, mapper));
	}

	private static JsonNode parse(String body, ObjectMapper mapper) {
		if (body == null || body.isBlank()) {
			return MissingNode.getInstance();
		}
		try {
			return mapper.readTree(body);
		}
		catch (JacksonException ex) {
			// kept as missing so that the server can answer 400 and the test can still look
			// at the raw body
			return MissingNode.getInstance();
		}
	}

	/**
	 * Return the HTTP method, such as {@code POST}.
	 * @return the method
	 */
	public String method() {
		return this.method;
	}

	/**
	 * Return the request path, such as {@code /v1/chat/completions}.
	 * @return the path
	 */
	public String path() {
		return this.path;
	}

	/**
	 * Return the raw query string.
	 * @return the query, or {@code null} if there is none
	 */
	public String query() {
		return this.query;
	}

	/**
	 * Return all request headers; lookups ignore case and names are lower case.
	 * @return the headers
	 */
	public Map<String, List<String>> headers() {
		return this.headers;
	}

	/**
	 * Return the first value of a request header, ignoring the case of its name.
	 * @param name the header name, such as {@code traceparent}
	 * @return the value, or {@code null} if the header was not sent
	 */
	public String header(String name) {
		List<String> values = this.headers.get(name);
		return (values != null && !values.isEmpty()) ? values.get(0) : null;
	}

	/**
	 * Return the raw request body.
	 * @return the body, empty if none was sent
	 */
	public String body() {
		return this.body;
	}

	/**
	 * Return the parsed JSON body.
	 * @return the body, a missing node if it was empty or not JSON
	 */
	public JsonNode json() {
		return this.json;
	}

	boolean hasJsonBody() {
		return this.json.isObject();
	}

	/**
	 * Return the requested model.
	 * @return the {@code model} of the body, or {@code null}
	 */
	public String model() {
		return text(this.json.path("model"));
	}

	/**
	 * Return the conversation sent with the request.
	 * @return the messages in order
	 */
	public List<Message> messages() {
		return this.messages;
	}

	/**
	 * Return the function tools offered to the model.
	 * @return the tools, empty if none were offered
	 */
	public List<Tool> tools() {
		return this.tools;
	}

	/**
	 * Return whether a streamed ({@code text/event-stream}) answer was asked for.
	 * @return whether {@code stream} is {@code true}
	 */
	public boolean stream() {
		JsonNode stream = this.json.path("stream");
		return stream.isBoolean() && stream.booleanValue();
	}

	/**
	 * Return whether a streamed answer should end with a usage chunk.
	 * @return whether {@code stream_options.include_usage} is {@code true}
	 */
	public boolean includeUsage() {
		JsonNode includeUsage = this.json.path("stream_options").path("include_usage");
		return includeUsage.isBoolean() && includeUsage.booleanValue();
	}

	/**
	 * Return the last message of the conversation.
	 * @return the message, or {@code null} if there is none
	 */
	public Message lastMessage() {
		return this.messages.isEmpty() ? null : this.messages.get(this.messages.size() - 1);
	}

	/**
	 * Return the last message with role {@code user}.
	 * @return the message, or {@code null} if there is none
	 */
	public Message lastUserMessage() {
		for (int i = this.messages.size() - 1; i >= 0; i--) {
			if ("user".equals(this.messages.get(i).role())) {
				return this.messages.get(i);
			}
		}
		return null;
	}

	private static List<Message> parseMessages(JsonNode messages) {
		if (!messages.isArray()) {
			return List.of();
		}
		List<Message> result = new ArrayList<>();
		for (JsonNode message : messages.values()) {
			List<FakeToolCall> toolCalls = new ArrayList<>();
			for (JsonNode toolCall : message.path("tool_calls").values()) {
				JsonNode function = toolCall.path("function");
				String name = text(function.path("name"));
				if (name != null) {
					toolCalls.add(new FakeToolCall(text(toolCall.path("id")), name, text(function.path("arguments"))));
				}
			}
			result.add(new Message(text(message.path("role")), content(message.path("content")),
					text(message.path("name")), text(message.path("tool_call_id")), List.copyOf(toolCalls)));
		}
		return List.copyOf(result);
	}

	private static List<Tool> parseTools(JsonNode tools) {
		if (!tools.isArray()) {
			return List.of();
		}
		List<Tool> result = new ArrayList<>();
		for (JsonNode tool : tools.values()) {
			JsonNode function = tool.path("function");
			String name = text(function.path("name"));
			if (name != null) {
				result.add(new Tool(name, text(function.path("description")), function.path("parameters")));
			}
		}
		return List.copyOf(result);
	}

	// content is a string, or an array of parts of which only the text parts matter here
	private static String content(JsonNode content) {
		if (content.isArray()) {
			StringBuilder text = new StringBuilder();
			for (JsonNode part : content.values()) {
				String partText = text(part.path("text"));
				if (partText != null) {
					text.append(partText);
				}
			}
			return text.toString();
		}
		return text(content);
	}

	static String text(JsonNode node) {
		if (node.isMissingNode() || node.isNull()) {
			return null;
		}
		return node.isString() ? node.stringValue() : node.toString();
	}

	@Override
	public String toString() {
		return this.method + " " + this.path + " " + this.body;
	}

	/**
	 * A message of the conversation.
	 *
	 * @param role the role: {@code system}, {@code developer}, {@code user},
	 * {@code assistant} or {@code tool}
	 * @param content the text content (text parts joined), or {@code null}
	 * @param name the optional participant name, or {@code null}
	 * @param toolCallId the call a {@code tool} message answers, or {@code null}
	 * @param toolCalls the calls an {@code assistant} message asked for
	 */
	public record Message(String role, String content, String name, String toolCallId, List<FakeToolCall> toolCalls) {

		/**
		 * Return the content, or an empty string if there is none.
		 * @return the content text
		 */
		public String text() {
			return (this.content != null) ? this.content : "";
		}

	}

	/**
	 * A function tool offered to the model.
	 *
	 * @param name the function name
	 * @param description the description, or {@code null}
	 * @param parameters the JSON schema of the arguments, a missing node if none
	 */
	public record Tool(String name, String description, JsonNode parameters) {

	}

}
