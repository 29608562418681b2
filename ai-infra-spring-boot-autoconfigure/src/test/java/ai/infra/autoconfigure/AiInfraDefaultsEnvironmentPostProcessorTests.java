package ai.infra.autoconfigure;

import java.util.HashMap;
import java.util.Map;

import ai.infra.autoconfigure.tracing.LoggingReset;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link AiInfraDefaultsEnvironmentPostProcessor}.
 */
class AiInfraDefaultsEnvironmentPostProcessorTests {

	private static final String REACTOR_PROPAGATION = "spring.reactor.context-propagation";

	private static final String HTTP_EXPORTER_LEVEL = "logging.level.io.opentelemetry.exporter.internal.http.HttpExporter";

	private static final String GRPC_EXPORTER_LEVEL = "logging.level.io.opentelemetry.exporter.internal.grpc.GrpcExporter";

	private static final String ZIPKIN_EXPORTER_LEVEL = "logging.level.io.opentelemetry.exporter.zipkin.ZipkinSpanExporter";

	private static final String EXPORT_TIMEOUT = "management.opentelemetry.tracing.export.timeout";

	@Test
	void shouldTurnOnReactorsAutomaticContextPropagation() {
		assertThat(process(Map.of()).getProperty(REACTOR_PROPAGATION)).isEqualTo("auto");
	}

	@Test
	void shouldShortenBootsExportTimeoutToTheExportersOwnDefault() {
		assertThat(process(Map.of()).getProperty(EXPORT_TIMEOUT)).isEqualTo("10s");
	}

	@Test
	void shouldLetTheApplicationChooseItsExportTimeout() {
		assertThat(process(Map.of(EXPORT_TIMEOUT, "3s")).getProperty(EXPORT_TIMEOUT)).isEqualTo("3s");
	}

	@Test
	void shouldLetTheApplicationChooseOtherwise() {
		assertThat(process(Map.of(REACTOR_PROPAGATION, "limited")).getProperty(REACTOR_PROPAGATION))
			.isEqualTo("limited");
	}

	@Test
	void shouldSilenceTheOtlpExportersOwnFailureLogsByDefault() {
		StandardEnvironment environment = process(Map.of());
		assertThat(environment.getProperty(HTTP_EXPORTER_LEVEL)).isEqualTo("off");
		assertThat(environment.getProperty(GRPC_EXPORTER_LEVEL)).isEqualTo("off");
		assertThat(environment.getProperty(ZIPKIN_EXPORTER_LEVEL)).isNull();
	}

	@Test
	void shouldSilenceOnlyTheLoggersOfTheSelectedNetworkExporters() {
		StandardEnvironment environment = process(
				Map.of("ai-infra.tracing.exporter[0]", "console", "ai-infra.tracing.exporter[1]", "Zipkin"));
		assertThat(environment.getProperty(ZIPKIN_EXPORTER_LEVEL)).isEqualTo("off");
		assertThat(environment.getProperty(HTTP_EXPORTER_LEVEL)).isNull();
		assertThat(environment.getProperty(GRPC_EXPORTER_LEVEL)).isNull();
	}

	@Test
	void shouldLeaveExporterLoggersAloneWithoutANetworkExporter() {
		StandardEnvironment environment = process(Map.of("ai-infra.tracing.exporter", "console,none"));
		assertThat(environment.getProperty(HTTP_EXPORTER_LEVEL)).isNull();
		assertThat(environment.getProperty(ZIPKIN_EXPORTER_LEVEL)).isNull();
	}

	@Test
	void shouldLetTheApplicationTurnTheExportersOwnLogsBackOn() {
		assertThat(process(Map.of(HTTP_EXPORTER_LEVEL, "warn")).getProperty(HTTP_EXPORTER_LEVEL)).isEqualTo("warn");
	}

	@Test
	void shouldAddNothingWhenTracingIsDisabled() {
		StandardEnvironment environment = process(Map.of("ai-infra.tracing.enabled", "false"));
		assertThat(environment.getProperty(REACTOR_PROPAGATION)).isNull();
		assertThat(environment.getProperty(HTTP_EXPORTER_LEVEL)).isNull();
		assertThat(environment.getProperty(EXPORT_TIMEOUT)).isNull();
	}

	@Test
	void shouldAddNothingWhenTracingIsDisabledThroughTheEnvironmentVariable() {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
					new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
							new HashMap<>(Map.of("AI_INFRA_TRACING_ENABLED", "FALSE"))));
		// As Boot runs them: the variables are mapped first.
		new AiInfraEnvironmentPostProcessor().postProcessEnvironment(environment, new SpringApplication());
		new AiInfraDefaultsEnvironmentPostProcessor().postProcessEnvironment(environment,
				new SpringApplication());
		assertThat(environment.getProperty(REACTOR_PROPAGATION)).isNull();
	}

	@Test
	void shouldTurnOffBootsOtlpMetricsExportEvenWhenTracingIsDisabled() {
		StandardEnvironment environment = process(Map.of("ai-infra.tracing.enabled", "false"));
		assertThat(environment.getProperty("management.otlp.metrics.export.enabled")).isEqualTo("false");
	}

	@Test
	void shouldRunAfterTheEnvironmentVariablesAreMapped() {
		assertThat(new AiInfraDefaultsEnvironmentPostProcessor().getOrder())
			.isGreaterThan(new AiInfraEnvironmentPostProcessor().getOrder());
	}

	@Test
	void shouldBeRegisteredSoThatApplicationsGetTheDefault() {
		SpringApplication application = new SpringApplication(EmptyConfiguration.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		try (ConfigurableApplicationContext context = application.run("--spring.main.banner-mode=off")) {
			assertThat(context.getEnvironment().getProperty(REACTOR_PROPAGATION)).isEqualTo("auto");
			assertThat(context.getEnvironment().getProperty(EXPORT_TIMEOUT)).isEqualTo("10s");
		}
		finally {
			LoggingReset.toDefaults();
		}
	}

	private static StandardEnvironment process(Map<String, Object> properties) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().addLast(new MapPropertySource("applicationConfig", properties));
		new AiInfraDefaultsEnvironmentPostProcessor().postProcessEnvironment(environment,
				new SpringApplication());
		return environment;
	}

	@Configuration(proxyBeanMethods = false)
	static class EmptyConfiguration {

	}

}
