package ai.infra.autoconfigure.tracing;

import java.net.URI;
import java.util.List;
import java.util.concurrent.TimeUnit;

import ai.infra.autoconfigure.InvalidAiInfraPropertyException;
import ai.infra.internal.export.ConsoleSpanExporter;
import ai.infra.internal.export.ExportTarget;
import ai.infra.internal.export.ExporterType;
import ai.infra.internal.export.OtlpProtocol;
import ai.infra.tracing.AiSampler;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.exporter.zipkin.ZipkinSpanExporter;
import io.opentelemetry.extension.trace.propagation.B3Propagator;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.otlp.OtlpTracingAutoConfiguration;
import org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link AiInfraTracingAutoConfiguration}.
 */
class AiInfraTracingAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(OpenTelemetrySdkAutoConfiguration.class,
				OpenTelemetryTracingAutoConfiguration.class, OtlpTracingAutoConfiguration.class,
				AiInfraTracingAutoConfiguration.class));

	@Test
	void shouldExportOverOtlpGrpcToLocalhostByDefault() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(OtlpGrpcSpanExporter.class)
				.doesNotHaveBean(OtlpHttpSpanExporter.class)
				.hasSingleBean(SdkTracerProvider.class);
			assertThat(target(context, ExporterType.OTLP))
				.isEqualTo(new ExportTarget(ExporterType.OTLP, URI.create("http://localhost:4317"), OtlpProtocol.GRPC));
		});
	}

	@Test
	void shouldExportOverOtlpHttpWhenPortIsNotTheGrpcPort() {
		this.contextRunner.withPropertyValues("ai-infra.tracing.endpoint=http://collector:4318").run((context) -> {
			assertThat(context).hasSingleBean(OtlpHttpSpanExporter.class).doesNotHaveBean(OtlpGrpcSpanExporter.class);
			assertThat(target(context, ExporterType.OTLP).endpoint())
				.isEqualTo(URI.create("http://collector:4318/v1/traces"));
		});
	}

	@Test
	void shouldKeepAnExplicitOtlpHttpPath() {
		this.contextRunner
			.withPropertyValues("ai-infra.tracing.endpoint=https://cloud.example.com/api/public/otel/v1/traces")
			.run((context) -> assertThat(target(context, ExporterType.OTLP)).isEqualTo(new ExportTarget(
					ExporterType.OTLP, URI.create("https://cloud.example.com/api/public/otel/v1/traces"),
					OtlpProtocol.HTTP_PROTOBUF)));
	}

	@Test
	void shouldUseGrpcWhenProtocolIsGrpcOnAnotherPort() {
		this.contextRunner
			.withPropertyValues("ai-infra.tracing.endpoint=http://collector:9999", "ai-infra.tracing.protocol=grpc")
			.run((context) -> {
				assertThat(context).hasSingleBean(OtlpGrpcSpanExporter.class);
				assertThat(target(context, ExporterType.OTLP).endpoint())
					.isEqualTo(URI.create("http://collector:9999"));
			});
	}

	@Test
	void shouldUseHttpWhenProtocolIsHttpProtobufOnTheGrpcPort() {
		this.contextRunner
			.withPropertyValues("ai-infra.tracing.endpoint=http://collector:4317",
					"ai-infra.tracing.protocol=http/protobuf")
			.run((context) -> {
				assertThat(context).hasSingleBean(OtlpHttpSpanExporter.class);
				assertThat(target(context, ExporterType.OTLP).endpoint())
					.isEqualTo(URI.create("http://collector:4317/v1/traces"));
			});
	}

	@Test
	void shouldTakeOtelExporterOtlpEndpointAsFallback() {
		this.contextRunner.withPropertyValues("OTEL_EXPORTER_OTLP_ENDPOINT=http://otel-collector:4318")
			.run((context) -> assertThat(target(context, ExporterType.OTLP).endpoint())
				.isEqualTo(URI.create("http://otel-collector:4318/v1/traces")));
	}

	@Test
	void shouldPreferAiInfraEndpointOverOtelExporterOtlpEndpoint() {
		this.contextRunner
			.withPropertyValues("OTEL_EXPORTER_OTLP_ENDPOINT=http://otel-collector:4318",
					"ai-infra.tracing.endpoint=http://ai-collector:4317")
			.run((context) -> assertThat(target(context, ExporterType.OTLP).endpoint())
				.isEqualTo(URI.create("http://ai-collector:4317")));
	}

	@Test
	void shouldExportToJaegerOverOtlp() {
		this.contextRunner.withPropertyValues("ai-infra.tracing.exporter=jaeger").run((context) -> {
			assertThat(context).hasBean("aiInfraJaegerSpanExporter").doesNotHaveBean("aiInfraOtlpGrpcSpanExporter");
			assertThat(context.getBean("aiInfraJaegerSpanExporter")).isInstanceOf(OtlpGrpcSpanExporter.class);
			assertThat(target(context, ExporterType.JAEGER)).isEqualTo(
					new ExportTarget(ExporterType.JAEGER, URI.create("http://localhost:4317"), OtlpProtocol.GRPC));
		});
	}

	@Test
	void shouldExportToZipkinWhenExporterIsZipkin() {
		this.contextRunner.withPropertyValues("ai-infra.tracing.exporter=zipkin").run((context) -> {
			assertThat(context).hasBean("aiInfraZipkinSpanExporter").doesNotHaveBean(OtlpGrpcSpanExporter.class);
			assertThat(target(context, ExporterType.ZIPKIN).endpoint())
				.isEqualTo(URI.create("http://localhost:9411/api/v2/spans"));
		});
	}

	@Test
	void shouldAddZipkinSpansPathWhenEndpointHasNoPath() {
		this.contextRunner
			.withPropertyValues("ai-infra.tracing.exporter=zipkin", "ai-infra.tracing.endpoint=http://zipkin:9411")
			.run((context) -> assertThat(target(context, ExporterType.ZIPKIN).endpoint())
				.isEqualTo(URI.create("http://zipkin:9411/api/v2/spans")));
	}

	@Test
	void shouldWriteSpansToConsoleWhenExporterIsConsole() {
		this.contextRunner.withPropertyValues("ai-infra.tracing.exporter=console")
			.run((context) -> assertThat(context).hasSingleBean(ConsoleSpanExporter.class)
				.doesNotHaveBean(OtlpGrpcSpanExporter.class)
				.doesNotHaveBean("aiInfraZipkinSpanExporter"));
	}

	@Test
	void shouldCreateEveryExporterOfAList() {
		this.contextRunner
			.withPropertyValues("ai-infra.tracing.exporter=otlp, console, zipkin",
					"ai-infra.tracing.otlp.endpoint=http://collector:4318",
					"ai-infra.tracing.zipkin.endpoint=http://zipkin:9411/api/v2/spans")
			.run((context) -> {
				assertThat(context).hasSingleBean(OtlpHttpSpanExporter.class)
					.hasSingleBean(ConsoleSpanExporter.class)
					.hasBean("aiInfraZipkinSpanExporter");
				assertThat(context.getBean(ExportTargets.class).targets())
					.extracting(ExportTarget::type)
					.containsExactly(ExporterType.OTLP, ExporterType.CONSOLE, ExporterType.ZIPKIN);
			});
	}

	@Test
	void shouldBindExportersFromAYamlStyleList() {
		this.contextRunner
			.withPropertyValues("ai-infra.tracing.exporter[0]=console", "ai-infra.tracing.exporter[1]=zipkin")
			.run((context) -> assertThat(context).hasSingleBean(ConsoleSpanExporter.class)
				.hasBean("aiInfraZipkinSpanExporter"));
	}

	@Test
	void shouldCreateNoExporterWhenExporterIsNone() {
		this.contextRunner.withPropertyValues("ai-infra.tracing.exporter=none").run((context) -> {
			assertThat(context).doesNotHaveBean(SpanExporter.class).hasSingleBean(SdkTracerProvider.class);
			assertThat(context.getBean(ExportTargets.class).targets()).isEmpty();
		});
	}

	@Test
	void shouldContributeNothingWhenDisabled() {
		this.contextRunner.withPropertyValues("ai-infra.tracing.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(ExportTargets.class)
				.doesNotHaveBean(SpanExporter.class)
				.doesNotHaveBean("aiInfraSampler")
				.doesNotHaveBean("aiInfraResourceCustomizer");
			// Boot's own tracing is untouched: its default sampler is back.
			assertThat(context.getBean(Sampler.class).getDescription()).contains("0.1");
		});
	}

	@Test
	void shouldNotDuplicateBootsOtlpExporterAndSendToBootsEndpoint() {
		this.contextRunner
			.withPropertyValues("management.opentelemetry.tracing.export.otlp.endpoint=http://boot-collector:4318/v1/traces")
			.run((context) -> {
				assertThat(context.getBeansOfType(SpanExporter.class)).hasSize(1);
				assertThat(context).hasBean("aiInfraOtlpHttpSpanExporter");
				assertThat(target(context, ExporterType.OTLP)).isEqualTo(new ExportTarget(ExporterType.OTLP,
						URI.create("http://boot-collector:4318/v1/traces"), OtlpProtocol.HTTP_PROTOBUF));
			});
	}

	@Test
	void shouldNotDuplicateBootsOtlpExporterWhenAiInfraEndpointIsSet() {
		this.contextRunner
			.withPropertyValues("management.opentelemetry.tracing.export.otlp.endpoint=http://boot-collector:4318/v1/traces",
					"ai-infra.tracing.endpoint=http://ai-collector:4317")
			.run((context) -> {
				assertThat(context.getBeansOfType(SpanExporter.class)).hasSize(1);
				assertThat(context).hasBean("aiInfraOtlpGrpcSpanExporter");
				assertThat(target(context, ExporterType.OTLP).endpoint()).isEqualTo(URI.create("http://ai-collector:4317"));
			});
	}

	@Test
	void shouldKeepBootsOtlpExporterBesideJaeger() {
		this.contextRunner
			.withPropertyValues("ai-infra.tracing.exporter=jaeger",
					"management.opentelemetry.tracing.export.otlp.endpoint=http://boot-collector:4318/v1/traces")
			.run((context) -> {
				assertThat(context.getBeansOfType(SpanExporter.class)).hasSize(2);
				assertThat(context).hasSingleBean(OtlpHttpSpanExporter.class).hasBean("aiInfraJaegerSpanExporter");
			});
	}

	@Test
	void shouldBackOffFromUserSampler() {
		this.contextRunner.withUserConfiguration(UserSamplerConfiguration.class)
			.run((context) -> assertThat(context.getBean(Sampler.class)).isSameAs(UserSamplerConfiguration.SAMPLER));
	}

	@Test
	void shouldBackOffFromUserOtlpExporter() {
		this.contextRunner.withUserConfiguration(UserOtlpExporterConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(OtlpHttpSpanExporter.class).doesNotHaveBean(OtlpGrpcSpanExporter.class);
			assertThat(context).hasBean("userExporter");
		});
	}

	@Test
	void shouldKeepUserSpanExporterBesideOwnExporters() {
		this.contextRunner.withUserConfiguration(InMemorySpanExporterConfiguration.class)
			.withPropertyValues("ai-infra.tracing.exporter=console")
			.run((context) -> assertThat(context.getBeansOfType(SpanExporter.class)).hasSize(2));
	}

	@Test
	void shouldBackOffFromUserOpenTelemetry() {
		this.contextRunner.withUserConfiguration(UserOpenTelemetryConfiguration.class)
			.run((context) -> assertThat(context.getBean(OpenTelemetry.class))
				.isSameAs(UserOpenTelemetryConfiguration.OPEN_TELEMETRY));
	}

	@Test
	void shouldSampleEverythingByDefaultUnlikeBoot() {
		this.contextRunner.run((context) -> assertThat(context.getBean(Sampler.class).getDescription())
			.contains("AlwaysOnSampler"));
	}

	@Test
	void shouldUseSampleRateForRootSpans() {
		// Keep-sampling is on by default below rate 1.0: what the ratio drops is recorded.
		this.contextRunner.withPropertyValues("ai-infra.tracing.sample-rate=0.25")
			.run((context) -> assertThat(context.getBean(Sampler.class).getDescription())
				.isEqualTo("KeepSampler{root:TraceIdRatioBased{0.250000},remoteParentSampled:AlwaysOnSampler,"
						+ "remoteParentNotSampled:RecordOnly,localParentSampled:AlwaysOnSampler,"
						+ "localParentNotSampled:RecordOnlyWhileRecorded}"));
		this.contextRunner
			.withPropertyValues("ai-infra.tracing.sample-rate=0.25", "ai-infra.tracing.keep.errors=false",
					"ai-infra.tracing.keep.budget-events=false")
			.run((context) -> assertThat(context.getBean(Sampler.class).getDescription())
				.isEqualTo("ParentBased{root:TraceIdRatioBased{0.250000},remoteParentSampled:AlwaysOnSampler,"
						+ "remoteParentNotSampled:AlwaysOffSampler,localParentSampled:AlwaysOnSampler,"
						+ "localParentNotSampled:AlwaysOffSampler}"));
	}

	@Test
	void shouldFallBackToBootSamplingProbabilityWhenSampleRateIsNotSet() {
		this.contextRunner.withPropertyValues("management.tracing.sampling.probability=0.5")
			.run((context) -> assertThat(context.getBean(Sampler.class).getDescription())
				.contains("TraceIdRatioBased{0.500000}"));
	}

	@Test
	void shouldPreferSampleRateOverBootSamplingProbability() {
		this.contextRunner
			.withPropertyValues("management.tracing.sampling.probability=0.5", "ai-infra.tracing.sample-rate=0.75")
			.run((context) -> assertThat(context.getBean(Sampler.class).getDescription())
				.contains("TraceIdRatioBased{0.750000}"));
	}

	@Test
	void shouldUseAiSamplerBeanForRootSpans() {
		this.contextRunner.withUserConfiguration(AiSamplerConfiguration.class)
			.run((context) -> assertThat(context.getBean(Sampler.class).getDescription())
				.startsWith("KeepSampler{root:AiSampler{"));
	}

	@Test
	void shouldPutConfiguredResourceAttributesOnEverySpan() {
		this.contextRunner.withUserConfiguration(InMemorySpanExporterConfiguration.class)
			.withPropertyValues("ai-infra.tracing.exporter=none", "ai-infra.tracing.service-name=checkout",
					"ai-infra.tracing.service-version=1.4.2", "ai-infra.tracing.environment=staging",
					"spring.application.name=ignored")
			.run((context) -> {
				SpanData span = exportOneSpan(context);
				assertThat(span.getResource().getAttributes().asMap()).extractingFromEntries(
						(entry) -> entry.getKey().getKey() + "=" + entry.getValue())
					.contains("service.name=checkout", "service.version=1.4.2",
							"deployment.environment.name=staging");
			});
	}

	@Test
	void shouldTakeServiceNameFromOtelServiceNameBeforeApplicationName() {
		this.contextRunner.withUserConfiguration(InMemorySpanExporterConfiguration.class)
			.withPropertyValues("ai-infra.tracing.exporter=none", "OTEL_SERVICE_NAME=from-otel",
					"spring.application.name=from-spring")
			.run((context) -> assertThat(serviceName(exportOneSpan(context))).isEqualTo("from-otel"));
	}

	@Test
	void shouldTakeServiceNameFromApplicationName() {
		this.contextRunner.withUserConfiguration(InMemorySpanExporterConfiguration.class)
			.withPropertyValues("ai-infra.tracing.exporter=none", "spring.application.name=from-spring")
			.run((context) -> assertThat(serviceName(exportOneSpan(context))).isEqualTo("from-spring"));
	}

	@Test
	void shouldLeaveBootPropagationAloneWhenPropagatorsAreNotSet() {
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean("aiInfraContextPropagators"));
	}

	@Test
	void shouldUseConfiguredPropagators() {
		this.contextRunner.withPropertyValues("ai-infra.tracing.propagators=tracecontext, b3multi")
			.run((context) -> {
				assertThat(context).hasBean("aiInfraContextPropagators");
				assertThat(context.getBean(ContextPropagators.class).getTextMapPropagator().fields())
					.contains("traceparent", "X-B3-TraceId")
					.doesNotContain("baggage", "b3");
			});
	}

	@Test
	void shouldBackOffWhenBootOpenTelemetryTracingIsMissing() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(AiInfraTracingAutoConfiguration.class))
			.withClassLoader(new FilteredClassLoader(OpenTelemetryTracingAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(ExportTargets.class));
	}

	@Test
	void shouldBackOffWhenOpenTelemetrySdkIsMissing() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(AiInfraTracingAutoConfiguration.class))
			.withClassLoader(new FilteredClassLoader(SdkTracerProvider.class))
			.run((context) -> assertThat(context).doesNotHaveBean(ExportTargets.class));
	}

	@Test
	void shouldWorkWithoutOtlpLibraryWhenOtlpIsNotSelected() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(OtlpGrpcSpanExporter.class, OtlpHttpSpanExporter.class))
			.withPropertyValues("ai-infra.tracing.exporter=console")
			.run((context) -> assertThat(context).hasNotFailed().hasSingleBean(ConsoleSpanExporter.class));
	}

	@Test
	void shouldFailWhenZipkinIsSelectedWithoutItsLibrary() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(ZipkinSpanExporter.class))
			.withPropertyValues("ai-infra.tracing.exporter=zipkin")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidAiInfraPropertyException.class)
				.hasMessageContaining("io.opentelemetry:opentelemetry-exporter-zipkin"));
	}

	@Test
	void shouldFailWhenB3IsSelectedWithoutItsLibrary() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(B3Propagator.class))
			.withPropertyValues("ai-infra.tracing.propagators=b3")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("io.opentelemetry:opentelemetry-extension-trace-propagators"));
	}

	private static ExportTarget target(AssertableApplicationContext context, ExporterType type) {
		return context.getBean(ExportTargets.class).target(type);
	}

	private static SpanData exportOneSpan(AssertableApplicationContext context) {
		Tracer tracer = context.getBean(OpenTelemetry.class).getTracer("test");
		Span span = tracer.spanBuilder("test-span").startSpan();
		span.end();
		context.getBean(SdkTracerProvider.class).forceFlush().join(10, TimeUnit.SECONDS);
		List<SpanData> spans = context.getBean(InMemorySpanExporter.class).getFinishedSpanItems();
		assertThat(spans).hasSize(1);
		return spans.get(0);
	}

	private static String serviceName(SpanData span) {
		return span.getResource().getAttribute(io.opentelemetry.api.common.AttributeKey.stringKey("service.name"));
	}

	@Configuration(proxyBeanMethods = false)
	static class UserSamplerConfiguration {

		static final Sampler SAMPLER = Sampler.alwaysOff();

		@Bean
		Sampler userSampler() {
			return SAMPLER;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class AiSamplerConfiguration {

		@Bean
		AiSampler onlyAiTraces() {
			return (spanName, parent, traceId) -> spanName.startsWith("llm.") || spanName.startsWith("agent.");
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserOtlpExporterConfiguration {

		@Bean
		OtlpHttpSpanExporter userExporter() {
			return OtlpHttpSpanExporter.builder().setEndpoint("http://user-collector:4318/v1/traces").build();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserOpenTelemetryConfiguration {

		static final OpenTelemetry OPEN_TELEMETRY = OpenTelemetry.noop();

		@Bean
		OpenTelemetry userOpenTelemetry() {
			return OPEN_TELEMETRY;
		}

	}

}
