package ai.infra.autoconfigure.tracing;

import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Adds the Spring Boot settings ai-infra's tracing relies on as defaults, with the lowest
 * precedence so that any setting of the application wins:
 * {@code spring.reactor.context-propagation=auto}, so that Reactor restores the current
 * span in every operator (Boot's default, {@code limited}, does so only in a few), and
 * {@code management.opentelemetry.tracing.export.timeout=10s}, the exporters' own default,
 * instead of Boot's 30 seconds, because ai-infra gives that timeout to its exporters and
 * lets shutdown wait that long for the last spans. Adds nothing when ai-infra's tracing
 * is disabled.
 */
public class AiInfraTracingDefaultsEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	/**
	 * Name of the property source holding the defaults.
	 */
	public static final String PROPERTY_SOURCE_NAME = "aiInfraTracingDefaults";

	static final Map<String, Object> DEFAULTS = Map.of("spring.reactor.context-propagation", "auto",
			AiInfraTracingSettings.EXPORT_TIMEOUT, "10s");

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (isDisabled(environment) || environment.getPropertySources().contains(PROPERTY_SOURCE_NAME)) {
			return;
		}
		environment.getPropertySources().addLast(new MapPropertySource(PROPERTY_SOURCE_NAME, DEFAULTS));
	}

	private static boolean isDisabled(ConfigurableEnvironment environment) {
		String enabled = environment.getProperty(AiInfraTracerAutoConfiguration.ENABLED);
		if (enabled == null) {
			// The environment variable may not have been mapped yet; see
			// AiInfraEnvironmentPostProcessor.
			enabled = environment.getProperty("AI_INFRA_TRACING_ENABLED");
		}
		return enabled != null && "false".equalsIgnoreCase(enabled.trim());
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
