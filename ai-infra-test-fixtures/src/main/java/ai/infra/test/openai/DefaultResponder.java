package ai.infra.test.openai;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Deterministic answers derived from the request alone, so that many concurrent
 * conversations each get a reply that follows from their own messages.
 * <ol>
 * <li>If the last message is a tool result, answer with text quoting every tool result
 * that follows the last assistant message: {@code "Tool results: getWeather returned
 * {...}."}.</li>
 * <li>Otherwise, if tools are offered, no tool result follows the last user message and
 * that message mentions a tool (its name, or a word of its name other than verbs such as
 * get or find, e.g. "weather" for {@code getWeather}), ask for every such tool with
 * arguments built from the user text.</li>
 * <li>Otherwise echo the last user message: {@code "You said: ..."}.</li>
 * </ol>
 * Arguments follow the tool's JSON schema: an enum takes its first value, a number the
 * first number in the text, a boolean {@code true} and a string the words after the last
 * "in", "for", "at", "of" or "about" (up to punctuation), else the whole user text.
 */
public final class DefaultResponder implements Function<FakeRequest, FakeResponse> {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Set<String> IGNORED_NAME_WORDS = Set.of("get", "set", "fetch", "find", "list", "lookup",
			"look", "query", "search", "retrieve", "current", "tool", "function", "call", "the", "and", "for", "with",
			"by", "from", "info", "data");

	private static final Pattern NAME_WORD = Pattern.compile("[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\\d+");

	private static final Pattern SUBJECT = Pattern.compile("(?i)\\b(?:in|for|at|of|about)\\s+([^?.!,;]+)");

	private static final Pattern NUMBER = Pattern.compile("-?\\d+(?:\\.\\d+)?");

	@Override
	public FakeResponse apply(FakeRequest request) {
		FakeRequest.Message last = request.lastMessage();
		if (last != null && "tool".equals(last.role())) {
			return FakeResponse.text(summarizeToolResults(request.messages()));
		}
		FakeRequest.Message user = request.lastUserMessage();
		String userText = (user != null) ? user.text() : "";
		if (!request.tools().isEmpty() && user != null && !hasToolResultAfter(request.messages(), user)) {
			List<FakeToolCall> calls = new ArrayList<>();
			for (FakeRequest.Tool tool : request.tools()) {
				if (mentions(userText, tool.name())) {
					calls.add(FakeToolCall.of(tool.name(), arguments(tool.parameters(), userText)));
				}
			}
			if (!calls.isEmpty()) {
				return FakeResponse.toolCalls(calls);
			}
		}
		return FakeResponse.text((user != null) ? "You said: " + userText : "Hello from the fake model.");
	}

	private static boolean hasToolResultAfter(List<FakeRequest.Message> messages, FakeRequest.Message user) {
		for (int i = messages.lastIndexOf(user) + 1; i < messages.size(); i++) {
			if ("tool".equals(messages.get(i).role())) {
				return true;
			}
		}
		return false;
	}

	private static String summarizeToolResults(List<FakeRequest.Message> messages) {
		int start = messages.size();
		while (start > 0 && "tool".equals(messages.get(start - 1).role())) {
			start--;
		}
		Map<String, String> namesById = new HashMap<>();
		if (start > 0) {
			for (FakeToolCall call : messages.get(start - 1).toolCalls()) {
				if (call.id() != null) {
					namesById.put(call.id(), call.name());
				}
			}
		}
		List<String> results = new ArrayList<>();
		for (FakeRequest.Message result : messages.subList(start, messages.size())) {
			String name = (result.toolCallId() != null) ? namesById.get(result.toolCallId()) : null;
			if (name == null) {
				name = (result.name() != null) ? result.name() : "tool";
			}
			results.add(name + " returned " + result.text());
		}
		return "Tool results: " + String.join("; ", results) + ".";
	}

	static boolean mentions(String text, String toolName) {
		String lowerText = text.toLowerCase(Locale.ROOT);
		if (lowerText.contains(toolName.toLowerCase(Locale.ROOT))) {
			return true;
		}
		for (String keyword : keywords(toolName)) {
			if (Pattern.compile("\\b" + Pattern.quote(keyword)).matcher(lowerText).find()) {
				return true;
			}
		}
		return false;
	}

	private static Set<String> keywords(String toolName) {
		Set<String> keywords = new LinkedHashSet<>();
		Matcher words = NAME_WORD.matcher(toolName);
		while (words.find()) {
			String word = words.group().toLowerCase(Locale.ROOT);
			if (word.length() > 2 && !IGNORED_NAME_WORDS.contains(word)) {
				keywords.add(word);
			}
		}
		return keywords;
	}

	static String arguments(JsonNode schema, String userText) {
		ObjectNode arguments = JSON.createObjectNode();
		JsonNode properties = schema.path("properties");
		for (String name : properties.propertyNames()) {
			JsonNode property = properties.path(name);
			JsonNode enumValues = property.path("enum");
			String type = FakeRequest.text(property.path("type"));
			if (enumValues.isArray() && !enumValues.isEmpty()) {
				arguments.set(name, enumValues.get(0));
			}
			else if ("integer".equals(type) || "number".equals(type)) {
				Matcher number = NUMBER.matcher(userText);
				String value = number.find() ? number.group() : "1";
				if ("integer".equals(type)) {
					arguments.put(name, (long) Double.parseDouble(value));
				}
				else {
					arguments.put(name, Double.parseDouble(value));
				}
			}
			else if ("boolean".equals(type)) {
				arguments.put(name, true);
			}
			else if ("array".equals(type)) {
				arguments.putArray(name);
			}
			else if ("object".equals(type)) {
				arguments.putObject(name);
			}
			else {
				arguments.put(name, subject(userText));
			}
		}
		return JSON.writeValueAsString(arguments);
	}

	private static String subject(String userText) {
		Matcher subject = SUBJECT.matcher(userText);
		String found = null;
		while (subject.find()) {
			found = subject.group(1).trim();
		}
		return (found != null && !found.isEmpty()) ? found : userText.trim();
	}

}
