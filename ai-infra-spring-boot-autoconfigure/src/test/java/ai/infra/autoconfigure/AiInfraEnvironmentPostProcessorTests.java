package ai.infra.autoconfigure;

import java.util.HashMap;
import java.util.Map;

import ai.infra.autoconfigure.tracing.AiInfraTracingProperties;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.support.SystemEnvironmentPropertySourceEnvironmentPostProcessor;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link AiInfraEnvironmentPostProcessor}.
 */
class AiInfraEnvironmentPostProcessorTests {

	@Test
	void shouldMapEverySeedEnvironmentVariable() {
		StandardEnvironment environment = environmentWith(Map.of("AI_INFRA_TRACING_ENABLED", "false",
				"AI_INFRA_TRACING_ENDPOINT", "http://collector:4318", "AI_INFRA_SERVICE_NAME", "checkout",
				"AI_INFRA_SERVICE_VERSION", "2.1.0", "AI_INFRA_ENVIRONMENT", "production",
				"AI_INFRA_TRACING_SAMPLE_RATE", "0.5"));
		AiInfraTracingProperties properties = bind(environment);
		assertThat(properties.isEnabled()).isFalse();
		assertThat(properties.getEndpoint()).isEqualTo("http://collector:4318");
		assertThat(properties.getServiceName()).isEqualTo("checkout");
		assertThat(properties.getServiceVersion()).isEqualTo("2.1.0");
		assertThat(properties.getEnvironment()).isEqualTo("production");
		assertThat(properties.getSampleRate()).isEqualTo(0.5);
	}

	@Test
	void shouldLetEnvironmentVariablesOverrideConfigurationFiles() {
		StandardEnvironment environment = environmentWith(Map.of("AI_INFRA_SERVICE_NAME", "from-env"));
		environment.getPropertySources()
			.addLast(new MapPropertySource("applicationConfig",
					Map.of("ai-infra.tracing.service-name", "from-file", "ai-infra.tracing.environment", "staging")));
		AiInfraTracingProperties properties = bind(environment);
		assertThat(properties.getServiceName()).isEqualTo("from-env");
		assertThat(properties.getEnvironment()).isEqualTo("staging");
	}

	@Test
	void shouldLetCommandLineArgumentsOverrideEnvironmentVariables() {
		StandardEnvironment environment = environmentWith(Map.of("AI_INFRA_SERVICE_NAME", "from-env"));
		environment.getPropertySources()
			.addFirst(new MapPropertySource("commandLineArgs", Map.of("ai-infra.tracing.service-name", "from-args")));
		assertThat(bind(environment).getServiceName()).isEqualTo("from-args");
	}

	@Test
	void shouldMapNothingWhenNoVariableIsSet() {
		StandardEnvironment environment = environmentWith(Map.of("PATH", "/usr/bin"));
		assertThat(environment.getPropertySources().contains(AiInfraEnvironmentPostProcessor.PROPERTY_SOURCE_NAME))
			.isFalse();
	}

	@Test
	void shouldTurnOffBootsOtlpMetricsExportByDefault() {
		StandardEnvironment environment = environmentWith(Map.of());
		assertThat(environment.getProperty("management.otlp.metrics.export.enabled")).isEqualTo("false");
	}

	@Test
	void shouldKeepPrometheusExemplarsWhereEveryPrometheusAcceptsThem() {
		StandardEnvironment environment = environmentWith(Map.of());
		Map<String, String> properties = Binder.get(environment)
			.bind("management.prometheus.metrics.export.properties",
					org.springframework.boot.context.properties.bind.Bindable.mapOf(String.class, String.class))
			.get();
		assertThat(properties).containsEntry("io.prometheus.exporter.exemplarsOnAllMetricTypes", "false");
	}

	@Test
	void shouldLetUsersTurnBootsOtlpMetricsExportOn() {
		StandardEnvironment environment = environmentWith(Map.of("MANAGEMENT_OTLP_METRICS_EXPORT_ENABLED", "true"));
		assertThat(environment.getProperty("management.otlp.metrics.export.enabled")).isEqualTo("true");
	}

	@Test
	void shouldRunAfterBootsConfigData() {
		assertThat(new AiInfraEnvironmentPostProcessor().getOrder())
			.isGreaterThan(org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor.ORDER);
	}

	@Test
	void shouldRunAfterBootsSystemEnvironmentPostProcessor() {
		assertThat(new AiInfraEnvironmentPostProcessor().getOrder())
			.isGreaterThan(SystemEnvironmentPropertySourceEnvironmentPostProcessor.DEFAULT_ORDER);
	}

	@Test
	void shouldBeRegisteredSoThatSpringApplicationMapsTheVariables() {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
					new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
							new HashMap<>(Map.of("AI_INFRA_SERVICE_NAME", "from-env"))));
		SpringApplication application = new SpringApplication(EmptyConfiguration.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		application.setEnvironment(environment);
		try (ConfigurableApplicationContext context = application.run("--spring.main.banner-mode=off")) {
			assertThat(context.getEnvironment().getProperty("ai-infra.tracing.service-name")).isEqualTo("from-env");
		}
	}

	private static StandardEnvironment environmentWith(Map<String, Object> variables) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, new SystemEnvironmentPropertySource(
					StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, new HashMap<>(variables)));
		new AiInfraEnvironmentPostProcessor().postProcessEnvironment(environment, new SpringApplication());
		new AiInfraDefaultsEnvironmentPostProcessor().postProcessEnvironment(environment, new SpringApplication());
		return environment;
	}

	@Configuration(proxyBeanMethods = false)
	static class EmptyConfiguration {

	}

	private static AiInfraTracingProperties bind(StandardEnvironment environment) {
		return Binder.get(environment).bindOrCreate("ai-infra.tracing", AiInfraTracingProperties.class);
	}

}
