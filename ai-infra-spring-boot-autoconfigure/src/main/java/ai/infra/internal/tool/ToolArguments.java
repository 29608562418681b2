package ai.infra.internal.tool;

import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.TokenStreamFactory;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Prepares tool arguments for the {@code tool.args} attribute: values under names that
 * look secret are replaced, and the JSON is cut to a maximum length.
 */
public final class ToolArguments {

	/**
	 * What a redacted value becomes.
	 */
	public static final String REDACTED = "[REDACTED]";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	// Copying tokens needs no data binding: the mapper's parsers and generators would each
	// bring a deserialization or serialization context along.
	private static final TokenStreamFactory TOKENS = JSON.tokenStreamFactory();

	// Compiled once: every argument name of every traced call is split into words.
	private static final Pattern WORD_BOUNDARY = Pattern.compile("([a-z0-9])([A-Z])");

	private static final Pattern SEPARATORS = Pattern.compile("[^A-Za-z0-9]+");

	// Argument names come from tool schemas, but a model may send any: the cache is
	// bounded, and emptied rather than grown when full.
	private static final int SECRET_DECISIONS_LIMIT = 1024;

	private final List<List<String>> secretNames;

	private final Map<String, Boolean> secretDecisions = new ConcurrentHashMap<>();

	private final int maxLength;

	/**
	 * Create a sanitizer.
	 * @param secretNames argument names whose values are redacted, matched as whole words
	 * ignoring case and separators, so {@code api-key} matches {@code apiKey},
	 * {@code x_api_key} and {@code API Key}
	 * @param maxLength the maximum length of the resulting JSON
	 */
	public ToolArguments(List<String> secretNames, int maxLength) {
		this.secretNames = secretNames.stream().map(ToolArguments::words).toList();
		this.maxLength = maxLength;
	}

	/**
	 * Sanitize arguments given as JSON, as the model sends them.
	 * @param json the arguments
	 * @return the sanitized JSON; empty when there are no arguments, and
	 * {@value #REDACTED} when they are not exactly one JSON value
	 */
	public String sanitize(String json) {
		if (json == null || json.isBlank()) {
			return "";
		}
		try {
			return truncate(redactStreaming(json));
		}
		catch (JacksonException ex) {
			// Not JSON: nothing can be told apart, so nothing of it is shown.
			return REDACTED;
		}
	}

	/**
	 * Sanitize arguments given as named values, as a direct Java call passes them.
	 * @param arguments argument names and values
	 * @return the sanitized JSON
	 */
	public String sanitize(Map<String, Object> arguments) {
		try {
			return truncate(JSON.writeValueAsString(redact(JSON.valueToTree(arguments))));
		}
		catch (JacksonException | IllegalArgumentException ex) {
			return REDACTED;
		}
	}

	// Token by token rather than through a tree: no nodes are built for arguments that are
	// only copied, which is nearly all of them.
	private String redactStreaming(String json) {
		StringWriter out = new StringWriter(json.length());
		try (JsonParser parser = TOKENS.createParser(ObjectReadContext.empty(), json);
				JsonGenerator generator = TOKENS.createGenerator(ObjectWriteContext.empty(), out)) {
			JsonToken token = parser.nextToken();
			if (token == null) {
				throw new StreamReadException(parser, "No JSON content");
			}
			while (token != null) {
				if (token == JsonToken.PROPERTY_NAME && isSecret(parser.currentName())) {
					generator.writeName(parser.currentName());
					parser.nextToken();
					parser.skipChildren();
					generator.writeString(REDACTED);
				}
				else {
					generator.copyCurrentEventExact(parser);
				}
				if (parser.streamReadContext().inRoot() && token != JsonToken.PROPERTY_NAME) {
					if (parser.nextToken() != null) {
						throw new StreamReadException(parser, "Content after the JSON value");
					}
					break;
				}
				token = parser.nextToken();
			}
		}
		return out.toString();
	}

	private JsonNode redact(JsonNode node) {
		if (node instanceof ObjectNode object) {
			for (String name : new ArrayList<>(object.propertyNames())) {
				if (isSecret(name)) {
					object.put(name, REDACTED);
				}
				else {
					redact(object.get(name));
				}
			}
		}
		else if (node instanceof ArrayNode array) {
			array.forEach(this::redact);
		}
		return node;
	}

	private boolean isSecret(String name) {
		Boolean secret = this.secretDecisions.get(name);
		if (secret == null) {
			if (this.secretDecisions.size() >= SECRET_DECISIONS_LIMIT) {
				this.secretDecisions.clear();
			}
			secret = matchesSecretName(name);
			this.secretDecisions.put(name, secret);
		}
		return secret;
	}

	private boolean matchesSecretName(String name) {
		List<String> words = words(name);
		for (List<String> secret : this.secretNames) {
			if (!secret.isEmpty() && java.util.Collections.indexOfSubList(words, secret) >= 0) {
				return true;
			}
		}
		return false;
	}

	private String truncate(String json) {
		if (json.length() <= this.maxLength) {
			return json;
		}
		return json.substring(0, this.maxLength) + "...[truncated " + (json.length() - this.maxLength) + " chars]";
	}

	static List<String> words(String name) {
		String spaced = SEPARATORS.matcher(WORD_BOUNDARY.matcher(name).replaceAll("$1 $2")).replaceAll(" ");
		List<String> words = new ArrayList<>();
		for (String word : spaced.trim().toLowerCase(Locale.ROOT).split(" ")) {
			if (!word.isEmpty()) {
				words.add(word);
			}
		}
		return words;
	}

}
