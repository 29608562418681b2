package ai.infra.autoconfigure.tracing;

import ai.infra.internal.export.ConsoleSpanExporter;
import ai.infra.internal.export.ExporterType;
import ai.infra.internal.export.ZipkinExporterFactory;
import io.opentelemetry.exporter.zipkin.ZipkinSpanExporter;
import io.opentelemetry.sdk.trace.export.SpanExporter;

import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The Zipkin and console span exporters, imported by
 * {@link AiInfraTracingAutoConfiguration}. Boot's batch span processor picks up every
 * {@link SpanExporter} bean, so each exporter is simply a bean; the Zipkin exporter
 * gives up on a request after the export timeout.
 */
final class AiInfraSpanExporterConfigurations {

	private AiInfraSpanExporterConfigurations() {
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(ZipkinSpanExporter.class)
	@ConditionalOnAiInfraExporter(ExporterType.ZIPKIN)
	static class Zipkin {

		@Bean
		@ConditionalOnMissingBean(value = ZipkinSpanExporter.class, name = "aiInfraZipkinSpanExporter")
		SpanExporter aiInfraZipkinSpanExporter(ExportTargets targets, Environment environment) {
			return ZipkinExporterFactory.create(targets.target(ExporterType.ZIPKIN).endpoint(),
					ExportTimeout.resolve(environment));
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingClass("io.opentelemetry.exporter.zipkin.ZipkinSpanExporter")
	@ConditionalOnAiInfraExporter(ExporterType.ZIPKIN)
	static class ZipkinLibraryMissing {

		ZipkinLibraryMissing() {
			throw MissingExporterLibrary.of(ExporterType.ZIPKIN, "io.opentelemetry:opentelemetry-exporter-zipkin");
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
