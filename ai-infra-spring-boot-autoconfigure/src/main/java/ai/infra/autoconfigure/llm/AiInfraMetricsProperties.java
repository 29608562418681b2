package ai.infra.autoconfigure.llm;

import java.util.ArrayList;
import java.util.List;

import ai.infra.autoconfigure.InvalidAiInfraPropertyException;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties for the {@code ai.*} meters: baggage entries whose values tag
 * them, for cost per tenant, user or feature.
 */
@ConfigurationProperties("ai-infra.metrics")
public class AiInfraMetricsProperties {

	static final String PREFIX = "ai-infra.metrics.";

	static final int DEFAULT_MAX_TAG_VALUES = 100;

	/**
	 * Baggage keys whose values become tags of the same name on every ai_llm_*, ai_tool_*
	 * and ai_agent_* meter, for example tenant.id and feature; an operation without the
	 * entry is tagged none.
	 */
	private List<String> tags = new ArrayList<>();

	/**
	 * Most distinct values per tag on one instance; later values are tagged other and
	 * counted in ai.metrics.tag.overflow.
	 */
	private int maxTagValues = DEFAULT_MAX_TAG_VALUES;

	public List<String> getTags() {
		return this.tags;
	}

	public void setTags(List<String> tags) {
		this.tags = tags;
	}

	public int getMaxTagValues() {
		return this.maxTagValues;
	}

	public void setMaxTagValues(int maxTagValues) {
		if (maxTagValues < 1) {
			throw new InvalidAiInfraPropertyException(PREFIX + "max-tag-values", maxTagValues,
					"a tag needs room for at least one value", PREFIX + "max-tag-values=" + DEFAULT_MAX_TAG_VALUES);
		}
		this.maxTagValues = maxTagValues;
	}

}
