package ai.infra.autoconfigure.tracing;

import java.util.ArrayList;
import java.util.List;

import ai.infra.tracing.AiSampler;
import ai.infra.internal.sampling.AiSamplers;
import io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.extension.trace.propagation.B3Propagator;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.samplers.Sampler;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.SdkTracerProviderBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Configurations imported by {@link AiInfraTracingAutoConfiguration} for sampling,
 * resource attributes, propagation and shutdown.
 */
final class AiInfraTracingConfigurations {

	private AiInfraTracingConfigurations() {
	}

	@Configuration(proxyBeanMethods = false)
	static class Sampling {

		@Bean
		@ConditionalOnMissingBean
		Sampler aiInfraSampler(AiInfraTracingSettings settings, ObjectProvider<AiSampler> aiSampler) {
			return AiSamplers.parentBased(settings.sampleRate(), aiSampler.getIfUnique());
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ResourceAttributes {

		@Bean
		SdkTracerProviderBuilderCustomizer aiInfraResourceCustomizer(AiInfraTracingSettings settings) {
			Resource resource = Resource.builder().putAll(toAttributes(settings)).build();
			// Merged after Boot's resource, so ai-infra's values win where both are set.
			return (builder) -> builder.addResource(resource);
		}

		private static io.opentelemetry.api.common.Attributes toAttributes(AiInfraTracingSettings settings) {
			io.opentelemetry.api.common.AttributesBuilder attributes = io.opentelemetry.api.common.Attributes.builder();
			settings.resourceAttributes().forEach(attributes::put);
			return attributes.build();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@Conditional(OnPropagatorsConfiguredCondition.class)
	static class Propagation {

		@Bean
		@ConditionalOnMissingBean
		ContextPropagators aiInfraContextPropagators(AiInfraTracingSettings settings) {
			List<TextMapPropagator> propagators = new ArrayList<>();
			for (String name : settings.propagators()) {
				propagators.add(switch (name) {
					case "tracecontext" -> W3CTraceContextPropagator.getInstance();
					case "baggage" -> W3CBaggagePropagator.getInstance();
					case "b3" -> B3Propagators.single();
					case "b3multi" -> B3Propagators.multi();
					default -> throw new IllegalStateException("Unexpected propagator " + name);
				});
			}
			return ContextPropagators.create(TextMapPropagator.composite(propagators));
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(OpenTelemetrySdk.class)
	static class Shutdown {

		@Bean
		@ConditionalOnMissingBean
		static TracerProviderShutdownPostProcessor aiInfraTracerProviderShutdownPostProcessor(
				Environment environment) {
			return new TracerProviderShutdownPostProcessor(
					() -> AiInfraTracingSettings.resolveExportTimeout(environment));
		}

	}

	/**
	 * Loads the optional B3 library only when a B3 propagator is selected;
	 * {@link AiInfraTracingSettings#requireLibraries} has checked that it is present.
	 */
	static final class B3Propagators {

		private B3Propagators() {
		}

		static TextMapPropagator single() {
			return B3Propagator.injectingSingleHeader();
		}

		static TextMapPropagator multi() {
			return B3Propagator.injectingMultiHeaders();
		}

	}

}
