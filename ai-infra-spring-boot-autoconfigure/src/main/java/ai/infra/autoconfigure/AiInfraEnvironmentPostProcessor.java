package ai.infra.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
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
final class AiInfraEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	/**
	 * Name of the property source holding the mapped variables.
	 */
	public static final String PROPERTY_SOURCE_NAME = "aiInfraEnvironmentVariables";

	/**
	 * The order of this post-processor: right after Boot's config data, so that the
	 * mapped variables are in place for every post-processor that reads ai-infra's
	 * settings, {@link AiInfraDefaultsEnvironmentPostProcessor} among them.
	 */
	public static final int ORDER = ConfigDataEnvironmentPostProcessor.ORDER + 1;

	static final Map<String, String> VARIABLES = Map.of("AI_INFRA_TRACING_ENABLED", "ai-infra.tracing.enabled",
			"AI_INFRA_TRACING_ENDPOINT", "ai-infra.tracing.endpoint", "AI_INFRA_SERVICE_NAME",
			"ai-infra.tracing.service-name", "AI_INFRA_SERVICE_VERSION", "ai-infra.tracing.service-version",
			"AI_INFRA_ENVIRONMENT", "ai-infra.tracing.environment", "AI_INFRA_TRACING_SAMPLE_RATE",
			"ai-infra.tracing.sample-rate");

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
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
		return ORDER;
	}

}
