package ai.infra.cost;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;

/**
 * A rule of a price table that decides whether a model name belongs to a priced model,
 * such as <code>{"starts_with": "claude-3-5-sonnet"}</code>.
 */
@FunctionalInterface
interface MatchRule {

	/**
	 * Kinds of rule a price table may use.
	 */
	List<String> KINDS = List.of("equals", "starts_with", "ends_with", "contains", "regex", "and", "or");

	/**
	 * Test a model name.
	 * @param model the model name in lower case
	 * @return whether the name matches
	 */
	boolean matches(String model);

	/**
	 * Parse a rule, an object with a single property naming its kind.
	 * @param node the rule
	 * @return the parsed rule
	 * @throws IllegalArgumentException if the rule is malformed or of an unknown kind
	 */
	static MatchRule parse(JsonNode node) {
		if (!node.isObject() || node.size() != 1) {
			throw new IllegalArgumentException("A match rule must be an object with one property but was " + node);
		}
		Map.Entry<String, JsonNode> rule = node.properties().iterator().next();
		String kind = rule.getKey();
		JsonNode value = rule.getValue();
		return switch (kind) {
			case "and" -> {
				List<MatchRule> all = parseAll(value, kind);
				yield (model) -> all.stream().allMatch((each) -> each.matches(model));
			}
			case "or" -> {
				List<MatchRule> any = parseAll(value, kind);
				yield (model) -> any.stream().anyMatch((each) -> each.matches(model));
			}
			case "regex" -> {
				Pattern pattern = Pattern.compile(text(value, kind), Pattern.CASE_INSENSITIVE);
				yield (model) -> pattern.matcher(model).find();
			}
			case "equals" -> lowerCase(value, kind)::equals;
			case "starts_with" -> {
				String prefix = lowerCase(value, kind);
				yield (model) -> model.startsWith(prefix);
			}
			case "ends_with" -> {
				String suffix = lowerCase(value, kind);
				yield (model) -> model.endsWith(suffix);
			}
			case "contains" -> {
				String part = lowerCase(value, kind);
				yield (model) -> model.contains(part);
			}
			default -> throw new IllegalArgumentException(
					"Unknown match rule kind '" + kind + "'; expected one of " + KINDS);
		};
	}

	private static List<MatchRule> parseAll(JsonNode value, String kind) {
		if (!value.isArray() || value.isEmpty()) {
			throw new IllegalArgumentException("A '" + kind + "' rule needs a non-empty array of rules");
		}
		List<MatchRule> rules = new ArrayList<>();
		for (JsonNode each : value.values()) {
			rules.add(parse(each));
		}
		return List.copyOf(rules);
	}

	private static String lowerCase(JsonNode value, String kind) {
		return text(value, kind).toLowerCase(Locale.ROOT);
	}

	private static String text(JsonNode value, String kind) {
		if (!value.isString()) {
			throw new IllegalArgumentException("A '" + kind + "' rule needs a string but was " + value);
		}
		return value.stringValue();
	}

}
