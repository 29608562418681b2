package ai.infra.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * Maps ai-infra's documented environment variables to {@code ai-infra.tracing.*}
 * properties. Relaxed binding alone cannot: {@code AI_INFRA_TRACING_ENABLED} would bind
 * to {@code ai.infra.tracing.enabled}, because of the dash in {@code ai-infra}. The
 * mapped values sit right behind the system environment, so they override configuration
 * files the way any environment variable does.
 */
public class AiInfraEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	/**
	 * Name of the property source holding the mapped variables.
	 */
	public static final String PROPERTY_SOURCE_NAME = "aiInfraEnvironmentVariables";

	/**
	 * Name of the property source holding ai-infra's defaults for Boot's settings.
	 */
	public static final String DEFAULTS_PROPERTY_SOURCE_NAME = "aiInfraDefaults";

	/**
	 * Defaults for Boot's own settings, below every other property source. The starter
	 * brings Micrometer's OTLP registry for {@code ai-infra.tracing.metrics-endpoint};
	 * without the first default, Boot would start pushing every meter of the application
	 * to localhost:4318 merely because the library is present. The second keeps
	 * exemplars where OpenMetrics 1.0 allows them (counters and histogram buckets):
	 * Prometheus before 2.43 rejects a whole scrape that has one on a histogram's count,
	 * and ai-infra's histograms are recorded inside spans.
	 */
	static final Map<String, Object> DEFAULTS = Map.of("management.otlp.metrics.export.enabled", "false",
			"management.prometheus.metrics.export.properties[io.prometheus.exporter.exemplarsOnAllMetricTypes]",
			"false");

	static final Map<String, String> VARIABLES = Map.of("AI_INFRA_TRACING_ENABLED", "ai-infra.tracing.enabled",
			"AI_INFRA_TRACING_ENDPOINT", "ai-infra.tracing.endpoint", "AI_INFRA_SERVICE_NAME",
			"ai-infra.tracing.service-name", "AI_INFRA_SERVICE_VERSION", "ai-infra.tracing.service-version",
			"AI_INFRA_ENVIRONMENT", "ai-infra.tracing.environment", "AI_INFRA_TRACING_SAMPLE_RATE",
			"ai-infra.tracing.sample-rate");

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (!environment.getPropertySources().contains(DEFAULTS_PROPERTY_SOURCE_NAME)) {
			environment.getPropertySources().addLast(new MapPropertySource(DEFAULTS_PROPERTY_SOURCE_NAME, DEFAULTS));
		}
		PropertySource<?> system = environment.getPropertySources()
			.get(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
		if (system == null) {
			return;
		}
		Map<String, Object> mapped = new LinkedHashMap<>();
		VARIABLES.forEach((variable, property) -> {
			Object value = system.getProperty(variable);
			if (value != null) {
				mapped.put(property, value);
			}
		});
		if (!mapped.isEmpty()) {
			environment.getPropertySources()
				.addAfter(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
						new MapPropertySource(PROPERTY_SOURCE_NAME, mapped));
		}
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
