package ai.infra.test.model;

import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;

/**
 * A request received by a provider fake model server: the raw HTTP parts plus what the
 * server read from them in its provider's protocol.
 */
public final class RecordedRequest {

	private final String method;

	private final String path;

	private final String query;

	private final Map<String, List<String>> headers;

	private final String body;

	private final JsonNode json;

	private final Details details;

	RecordedRequest(String method, String path, String query, Map<String, List<String>> headers, String body,
			JsonNode json, Details details) {
		this.method = method;
		this.path = path;
		this.query = query;
		this.headers = headers;
		this.body = body;
		this.json = json;
		this.details = details;
	}

	/**
	 * Return the HTTP method, such as {@code POST}.
	 * @return the method
	 */
	public String method() {
		return this.method;
	}

	/**
	 * Return the request path, such as {@code /v1/messages}.
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
	 * @param name the header name, such as {@code x-api-key}
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

	/**
	 * Return the requested model.
	 * @return the model, or {@code null} if the request names none
	 */
	public String model() {
		return this.details.model();
	}

	/**
	 * Return whether a streamed answer was asked for.
	 * @return whether the request streams
	 */
	public boolean stream() {
		return this.details.stream();
	}

	/**
	 * Return the text of the last user message.
	 * @return the text, empty if there is none
	 */
	public String lastUserText() {
		return this.details.lastUserText();
	}

	/**
	 * Return the names of the function tools offered to the model.
	 * @return the names in order, empty if none were offered
	 */
	public List<String> toolNames() {
		return this.details.toolNames();
	}

	/**
	 * Return the tool results the request ends with, each as its tool's name (where the
	 * protocol says it) and its result text.
	 * @return the results in order, empty unless the request answers tool calls
	 */
	public List<String> toolResults() {
		return this.details.toolResults();
	}

	Details details() {
		return this.details;
	}

	@Override
	public String toString() {
		return this.method + " " + this.path + " " + this.body;
	}

	/**
	 * What a server read from a request in its provider's protocol.
	 *
	 * @param model the requested model, or {@code null}
	 * @param stream whether a streamed answer was asked for
	 * @param lastUserText the text of the last user message, empty if none
	 * @param toolNames the names of the offered tools
	 * @param toolResults the tool results the request ends with
	 * @param promptCharacters the characters of all messages, to estimate input tokens
	 */
	public record Details(String model, boolean stream, String lastUserText, List<String> toolNames,
			List<String> toolResults, int promptCharacters) {

		public Details {
			lastUserText = (lastUserText != null) ? lastUserText : "";
			toolNames = List.copyOf(toolNames);
			toolResults = List.copyOf(toolResults);
		}

	}

}
