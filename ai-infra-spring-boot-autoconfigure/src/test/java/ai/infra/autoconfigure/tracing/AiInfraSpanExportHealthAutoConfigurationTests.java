package ai.infra.autoconfigure.tracing;

import java.util.List;

import ai.infra.autoconfigure.llm.AiInfraMetricsAutoConfiguration;
import ai.infra.internal.export.BlockingSpanExporter;
import ai.infra.internal.export.ConsoleSpanExporter;
import ai.infra.internal.export.OutageReportingSpanExporter;
import ai.infra.internal.export.QueueFullSpansMeterProvider;
import ai.infra.internal.metrics.DroppedSpanMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.SpanExporters;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.otlp.OtlpTracingAutoConfiguration;
import org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the export health beans of {@link AiInfraTracingAutoConfiguration} (ai-infra's
 * network exporters reporting their outages) and {@link AiInfraMetricsAutoConfiguration}
 * (the dropped-span counter and the meter provider that feeds it from Boot's batch span
 * processor).
 */
class AiInfraSpanExportHealthAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
				CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class,
				OpenTelemetrySdkAutoConfiguration.class, OpenTelemetryTracingAutoConfiguration.class,
				OtlpTracingAutoConfiguration.class, AiInfraTracingAutoConfiguration.class,
				AiInfraMetricsAutoConfiguration.class));

	@Test
	void shouldReportOutagesOfTheOtlpExporterWhileKeepingItsBeanType() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(OtlpGrpcSpanExporter.class);
			assertThat(reportedExporters(context)).containsExactly(context.getBean(OtlpGrpcSpanExporter.class));
		});
	}

	@Test
	void shouldReportOutagesOfTheOtlpHttpExporter() {
		this.contextRunner.withPropertyValues("ai-infra.tracing.endpoint=http://collector:4318")
			.run((context) -> assertThat(reportedExporters(context))
				.containsExactly(context.getBean(OtlpHttpSpanExporter.class)));
	}

	@Test
	void shouldReportOutagesOfEveryNetworkExporterButNotOfTheConsole() {
		this.contextRunner
			.withPropertyValues("ai-infra.tracing.exporter=jaeger, zipkin, console",
					"ai-infra.tracing.jaeger.endpoint=http://jaeger:4317",
					"ai-infra.tracing.zipkin.endpoint=http://zipkin:9411")
			.run((context) -> {
				assertThat(reportedExporters(context)).containsExactlyInAnyOrder(
						context.getBean("aiInfraJaegerSpanExporter", SpanExporter.class),
						context.getBean("aiInfraZipkinSpanExporter", SpanExporter.class));
				assertThat(context.getBean(SpanExporters.class).list())
					.contains(context.getBean(ConsoleSpanExporter.class));
			});
	}

	@Test
	void shouldLeaveTheUsersAndBootsOwnExportersAsTheyAre() {
		this.contextRunner.withUserConfiguration(InMemorySpanExporterConfiguration.class)
			.withPropertyValues("ai-infra.tracing.exporter=jaeger",
					"management.opentelemetry.tracing.export.otlp.endpoint=http://boot-collector:4318/v1/traces")
			.run((context) -> {
				List<SpanExporter> exporters = context.getBean(SpanExporters.class).list();
				assertThat(exporters).hasSize(3)
					.contains(context.getBean(InMemorySpanExporter.class),
							context.getBean(OtlpHttpSpanExporter.class));
				assertThat(reportedExporters(context))
					.containsExactly(context.getBean("aiInfraJaegerSpanExporter", SpanExporter.class));
			});
	}

	@Test
	void shouldNotDuplicateBootsOtlpExporterInTheExportedList() {
		this.contextRunner
			.withPropertyValues("management.opentelemetry.tracing.export.otlp.endpoint=http://boot-collector:4318/v1/traces")
			.run((context) -> {
				// ai-infra's exporter sends to Boot's endpoint, and Boot's own backs off.
				assertThat(context).hasBean("aiInfraOtlpHttpSpanExporter").hasSingleBean(OtlpHttpSpanExporter.class);
				assertThat(context.getBean(SpanExporters.class).list()).singleElement()
					.isInstanceOf(OutageReportingSpanExporter.class);
			});
	}

	@Test
	void shouldBackOffFromAUsersSpanExporters() {
		this.contextRunner.withUserConfiguration(UserSpanExportersConfiguration.class)
			.run((context) -> assertThat(context.getBean(SpanExporters.class))
				.isSameAs(UserSpanExportersConfiguration.EXPORTERS));
	}

	@Test
	void shouldRegisterTheDroppedSpanCounterAtZeroForEachReason() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(DroppedSpanMetrics.class);
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(registry.get("ai.tracing.spans.dropped").tag("reason", "queue_full").counter().count())
				.isZero();
			assertThat(registry.get("ai.tracing.spans.dropped").tag("reason", "export_failed").counter().count())
				.isZero();
		});
	}

	@Test
	void shouldCountSpansBootsBatchSpanProcessorDropsWhenItsQueueIsFull() {
		this.contextRunner.withUserConfiguration(BlockingExporterConfiguration.class)
			.withPropertyValues("ai-infra.tracing.exporter=none",
					"management.opentelemetry.tracing.export.max-queue-size=2",
					"management.opentelemetry.tracing.export.max-batch-size=1",
					"management.opentelemetry.tracing.export.schedule-delay=1ms")
			.run((context) -> {
				assertThat(context.getBean(MeterProvider.class)).isInstanceOf(QueueFullSpansMeterProvider.class);
				BlockingSpanExporter exporter = context.getBean(BlockingSpanExporter.class);
				Tracer tracer = context.getBean(OpenTelemetry.class).getTracer("test");
				try {
					tracer.spanBuilder("first").startSpan().end();
					assertThat(exporter.awaitExporting()).isTrue();
					for (int i = 0; i < 5; i++) {
						tracer.spanBuilder("more").startSpan().end();
					}
				}
				finally {
					exporter.release();
				}
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				assertThat(registry.get("ai.tracing.spans.dropped").tag("reason", "queue_full").counter().count())
					.isEqualTo(3);
			});
	}

	@Test
	void shouldLeaveTheProcessorToAUsersOwnMeterProvider() {
		this.contextRunner.withUserConfiguration(UserMeterProviderConfiguration.class).run((context) -> {
			assertThat(context.getBean(MeterProvider.class)).isSameAs(UserMeterProviderConfiguration.METER_PROVIDER);
			assertThat(context).hasSingleBean(DroppedSpanMetrics.class);
		});
	}

	@Test
	void shouldStillReportOutagesWithoutMicrometer() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(OpenTelemetrySdkAutoConfiguration.class,
					OpenTelemetryTracingAutoConfiguration.class, AiInfraTracingAutoConfiguration.class,
					AiInfraMetricsAutoConfiguration.class))
			.withClassLoader(new FilteredClassLoader(MeterRegistry.class))
			.run((context) -> {
				assertThat(context).hasNotFailed()
					.doesNotHaveBean(DroppedSpanMetrics.class)
					.doesNotHaveBean(MeterProvider.class);
				assertThat(reportedExporters(context)).hasSize(1);
			});
	}

	@Test
	void shouldAddNoMeterProviderWithoutTheOpenTelemetryMetricsApi() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(MeterProvider.class)).run((context) -> {
			assertThat(context).hasNotFailed()
				.doesNotHaveBean(MeterProvider.class)
				.doesNotHaveBean(DroppedSpanMetrics.class);
			assertThat(reportedExporters(context)).hasSize(1);
		});
	}

	@Test
	void shouldStillReportOutagesWithoutTheMetersWhenMetricsAreDisabled() {
		this.contextRunner.withPropertyValues("ai-infra.tracing.enable-metrics=false").run((context) -> {
			assertThat(context).doesNotHaveBean(DroppedSpanMetrics.class).doesNotHaveBean(MeterProvider.class);
			assertThat(reportedExporters(context)).hasSize(1);
		});
	}

	@Test
	void shouldAddNothingWhenDisabled() {
		this.contextRunner.withPropertyValues("ai-infra.tracing.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean("aiInfraSpanExporters")
				.doesNotHaveBean(DroppedSpanMetrics.class)
				.doesNotHaveBean(MeterProvider.class);
			// Boot's own list is back.
			assertThat(context).hasSingleBean(SpanExporters.class);
		});
	}

	private static List<SpanExporter> reportedExporters(AssertableApplicationContext context) {
		return context.getBean(SpanExporters.class)
			.list()
			.stream()
			.filter(OutageReportingSpanExporter.class::isInstance)
			.map((exporter) -> ((OutageReportingSpanExporter) exporter).getDelegate())
			.toList();
	}

	@Configuration(proxyBeanMethods = false)
	static class UserSpanExportersConfiguration {

		static final SpanExporters EXPORTERS = SpanExporters.of(List.of());

		@Bean
		SpanExporters userSpanExporters() {
			return EXPORTERS;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserMeterProviderConfiguration {

		static final MeterProvider METER_PROVIDER = MeterProvider.noop();

		@Bean
		MeterProvider userMeterProvider() {
			return METER_PROVIDER;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class BlockingExporterConfiguration {

		@Bean
		BlockingSpanExporter blockingSpanExporter() {
			return new BlockingSpanExporter();
		}

	}

}
