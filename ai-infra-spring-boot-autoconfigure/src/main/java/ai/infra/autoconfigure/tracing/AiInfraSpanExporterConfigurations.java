package ai.infra.autoconfigure.tracing;

import ai.infra.internal.export.ConsoleSpanExporter;
import ai.infra.internal.export.ExportTarget;
import ai.infra.internal.export.ExporterType;
import ai.infra.internal.export.OtlpProtocol;
import ai.infra.internal.export.ZipkinExporterFactory;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporterBuilder;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporterBuilder;
import io.opentelemetry.exporter.zipkin.ZipkinSpanExporter;
import io.opentelemetry.sdk.trace.export.SpanExporter;

import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Span exporter configurations imported by {@link AiInfraTracingAutoConfiguration}, one
 * per exporter. Boot's batch span processor picks up every {@link SpanExporter} bean, so
 * each exporter is simply a bean; typed OTLP and Zipkin beans make Boot's own exporters
 * for the same backend back off. Every exporter gives up on a request after the export
 * timeout, so an endpoint that never answers cannot hold an export longer than that.
 */
final class AiInfraSpanExporterConfigurations {

	private AiInfraSpanExporterConfigurations() {
	}

	static OtlpGrpcSpanExporter otlpGrpc(ExportTarget target, AiInfraTracingSettings settings) {
		OtlpGrpcSpanExporterBuilder builder = OtlpGrpcSpanExporter.builder()
			.setEndpoint(target.endpoint().toString())
			.setTimeout(settings.exportTimeout());
		settings.headers().forEach(builder::addHeader);
		return builder.build();
	}

	static OtlpHttpSpanExporter otlpHttp(ExportTarget target, AiInfraTracingSettings settings) {
		OtlpHttpSpanExporterBuilder builder = OtlpHttpSpanExporter.builder()
			.setEndpoint(target.endpoint().toString())
			.setTimeout(settings.exportTimeout());
		settings.headers().forEach(builder::addHeader);
		return builder.build();
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(OtlpGrpcSpanExporter.class)
	@ConditionalOnAiInfraExporter(value = ExporterType.OTLP, protocol = OtlpProtocol.GRPC)
	static class OtlpGrpc {

		@Bean
		@ConditionalOnMissingBean({ OtlpGrpcSpanExporter.class, OtlpHttpSpanExporter.class })
		OtlpGrpcSpanExporter aiInfraOtlpGrpcSpanExporter(AiInfraTracingSettings settings) {
			return otlpGrpc(settings.exportTarget(ExporterType.OTLP), settings);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(OtlpHttpSpanExporter.class)
	@ConditionalOnAiInfraExporter(value = ExporterType.OTLP, protocol = OtlpProtocol.HTTP_PROTOBUF)
	static class OtlpHttp {

		@Bean
		@ConditionalOnMissingBean({ OtlpGrpcSpanExporter.class, OtlpHttpSpanExporter.class })
		OtlpHttpSpanExporter aiInfraOtlpHttpSpanExporter(AiInfraTracingSettings settings) {
			return otlpHttp(settings.exportTarget(ExporterType.OTLP), settings);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(OtlpGrpcSpanExporter.class)
	@ConditionalOnAiInfraExporter(ExporterType.JAEGER)
	static class Jaeger {

		// Declared as SpanExporter so that Boot's own OTLP exporter, when configured
		// through management.* properties, still sends to its own collector.
		@Bean
		@ConditionalOnMissingBean(name = "aiInfraJaegerSpanExporter")
		SpanExporter aiInfraJaegerSpanExporter(AiInfraTracingSettings settings) {
			ExportTarget target = settings.exportTarget(ExporterType.JAEGER);
			return (target.protocol() == OtlpProtocol.GRPC) ? otlpGrpc(target, settings)
					: otlpHttp(target, settings);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(ZipkinSpanExporter.class)
	@ConditionalOnAiInfraExporter(ExporterType.ZIPKIN)
	static class Zipkin {

		@Bean
		@ConditionalOnMissingBean(value = ZipkinSpanExporter.class, name = "aiInfraZipkinSpanExporter")
		SpanExporter aiInfraZipkinSpanExporter(AiInfraTracingSettings settings) {
			return ZipkinExporterFactory.create(settings.exportTarget(ExporterType.ZIPKIN).endpoint(),
					settings.exportTimeout());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnAiInfraExporter(ExporterType.CONSOLE)
	static class Console {

		@Bean
		@ConditionalOnMissingBean
		ConsoleSpanExporter aiInfraConsoleSpanExporter() {
			return new ConsoleSpanExporter();
		}

	}

}
