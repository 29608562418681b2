package ai.infra.autoconfigure.tracing;

import ai.infra.autoconfigure.ConditionalOnAiInfraEnabled;
import ai.infra.internal.propagation.BaggageAttributesSpanProcessor;
import ai.infra.internal.propagation.OpenTelemetryContextAccessor;
import ai.infra.tracing.AiTracer;
import ai.infra.tracing.AiTracing;
import io.micrometer.context.ContextRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.trace.SpanProcessor;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration;
import org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.support.ContextPropagatingTaskDecorator;

/**
 * Auto-configuration for ai-infra's manual tracing API and context propagation: the
 * {@link AiTracer} bean, the application's OpenTelemetry for
 * {@link AiTracing#getTracer(String)}, baggage entries as span attributes, and the
 * current span carried to Spring's task executors and Reactor operators.
 * <p>
 * With {@code ai-infra.tracing.enabled=false} the {@code AiTracer} bean is a no-op, so
 * code that injects it keeps working without making spans.
 */
@AutoConfiguration(after = { AiInfraTracingAutoConfiguration.class, OpenTelemetrySdkAutoConfiguration.class,
		OpenTelemetryTracingAutoConfiguration.class })
@ConditionalOnClass(OpenTelemetry.class)
public final class AiInfraTracerAutoConfiguration {

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnAiInfraEnabled
	@EnableConfigurationProperties(AiInfraTracingProperties.class)
	static class Tracing {

		@Bean
		@ConditionalOnMissingBean
		AiTracer aiTracer(ObjectProvider<OpenTelemetry> openTelemetry, ObjectProvider<ContextPropagators> propagators) {
			OpenTelemetry instance = openTelemetry.getIfUnique();
			if (instance == null) {
				// No OpenTelemetry of Boot's: whatever GlobalOpenTelemetry holds, for
				// example the one of the OpenTelemetry Java agent.
				return AiTracing.getTracer(AiTracing.INSTRUMENTATION_NAME);
			}
			return AiTracer.create(instance.getTracer(AiTracing.INSTRUMENTATION_NAME),
					propagators.getIfUnique(instance::getPropagators));
		}

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnSingleCandidate(OpenTelemetry.class)
		AiTracing.Registration aiTracingRegistration(OpenTelemetry openTelemetry) {
			return AiTracing.register(openTelemetry);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty(name = ConditionalOnAiInfraEnabled.PROPERTY, havingValue = false)
	static class TracingDisabled {

		@Bean
		@ConditionalOnMissingBean
		AiTracer aiTracer() {
			return AiTracer.noop();
		}

		// Tracers from AiTracing.getTracer inside this application make no spans either.
		@Bean
		@ConditionalOnMissingBean
		AiTracing.Registration aiTracingRegistration() {
			return AiTracing.register(OpenTelemetry.noop());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(SpanProcessor.class)
	@ConditionalOnAiInfraEnabled
	@EnableConfigurationProperties(AiInfraTracingProperties.class)
	static class BaggageAttributes {

		// Boot adds every SpanProcessor bean to its SdkTracerProvider.
		@Bean
		@ConditionalOnMissingBean
		BaggageAttributesSpanProcessor aiInfraBaggageAttributesSpanProcessor(AiInfraTracingProperties properties) {
			return new BaggageAttributesSpanProcessor(AiTracing.INSTRUMENTATION_NAME,
					properties.getBaggageAttributes());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ ContextRegistry.class, ContextPropagatingTaskDecorator.class })
	@ConditionalOnAiInfraEnabled
	static class ContextPropagation {

		// JVM-wide and idempotent, like the registry itself. Registered after
		// Micrometer's observation accessor, which the registry loads first.
		@Bean
		@ConditionalOnMissingBean
		OpenTelemetryContextAccessor aiInfraOpenTelemetryContextAccessor() {
			return OpenTelemetryContextAccessor.register(ContextRegistry.getInstance());
		}

		// Boot's task executor builders apply every TaskDecorator bean, so @Async methods
		// and futures run on the application task executor see the submitter's context.
		@Bean
		@ConditionalOnMissingBean
		ContextPropagatingTaskDecorator aiInfraContextPropagatingTaskDecorator() {
			return new ContextPropagatingTaskDecorator();
		}

	}

}
