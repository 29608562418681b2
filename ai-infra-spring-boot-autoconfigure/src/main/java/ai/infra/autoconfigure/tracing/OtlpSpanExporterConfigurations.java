package ai.infra.autoconfigure.tracing;

import ai.infra.internal.export.ExportTarget;
import ai.infra.internal.export.ExporterType;
import ai.infra.internal.export.OtlpProtocol;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporterBuilder;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporterBuilder;
import io.opentelemetry.sdk.trace.export.SpanExporter;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.otlp.OtlpGrpcSpanExporterBuilderCustomizer;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.otlp.OtlpHttpSpanExporterBuilderCustomizer;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.otlp.OtlpTracingProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;

/**
 * The OTLP span exporters ({@code otlp} over gRPC or HTTP, and {@code jaeger}), imported
 * by {@link AiInfraTracingAutoConfiguration}. Each is built like Boot's own OTLP
 * exporter: Boot's {@code management.opentelemetry.tracing.export.otlp.*} settings and
 * exporter builder customizers apply, and ai-infra's endpoint, protocol and headers win
 * where both are set. Typed {@code otlp} beans make Boot's own OTLP exporter back off.
 */
final class OtlpSpanExporterConfigurations {

	private static final String OTLP_LIBRARY = "io.opentelemetry:opentelemetry-exporter-otlp";

	private OtlpSpanExporterConfigurations() {
	}

	static OtlpGrpcSpanExporter grpc(ExportTarget target, OtlpExportOptions options,
			ObjectProvider<OtlpGrpcSpanExporterBuilderCustomizer> customizers) {
		OtlpGrpcSpanExporterBuilder builder = OtlpGrpcSpanExporter.builder().setEndpoint(target.endpoint().toString());
		options.applyTo(builder);
		customizers.orderedStream().forEach((customizer) -> customizer.customize(builder));
		return builder.build();
	}

	static OtlpHttpSpanExporter http(ExportTarget target, OtlpExportOptions options,
			ObjectProvider<OtlpHttpSpanExporterBuilderCustomizer> customizers) {
		OtlpHttpSpanExporterBuilder builder = OtlpHttpSpanExporter.builder().setEndpoint(target.endpoint().toString());
		options.applyTo(builder);
		customizers.orderedStream().forEach((customizer) -> customizer.customize(builder));
		return builder.build();
	}

	/**
	 * Boot's and ai-infra's OTLP settings, resolved once for every OTLP exporter.
	 */
	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(OtlpTracingProperties.class)
	static class ExportOptions {

		@Bean
		@ConditionalOnMissingBean
		OtlpExportOptions aiInfraOtlpExportOptions(OtlpTracingProperties boot, AiInfraTracingProperties properties,
				Environment environment, ObjectProvider<SslBundles> sslBundles) {
			return OtlpExportOptions.of(boot, properties, environment, sslBundles);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(OtlpGrpcSpanExporter.class)
	@ConditionalOnAiInfraExporter(value = ExporterType.OTLP, protocol = OtlpProtocol.GRPC)
	@Import(ExportOptions.class)
	static class OtlpGrpc {

		@Bean
		@ConditionalOnMissingBean({ OtlpGrpcSpanExporter.class, OtlpHttpSpanExporter.class })
		OtlpGrpcSpanExporter aiInfraOtlpGrpcSpanExporter(ExportTargets targets, OtlpExportOptions options,
				ObjectProvider<OtlpGrpcSpanExporterBuilderCustomizer> customizers) {
			return grpc(targets.target(ExporterType.OTLP), options, customizers);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(OtlpHttpSpanExporter.class)
	@ConditionalOnAiInfraExporter(value = ExporterType.OTLP, protocol = OtlpProtocol.HTTP_PROTOBUF)
	@Import(ExportOptions.class)
	static class OtlpHttp {

		@Bean
		@ConditionalOnMissingBean({ OtlpGrpcSpanExporter.class, OtlpHttpSpanExporter.class })
		OtlpHttpSpanExporter aiInfraOtlpHttpSpanExporter(ExportTargets targets, OtlpExportOptions options,
				ObjectProvider<OtlpHttpSpanExporterBuilderCustomizer> customizers) {
			return http(targets.target(ExporterType.OTLP), options, customizers);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ OtlpGrpcSpanExporter.class, OtlpHttpSpanExporter.class })
	@ConditionalOnAiInfraExporter(ExporterType.JAEGER)
	@Import(ExportOptions.class)
	static class Jaeger {

		// Declared as SpanExporter so that Boot's own OTLP exporter, when configured
		// through management.* properties, still sends to its own collector.
		@Bean
		@ConditionalOnMissingBean(name = "aiInfraJaegerSpanExporter")
		SpanExporter aiInfraJaegerSpanExporter(ExportTargets targets, OtlpExportOptions options,
				ObjectProvider<OtlpGrpcSpanExporterBuilderCustomizer> grpcCustomizers,
				ObjectProvider<OtlpHttpSpanExporterBuilderCustomizer> httpCustomizers) {
			ExportTarget target = targets.target(ExporterType.JAEGER);
			return (target.protocol() == OtlpProtocol.GRPC) ? grpc(target, options, grpcCustomizers)
					: http(target, options, httpCustomizers);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingClass("io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter")
	@ConditionalOnAiInfraExporter(ExporterType.OTLP)
	static class OtlpLibraryMissing {

		OtlpLibraryMissing() {
			throw MissingExporterLibrary.of(ExporterType.OTLP, OTLP_LIBRARY);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingClass("io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter")
	@ConditionalOnAiInfraExporter(ExporterType.JAEGER)
	static class JaegerLibraryMissing {

		JaegerLibraryMissing() {
			throw MissingExporterLibrary.of(ExporterType.JAEGER, OTLP_LIBRARY);
		}

	}

}
