package ai.infra.autoconfigure.tracing;

import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.ConfigurationPropertyState;
import org.springframework.core.env.Environment;

/**
 * Checks the {@code ai-infra.tracing.*} settings as if ai-infra exported, so that a
 * malformed value fails start-up with or without the agent, and warns once at start-up
 * about the settings that the OpenTelemetry Java agent makes moot: its SDK, configured through {@code OTEL_*}
 * variables or {@code otel.*} system properties, decides where spans go, how they are
 * sampled and propagated, and the resource they describe.
 */
final class JavaAgentMootSettings implements InitializingBean {

	private static final Log logger = LogFactory.getLog(JavaAgentMootSettings.class);

	/**
	 * The settings that do not apply under the agent, with the agent's setting that takes
	 * their place.
	 */
	static final List<List<String>> MOOT = List.of(List.of("exporter", "OTEL_TRACES_EXPORTER"),
			List.of("endpoint", "OTEL_EXPORTER_OTLP_ENDPOINT / OTEL_EXPORTER_ZIPKIN_ENDPOINT"),
			List.of("otlp.endpoint", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"),
			List.of("jaeger.endpoint", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"),
			List.of("zipkin.endpoint", "OTEL_EXPORTER_ZIPKIN_ENDPOINT"),
			List.of("protocol", "OTEL_EXPORTER_OTLP_PROTOCOL"), List.of("headers", "OTEL_EXPORTER_OTLP_HEADERS"),
			List.of("sample-rate", "OTEL_TRACES_SAMPLER / OTEL_TRACES_SAMPLER_ARG"),
			List.of("propagators", "OTEL_PROPAGATORS"), List.of("service-name", "OTEL_SERVICE_NAME"),
			List.of("service-version", "OTEL_RESOURCE_ATTRIBUTES"),
			List.of("environment", "OTEL_RESOURCE_ATTRIBUTES"),
			List.of("baggage-attributes", "the agent's baggage span processor"));

	private final AiInfraTracingProperties properties;

	private final Environment environment;

	JavaAgentMootSettings(AiInfraTracingProperties properties, Environment environment) {
		this.properties = properties;
		this.environment = environment;
	}

	@Override
	public void afterPropertiesSet() {
		// Throws for a malformed value; what it resolves is not used under the agent.
		ExportTargets.resolve(this.properties, this.environment, null);
		List<String> moot = find(this.environment);
		if (!moot.isEmpty()) {
			logger.warn("The OpenTelemetry Java agent is attached, so ai-infra records its spans through the agent's "
					+ "OpenTelemetry and these settings have no effect: " + String.join(", ", moot)
					+ ". Configure the agent instead (OTEL_* environment variables or otel.* system properties).");
		}
	}

	/**
	 * The moot settings the environment sets, each with the agent's setting to use
	 * instead.
	 * @param environment the environment
	 * @return the settings, in a stable order
	 */
	static List<String> find(Environment environment) {
		Iterable<ConfigurationPropertySource> sources = ConfigurationPropertySources.get(environment);
		return MOOT.stream()
			.filter((entry) -> isSet(sources, ConfigurationPropertyName.of(AiInfraTracingProperties.PREFIX + entry.get(0))))
			.map((entry) -> AiInfraTracingProperties.PREFIX + entry.get(0) + " (use " + entry.get(1) + ")")
			.toList();
	}

	private static boolean isSet(Iterable<ConfigurationPropertySource> sources, ConfigurationPropertyName name) {
		for (ConfigurationPropertySource source : sources) {
			if (source.getConfigurationProperty(name) != null
					|| source.containsDescendantOf(name) == ConfigurationPropertyState.PRESENT) {
				return true;
			}
		}
		return false;
	}

}
