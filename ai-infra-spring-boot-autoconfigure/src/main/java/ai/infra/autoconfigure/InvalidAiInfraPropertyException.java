package ai.infra.autoconfigure;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;

/**
 * Thrown at start-up when an {@code ai-infra.*} property has a value ai-infra cannot use.
 * {@link InvalidAiInfraPropertyFailureAnalyzer} turns it into a message naming the
 * property, the bad value and a valid example.
 */
public final class InvalidAiInfraPropertyException extends RuntimeException {

	private final String property;

	private final @Nullable Object value;

	private final String reason;

	private final String example;

	private final @Nullable Object origin;

	/**
	 * Create a new exception.
	 * @param property the full property name, for example
	 * {@code ai-infra.tracing.sample-rate}
	 * @param value the value that was configured
	 * @param reason why the value cannot be used
	 * @param example a valid setting, for example {@code ai-infra.tracing.sample-rate=0.25}
	 */
	public InvalidAiInfraPropertyException(String property, @Nullable Object value, String reason, String example) {
		this(property, value, reason, example, null);
	}

	private InvalidAiInfraPropertyException(String property, @Nullable Object value, String reason, String example,
			@Nullable Object origin) {
		super("Invalid value '" + value + "' for property '" + property + "': " + reason);
		this.property = property;
		this.value = value;
		this.reason = reason;
		this.example = example;
		this.origin = origin;
	}

	/**
	 * Return a copy of this exception that tells where the value was set and shows it as
	 * it was written there, when the environment knows.
	 * @param environment the environment the value was read from
	 * @return the new exception, or this one when the origin is unknown
	 */
	public InvalidAiInfraPropertyException locatedIn(Environment environment) {
		ConfigurationProperty configured = find(this.property, environment);
		if (configured == null || configured.getOrigin() == null) {
			return this;
		}
		InvalidAiInfraPropertyException copy = new InvalidAiInfraPropertyException(this.property,
				configured.getValue(), this.reason, this.example, configured.getOrigin());
		copy.setStackTrace(getStackTrace());
		return copy;
	}

	private static @Nullable ConfigurationProperty find(String property, Environment environment) {
		if (!(environment instanceof ConfigurableEnvironment configurable)
				|| !ConfigurationPropertyName.isValid(property)) {
			return null;
		}
		ConfigurationPropertyName name = ConfigurationPropertyName.of(property);
		for (ConfigurationPropertySource source : ConfigurationPropertySources.get(configurable)) {
			ConfigurationProperty configured = source.getConfigurationProperty(name);
			if (configured != null) {
				return configured;
			}
		}
		return null;
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

	public @Nullable Object getOrigin() {
		return this.origin;
	}

}
