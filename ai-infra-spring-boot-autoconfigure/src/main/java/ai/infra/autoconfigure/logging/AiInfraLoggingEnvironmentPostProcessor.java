package ai.infra.autoconfigure.logging;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import ai.infra.autoconfigure.InvalidAiInfraPropertyException;
import ai.infra.internal.logging.AiInfraJsonLogFormatter;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.logging.LogLevel;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.util.ClassUtils;

/**
 * Applies {@code ai-infra.logging.*} as Spring Boot logging properties before the logging
 * system starts: {@code format=json} selects {@link AiInfraJsonLogFormatter} through
 * {@code logging.structured.format.console}, and {@code level} sets
 * {@code logging.level.root}. Each mapped property gets the precedence of the source that
 * set the ai-infra property, so within one source ai-infra's setting wins and a Boot
 * setting from a higher source (for example the command line) still overrides it.
 * Unknown values stop start-up with a failure analysis.
 */
final class AiInfraLoggingEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	static final String FORMAT = "ai-infra.logging.format";

	static final String LEVEL = "ai-infra.logging.level";

	static final String CONSOLE_FORMAT = "logging.structured.format.console";

	static final String ROOT_LEVEL = "logging.level.root";

	private static final String LOGBACK = "ch.qos.logback.classic.spi.ILoggingEvent";

	private static final String LEVELS = Arrays.stream(LogLevel.values())
		.map((level) -> level.name().toLowerCase(Locale.ROOT))
		.collect(Collectors.joining(", "));

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		try {
			apply(environment, application);
		}
		catch (InvalidAiInfraPropertyException ex) {
			throw ex.locatedIn(environment);
		}
	}

	private void apply(ConfigurableEnvironment environment, SpringApplication application) {
		ConfiguredValue format = find(environment, FORMAT);
		if (format != null && resolveFormat(format.value()) == AiInfraLoggingProperties.Format.JSON) {
			requireLogback(format.value(), application);
			addBefore(environment, format, CONSOLE_FORMAT, AiInfraJsonLogFormatter.class.getName());
		}
		ConfiguredValue level = find(environment, LEVEL);
		if (level != null) {
			addBefore(environment, level, ROOT_LEVEL, resolveLevel(level.value()).name());
		}
	}

	private static AiInfraLoggingProperties.Format resolveFormat(String value) {
		String normalized = value.trim().toUpperCase(Locale.ROOT);
		return Arrays.stream(AiInfraLoggingProperties.Format.values())
			.filter((format) -> format.name().equals(normalized))
			.findFirst()
			.orElseThrow(() -> new InvalidAiInfraPropertyException(FORMAT, value,
					"unknown log format; choose text or json", FORMAT + "=json"));
	}

	private static LogLevel resolveLevel(String value) {
		String normalized = value.trim().toUpperCase(Locale.ROOT);
		return Arrays.stream(LogLevel.values())
			.filter((level) -> level.name().equals(normalized))
			.findFirst()
			.orElseThrow(() -> new InvalidAiInfraPropertyException(LEVEL, value,
					"unknown log level; choose from " + LEVELS, LEVEL + "=info"));
	}

	private static void requireLogback(String value, SpringApplication application) {
		ClassLoader classLoader = (application != null) ? application.getClassLoader() : null;
		if (!ClassUtils.isPresent(LOGBACK, classLoader)) {
			throw new InvalidAiInfraPropertyException(FORMAT, value,
					"JSON console logging needs Logback (spring-boot-starter-logging); with another logging system "
							+ "use Spring Boot's logging.structured.format.console",
					FORMAT + "=text");
		}
	}

	private static void addBefore(ConfigurableEnvironment environment, ConfiguredValue configured, String property,
			String value) {
		String name = "aiInfraLogging[" + property + "]";
		environment.getPropertySources().remove(name);
		environment.getPropertySources()
			.addBefore(configured.source().getName(), new MapPropertySource(name, Map.of(property, value)));
	}

	private static @Nullable ConfiguredValue find(ConfigurableEnvironment environment, String property) {
		ConfigurationPropertyName name = ConfigurationPropertyName.of(property);
		for (PropertySource<?> source : environment.getPropertySources()) {
			if (ConfigurationPropertySources.isAttachedConfigurationPropertySource(source)) {
				continue;
			}
			ConfigurationPropertySource adapted = ConfigurationPropertySource.from(source);
			ConfigurationProperty configured = (adapted != null) ? adapted.getConfigurationProperty(name) : null;
			if (configured != null && configured.getValue() != null) {
				String value = environment.resolvePlaceholders(String.valueOf(configured.getValue()));
				return new ConfiguredValue(source, value);
			}
		}
		return null;
	}

	@Override
	public int getOrder() {
		// After application.yml and profiles are loaded; logging starts after every
		// post-processor has run.
		return Ordered.LOWEST_PRECEDENCE;
	}

	private record ConfiguredValue(PropertySource<?> source, String value) {
	}

}
