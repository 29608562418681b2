package ai.infra.autoconfigure.logging;

import java.util.Map;

import ai.infra.autoconfigure.FailureAnalyses;
import ai.infra.autoconfigure.InvalidAiInfraPropertyException;
import ai.infra.autoconfigure.tracing.LoggingReset;
import ai.infra.internal.logging.AiInfraJsonLogFormatter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slf4j.LoggerFactory;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.DefaultResourceLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link AiInfraLoggingEnvironmentPostProcessor}.
 */
@ExtendWith(OutputCaptureExtension.class)
class AiInfraLoggingEnvironmentPostProcessorTests {

	@Test
	void shouldSelectTheJsonFormatterForJson() {
		StandardEnvironment environment = process(Map.of("ai-infra.logging.format", "json"));
		assertThat(environment.getProperty("logging.structured.format.console"))
			.isEqualTo(AiInfraJsonLogFormatter.class.getName());
	}

	@Test
	void shouldKeepBootsPatternForText() {
		StandardEnvironment environment = process(Map.of("ai-infra.logging.format", "TEXT"));
		assertThat(environment.getProperty("logging.structured.format.console")).isNull();
	}

	@Test
	void shouldAddNothingWhenNotConfigured() {
		StandardEnvironment environment = process(Map.of());
		assertThat(environment.getProperty("logging.structured.format.console")).isNull();
		assertThat(environment.getProperty("logging.level.root")).isNull();
	}

	@Test
	void shouldSetTheRootLevel() {
		assertThat(process(Map.of("ai-infra.logging.level", "warn")).getProperty("logging.level.root"))
			.isEqualTo("WARN");
	}

	@Test
	void shouldWinOverBootsSettingInTheSameSource() {
		StandardEnvironment environment = process(Map.of("ai-infra.logging.level", "debug", "logging.level.root",
				"info", "logging.structured.format.console", "ecs", "ai-infra.logging.format", "json"));
		assertThat(environment.getProperty("logging.level.root")).isEqualTo("DEBUG");
		assertThat(environment.getProperty("logging.structured.format.console"))
			.isEqualTo(AiInfraJsonLogFormatter.class.getName());
	}

	@Test
	void shouldLoseToBootsSettingInAHigherSource() {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.addFirst(new MapPropertySource("commandLineArgs", Map.of("logging.level.root", "trace")));
		environment.getPropertySources()
			.addLast(new MapPropertySource("applicationConfig", Map.of("ai-infra.logging.level", "warn")));
		postProcess(environment);
		assertThat(environment.getProperty("logging.level.root")).isEqualTo("trace");
	}

	@Test
	void shouldAcceptRelaxedNamesAndPlaceholders() {
		StandardEnvironment environment = process(
				Map.of("ai-infra.logging.FORMAT", "${log.format}", "log.format", " json "));
		assertThat(environment.getProperty("logging.structured.format.console"))
			.isEqualTo(AiInfraJsonLogFormatter.class.getName());
	}

	@ParameterizedTest(name = "{0}={1}")
	@CsvSource(delimiter = '|', textBlock = """
			format | xml     | unknown log format; choose text or json                                | ai-infra.logging.format=json
			format | logfmt  | unknown log format; choose text or json                                | ai-infra.logging.format=json
			level  | verbose | unknown log level; choose from trace, debug, info, warn, error, fatal, off | ai-infra.logging.level=info
			""")
	void shouldExplainInvalidValue(String property, String value, String reason, String example) {
		String name = "ai-infra.logging." + property;
		InvalidAiInfraPropertyException failure = catchInvalidProperty(Map.of(name, value));
		FailureAnalysis analysis = FailureAnalyses.registered(failure);
		assertThat(analysis.getDescription()).contains("'" + value + "'", "'" + name + "'", reason);
		assertThat(analysis.getAction()).contains(example);
	}

	@Test
	void shouldRequireLogbackForJson() {
		StandardEnvironment environment = environment(Map.of("ai-infra.logging.format", "json"));
		SpringApplication application = new SpringApplication();
		application.setResourceLoader(
				new DefaultResourceLoader(new FilteredClassLoader("ch.qos.logback.classic.spi.ILoggingEvent")));
		assertThatExceptionOfType(InvalidAiInfraPropertyException.class)
			.isThrownBy(() -> new AiInfraLoggingEnvironmentPostProcessor().postProcessEnvironment(environment,
					application))
			.satisfies((ex) -> assertThat(ex.getReason()).contains("needs Logback"));
	}

	@Test
	void shouldReportInvalidFormatWhenTheApplicationStarts(CapturedOutput output) {
		SpringApplication application = new SpringApplication(EmptyConfiguration.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		try {
			assertThatException().isThrownBy(
					() -> application.run("--ai-infra.logging.format=yaml", "--spring.main.banner-mode=off"));
		}
		finally {
			LoggingReset.toDefaults();
		}
		assertThat(output).contains("APPLICATION FAILED TO START",
				"Invalid value 'yaml' for property 'ai-infra.logging.format'", "ai-infra.logging.format=json");
	}

	@Test
	void shouldBeRegisteredSoThatTheLoggingSystemSeesTheMappedValues() {
		SpringApplication application = new SpringApplication(EmptyConfiguration.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		try (ConfigurableApplicationContext context = application.run("--ai-infra.logging.level=error", "--spring.main.banner-mode=off")) {
			assertThat(context.getEnvironment().getProperty("logging.level.root")).isEqualTo("ERROR");
			assertThat(LoggerFactory.getLogger("any.logger").isWarnEnabled()).isFalse();
		}
		finally {
			LoggingReset.toDefaults();
		}
	}

	private static StandardEnvironment process(Map<String, Object> properties) {
		StandardEnvironment environment = environment(properties);
		postProcess(environment);
		return environment;
	}

	private static void postProcess(StandardEnvironment environment) {
		ConfigurationPropertySources.attach(environment);
		new AiInfraLoggingEnvironmentPostProcessor().postProcessEnvironment(environment, new SpringApplication());
	}

	private static StandardEnvironment environment(Map<String, Object> properties) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().addLast(new MapPropertySource("applicationConfig", properties));
		return environment;
	}

	private static InvalidAiInfraPropertyException catchInvalidProperty(Map<String, Object> properties) {
		try {
			process(properties);
		}
		catch (InvalidAiInfraPropertyException ex) {
			return ex;
		}
		throw new AssertionError("No failure for " + properties);
	}

	@Configuration(proxyBeanMethods = false)
	static class EmptyConfiguration {

	}

}
