package ai.infra.autoconfigure;

import ai.infra.autoconfigure.tracing.AiInfraTracingAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration;
import org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Tests that every invalid {@code ai-infra.tracing.*} value stops start-up with a message
 * naming the property, the bad value and a valid example.
 */
@ExtendWith(OutputCaptureExtension.class)
class AiInfraFailureAnalysisTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(OpenTelemetrySdkAutoConfiguration.class,
				OpenTelemetryTracingAutoConfiguration.class, AiInfraTracingAutoConfiguration.class));

	@ParameterizedTest(name = "{0}={1}")
	@CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
			sample-rate | 1.5                             | ai-infra.tracing.sample-rate=0.25                 | between 0.0 and 1.0
			sample-rate | -0.1                            | ai-infra.tracing.sample-rate=0.25                 | between 0.0 and 1.0
			sample-rate | NaN                             | ai-infra.tracing.sample-rate=0.25                 | between 0.0 and 1.0
			exporter    | kafka                           | ai-infra.tracing.exporter=otlp,console            | unknown exporter; choose from otlp, jaeger, zipkin, console, none
			exporter    | none,otlp                       | ai-infra.tracing.exporter=none                    | 'none' cannot be combined
			propagators | w3c                             | ai-infra.tracing.propagators=tracecontext,baggage | unknown propagator
			protocol    | udp                             | ai-infra.tracing.protocol=http/protobuf           | unknown OTLP protocol
			endpoint    | localhost:4317                  | ai-infra.tracing.endpoint=http://localhost:4317   | absolute http or https URL
			endpoint    | ftp://collector:21              | ai-infra.tracing.endpoint=http://localhost:4317   | absolute http or https URL
			endpoint    | http://bad host:4317            | ai-infra.tracing.endpoint=http://localhost:4317   | not a valid URL
			endpoint    | http://jaeger:14268/api/traces  | ai-infra.tracing.endpoint=http://jaeger:4317      | legacy Jaeger endpoint
			""")
	void shouldExplainInvalidValue(String property, String value, String example, String reason) {
		String name = "ai-infra.tracing." + property;
		this.contextRunner.withPropertyValues(name + "=" + value).run((context) -> {
			FailureAnalysis analysis = FailureAnalyses.analyze(context.getStartupFailure());
			assertThat(analysis.getDescription()).contains("'" + value + "'", "'" + name + "'", reason);
			assertThat(analysis.getAction()).contains(example);
		});
	}

	@Test
	void shouldExplainJaegerThriftEndpointForJaegerExporter() {
		this.contextRunner
			.withPropertyValues("ai-infra.tracing.exporter=jaeger",
					"ai-infra.tracing.jaeger.endpoint=http://jaeger:14268/api/traces")
			.run((context) -> {
				FailureAnalysis analysis = FailureAnalyses.analyze(context.getStartupFailure());
				assertThat(analysis.getDescription()).contains("'ai-infra.tracing.jaeger.endpoint'",
						"Jaeger ingests OTLP on port 4317");
				assertThat(analysis.getAction()).contains("ai-infra.tracing.jaeger.endpoint=http://jaeger:4317");
			});
	}

	@Test
	void shouldExplainOneEndpointForSeveralNetworkExporters() {
		this.contextRunner
			.withPropertyValues("ai-infra.tracing.exporter=otlp,zipkin",
					"ai-infra.tracing.endpoint=http://collector:4317")
			.run((context) -> {
				FailureAnalysis analysis = FailureAnalyses.analyze(context.getStartupFailure());
				assertThat(analysis.getDescription()).contains("'ai-infra.tracing.endpoint'",
						"one endpoint cannot serve the exporters otlp, zipkin");
				assertThat(analysis.getAction()).contains("ai-infra.tracing.otlp.endpoint=http://localhost:4317",
						"ai-infra.tracing.zipkin.endpoint=http://localhost:9411/api/v2/spans");
			});
	}

	@Test
	void shouldExplainMalformedOtelExporterOtlpEndpoint() {
		this.contextRunner.withPropertyValues("OTEL_EXPORTER_OTLP_ENDPOINT=collector:4317").run((context) -> {
			FailureAnalysis analysis = FailureAnalyses.analyze(context.getStartupFailure());
			assertThat(analysis.getDescription()).contains("'OTEL_EXPORTER_OTLP_ENDPOINT'", "'collector:4317'");
		});
	}

	@Test
	void shouldExplainSampleRateThatIsNotANumber() {
		this.contextRunner.withPropertyValues("ai-infra.tracing.sample-rate=often").run((context) -> {
			Throwable failure = context.getStartupFailure();
			FailureAnalysis analysis = new AiInfraBindFailureAnalyzer().analyze(failure);
			assertThat(analysis).isNotNull();
			assertThat(analysis.getDescription()).contains("'often'", "'ai-infra.tracing.sample-rate'");
			assertThat(analysis.getAction()).contains("ai-infra.tracing.sample-rate=0.25");
		});
	}

	@Test
	void shouldLeaveOtherBindFailuresToBoot() {
		new ApplicationContextRunner().withUserConfiguration(OtherProperties.class)
			.withPropertyValues("other.count=many")
			.run((context) -> assertThat(new AiInfraBindFailureAnalyzer().analyze(context.getStartupFailure()))
				.isNull());
	}

	@Test
	void shouldReportInvalidPropertyWhenApplicationStarts(CapturedOutput output) {
		SpringApplication application = new SpringApplication(MinimalApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		assertThatException()
			.isThrownBy(() -> application.run("--ai-infra.tracing.exporter=kafka", "--spring.main.banner-mode=off"));
		assertThat(output).contains("APPLICATION FAILED TO START", "Invalid value 'kafka' for property 'ai-infra.tracing.exporter'",
				"ai-infra.tracing.exporter=otlp,console");
	}

	@Test
	void shouldReportUnconvertibleSampleRateWhenApplicationStarts(CapturedOutput output) {
		SpringApplication application = new SpringApplication(MinimalApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		assertThatException().isThrownBy(
				() -> application.run("--ai-infra.tracing.sample-rate=often", "--spring.main.banner-mode=off"));
		assertThat(output).contains("APPLICATION FAILED TO START",
				"Invalid value 'often' for property 'ai-infra.tracing.sample-rate'",
				"ai-infra.tracing.sample-rate=0.25");
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class MinimalApplication {

	}

	@Configuration(proxyBeanMethods = false)
	@org.springframework.boot.context.properties.EnableConfigurationProperties(OtherProperties.Props.class)
	static class OtherProperties {

		@org.springframework.boot.context.properties.ConfigurationProperties("other")
		static class Props {

			private int count;

			public int getCount() {
				return this.count;
			}

			public void setCount(int count) {
				this.count = count;
			}

		}

	}

}
