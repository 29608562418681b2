package ai.infra.autoconfigure.tracing;

import ai.infra.internal.export.DroppedSpans;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SpanExporter;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.SpanExporters;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.otlp.OtlpTracingAutoConfiguration;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;

/**
 * Auto-configuration that puts ai-infra's tracing settings on top of Boot's OpenTelemetry
 * tracing: sampler, resource attributes, propagators and span exporters, whose outages
 * are reported once each, and a shutdown that waits no longer than the export timeout.
 * Boot still creates the one {@code SdkTracerProvider} and the one batch span processor.
 */
@AutoConfiguration(before = { OpenTelemetryTracingAutoConfiguration.class, OtlpTracingAutoConfiguration.class },
		beforeName = "org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.zipkin.ZipkinWithOpenTelemetryTracingAutoConfiguration")
@ConditionalOnClass({ SdkTracerProvider.class, OpenTelemetryTracingAutoConfiguration.class })
@ConditionalOnBooleanProperty(name = "ai-infra.tracing.enabled", matchIfMissing = true)
@EnableConfigurationProperties(AiInfraTracingProperties.class)
@Import({ AiInfraTracingConfigurations.Sampling.class, AiInfraTracingConfigurations.ResourceAttributes.class,
		AiInfraTracingConfigurations.Propagation.class, AiInfraTracingConfigurations.Shutdown.class,
		AiInfraSpanExporterConfigurations.OtlpGrpc.class,
		AiInfraSpanExporterConfigurations.OtlpHttp.class, AiInfraSpanExporterConfigurations.Jaeger.class,
		AiInfraSpanExporterConfigurations.Zipkin.class, AiInfraSpanExporterConfigurations.Console.class })
public final class AiInfraTracingAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	AiInfraTracingSettings aiInfraTracingSettings(AiInfraTracingProperties properties, Environment environment,
			ApplicationContext context) {
		AiInfraTracingSettings settings = AiInfraTracingSettings.resolve(properties, environment);
		settings.requireLibraries(context.getClassLoader());
		return settings;
	}

	@Bean
	@ConditionalOnMissingBean
	SpanExporters aiInfraSpanExporters(ObjectProvider<SpanExporter> exporters,
			ConfigurableListableBeanFactory beanFactory, AiInfraTracingSettings settings,
			ObjectProvider<DroppedSpans> droppedSpans) {
		return OutageReportingSpanExporters.of(exporters, beanFactory, settings,
				droppedSpans.getIfAvailable(DroppedSpans::ignored));
	}

}
