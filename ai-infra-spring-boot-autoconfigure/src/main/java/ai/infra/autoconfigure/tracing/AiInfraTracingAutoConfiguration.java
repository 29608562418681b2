package ai.infra.autoconfigure.tracing;

import ai.infra.autoconfigure.ConditionalOnAiInfraEnabled;
import ai.infra.internal.export.DroppedSpans;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SpanExporter;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.SpanExporters;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.otlp.OtlpTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.otlp.OtlpTracingConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;

/**
 * Auto-configuration that puts ai-infra's tracing settings on top of Boot's OpenTelemetry
 * tracing: sampler, resource attributes, propagators and span exporters, whose outages
 * are reported once each, and a shutdown that waits no longer than the export timeout.
 * Settings the selected exporters do not use are checked all the same and warned about.
 * Boot still creates the one {@code SdkTracerProvider} and the one batch span processor.
 * Under the OpenTelemetry Java agent the agent's SDK records every span, so none of this
 * applies (see {@link AiInfraJavaAgentAutoConfiguration}).
 */
@AutoConfiguration(before = { OpenTelemetryTracingAutoConfiguration.class, OtlpTracingAutoConfiguration.class },
		beforeName = "org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.zipkin.ZipkinWithOpenTelemetryTracingAutoConfiguration")
@ConditionalOnClass({ SdkTracerProvider.class, OpenTelemetryTracingAutoConfiguration.class })
@ConditionalOnAiInfraEnabled
@ConditionalOnOpenTelemetryJavaAgent(attached = false)
@EnableConfigurationProperties(AiInfraTracingProperties.class)
@Import({ AiInfraTracingConfigurations.Sampling.class, AiInfraTracingConfigurations.ResourceAttributes.class,
		AiInfraTracingConfigurations.Propagation.class, AiInfraTracingConfigurations.Shutdown.class,
		OtlpSpanExporterConfigurations.OtlpGrpc.class, OtlpSpanExporterConfigurations.OtlpHttp.class,
		OtlpSpanExporterConfigurations.Jaeger.class, OtlpSpanExporterConfigurations.OtlpLibraryMissing.class,
		OtlpSpanExporterConfigurations.JaegerLibraryMissing.class, AiInfraSpanExporterConfigurations.Zipkin.class,
		AiInfraSpanExporterConfigurations.ZipkinLibraryMissing.class, AiInfraSpanExporterConfigurations.Console.class })
public final class AiInfraTracingAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ExportTargets aiInfraExportTargets(AiInfraTracingProperties properties, Environment environment,
			ObjectProvider<OtlpTracingConnectionDetails> connectionDetails) {
		return ExportTargets.resolve(properties, environment, BootOtlpEndpoint.find(connectionDetails, environment));
	}

	@Bean
	@ConditionalOnMissingBean
	UnusedSettings aiInfraUnusedSettings(AiInfraTracingProperties properties, ExportTargets targets,
			Environment environment) {
		return UnusedSettings.find(properties, targets, environment);
	}

	@Bean
	@ConditionalOnMissingBean
	SpanExporters aiInfraSpanExporters(ObjectProvider<SpanExporter> exporters,
			ConfigurableListableBeanFactory beanFactory, ExportTargets targets,
			ObjectProvider<DroppedSpans> droppedSpans) {
		return OutageReportingSpanExporters.of(exporters, beanFactory, targets,
				droppedSpans.getIfAvailable(DroppedSpans::ignored));
	}

}
