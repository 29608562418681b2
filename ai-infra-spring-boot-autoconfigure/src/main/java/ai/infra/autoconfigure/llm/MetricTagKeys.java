package ai.infra.autoconfigure.llm;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import ai.infra.autoconfigure.InvalidAiInfraPropertyException;

import org.springframework.core.env.Environment;

/**
 * Checks {@code ai-infra.metrics.tags}: each key a tag once, none blank, none a tag
 * name the {@code ai.*} meters already use.
 */
final class MetricTagKeys {

	// The meters' own tags, and the bucket label Prometheus adds to every histogram.
	private static final Set<String> FIXED = Set.of("provider", "model", "status", "type", "operation", "tool",
			"agent", "le");

	private static final String EXAMPLE = AiInfraMetricsProperties.PREFIX + "tags=tenant.id,feature";

	private MetricTagKeys() {
	}

	static List<String> of(AiInfraMetricsProperties properties, Environment environment) {
		List<String> keys = properties.getTags();
		List<String> valid = new ArrayList<>(keys.size());
		Map<String, String> byLabel = new HashMap<>();
		for (int i = 0; i < keys.size(); i++) {
			String key = keys.get(i);
			String property = AiInfraMetricsProperties.PREFIX + "tags[" + i + "]";
			if (key == null || key.isBlank()) {
				throw invalid(property, key, "a tag needs a baggage key", environment);
			}
			key = key.trim();
			if (FIXED.contains(label(key))) {
				throw invalid(property, key, "the ai.* meters already have a tag of this name ("
						+ String.join(", ", FIXED.stream().sorted().toList()) + ")", environment);
			}
			String earlier = byLabel.putIfAbsent(label(key), key);
			if (earlier != null) {
				String reason = earlier.equals(key) ? "this baggage key is listed twice"
						: "this key and '" + earlier + "' are the same Prometheus label " + label(key);
				throw invalid(property, key, reason, environment);
			}
			valid.add(key);
		}
		return List.copyOf(valid);
	}

	// How Prometheus names the tag: every character but letters, digits and _ becomes _.
	private static String label(String key) {
		return key.replaceAll("[^A-Za-z0-9_]", "_");
	}

	private static InvalidAiInfraPropertyException invalid(String property, String key, String reason,
			Environment environment) {
		return new InvalidAiInfraPropertyException(property, key, reason, EXAMPLE).locatedIn(environment);
	}

}
