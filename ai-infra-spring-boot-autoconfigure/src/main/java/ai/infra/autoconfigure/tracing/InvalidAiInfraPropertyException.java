package ai.infra.autoconfigure.tracing;

import org.jspecify.annotations.Nullable;

/**
 * Thrown at start-up when an {@code ai-infra.*} property has a value ai-infra cannot use.
 * {@link InvalidAiInfraPropertyFailureAnalyzer} turns it into a message naming the
 * property, the bad value and a valid example.
 */
public class InvalidAiInfraPropertyException extends RuntimeException {

	private final String property;

	private final @Nullable Object value;

	private final String reason;

	private final String example;

	/**
	 * Create a new exception.
	 * @param property the full property name, for example
	 * {@code ai-infra.tracing.sample-rate}
	 * @param value the value that was configured
	 * @param reason why the value cannot be used
	 * @param example a valid setting, for example {@code ai-infra.tracing.sample-rate=0.25}
	 */
	public InvalidAiInfraPropertyException(String property, @Nullable Object value, String reason, String example) {
		super("Invalid value '" + value + "' for property '" + property + "': " + reason);
		this.property = property;
		this.value = value;
		this.reason = reason;
		this.example = example;
	}

	public String getProperty() {
		return this.property;
	}

	public @Nullable Object getValue() {
		return this.value;
	}

	public String getReason() {
		return this.reason;
	}

	public String getExample() {
		return this.example;
	}

}
