package ai.infra.autoconfigure.tracing;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

import ai.infra.autoconfigure.InvalidAiInfraPropertyException;
import ai.infra.internal.propagation.Propagator;
import ai.infra.internal.sampling.AiSamplers;
import ai.infra.internal.sampling.KeepRules;
import ai.infra.internal.sampling.KeepSamplingSpanProcessor;
import ai.infra.internal.sampling.TraceDecisions;
import ai.infra.tracing.AiSampler;
import io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.extension.trace.propagation.B3Propagator;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.SdkTracerProviderBuilderCustomizer;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

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
		Sampler aiInfraSampler(AiInfraTracingProperties properties, Environment environment,
				ObjectProvider<AiSampler> aiSampler) {
			double rate = SampleRate.resolve(properties, environment);
			AiSampler custom = aiSampler.getIfUnique();
			// At rate 1.0 every trace is sampled already: nothing is recorded for keeping.
			boolean keep = (rate < 1.0 || custom != null) && keepRules(properties).active();
			return keep ? AiSamplers.keeping(rate, custom) : AiSamplers.parentBased(rate, custom);
		}

		// Ordered first, so that on shutdown the traces it still holds are decided while
		// the export processors accept them.
		@Bean
		@Order(Ordered.HIGHEST_PRECEDENCE)
		@ConditionalOnMissingBean(name = "aiInfraKeepSamplingSpanProcessor")
		SpanProcessor aiInfraKeepSamplingSpanProcessor(Sampler sampler, AiInfraTracingProperties properties,
				ObjectProvider<AiSampler> aiSampler, ObjectProvider<TraceDecisions> decisions,
				ObjectProvider<SpanProcessor> spanProcessors) {
			if (!AiSamplers.isKeeping(sampler)) {
				// Neither started nor ended spans are passed to it.
				return SpanProcessor.composite();
			}
			return new KeepSamplingSpanProcessor(keepRules(properties), aiSampler.getIfUnique(),
					decisions.getIfAvailable(TraceDecisions::ignored), () -> spanProcessors.orderedStream()
						.filter((processor) -> processor instanceof BatchSpanProcessor
								|| processor instanceof SimpleSpanProcessor)
						.toList());
		}

		private static KeepRules keepRules(AiInfraTracingProperties properties) {
			AiInfraTracingProperties.Keep keep = properties.getKeep();
			return new KeepRules(keep.isErrors(), keep.getSlowerThan(), keep.getCostlierThan(), keep.isBudgetEvents(),
					keep.getMaxWait(), keep.getMaxPendingSpans());
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ResourceAttributes {

		@Bean
		@ConditionalOnMissingBean(name = "aiInfraResourceCustomizer")
		SdkTracerProviderBuilderCustomizer aiInfraResourceCustomizer(AiInfraTracingProperties properties,
				Environment environment) {
			Resource resource = ServiceResource.resolve(properties, environment);
			// Merged after Boot's resource, so ai-infra's values win where both are set.
			return (builder) -> builder.addResource(resource);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@Conditional(OnPropagatorsConfiguredCondition.class)
	static class Propagation {

		static final String PROPERTY = AiInfraTracingProperties.PREFIX + "propagators";

		private static final String EXAMPLE = PROPERTY + "=tracecontext,baggage";

		private static final String B3_CLASS = "io.opentelemetry.extension.trace.propagation.B3Propagator";

		@Bean
		@ConditionalOnMissingBean
		ContextPropagators aiInfraContextPropagators(AiInfraTracingProperties properties, ApplicationContext context) {
			try {
				List<TextMapPropagator> propagators = resolve(properties.getPropagators(), context.getClassLoader())
					.stream()
					.map(Propagation::create)
					.toList();
				return ContextPropagators.create(TextMapPropagator.composite(propagators));
			}
			catch (InvalidAiInfraPropertyException ex) {
				throw ex.locatedIn(context.getEnvironment());
			}
		}

		static Set<Propagator> resolve(List<@Nullable Propagator> configured, @Nullable ClassLoader classLoader) {
			String value = configured.stream()
				.map((propagator) -> (propagator != null) ? propagator.id() : "")
				.collect(Collectors.joining(","));
			if (configured.isEmpty()) {
				throw new InvalidAiInfraPropertyException(PROPERTY, "",
						"at least one propagator is needed; leave the property unset to use Spring Boot's "
								+ "management.tracing.propagation settings",
						EXAMPLE);
			}
			if (configured.stream().anyMatch(Objects::isNull)) {
				throw new InvalidAiInfraPropertyException(PROPERTY, value,
						"unknown propagator; choose from " + Propagator.ids(), EXAMPLE);
			}
			Set<Propagator> propagators = new LinkedHashSet<>(configured);
			for (Propagator propagator : propagators) {
				if (propagator.isB3() && !ClassUtils.isPresent(B3_CLASS, classLoader)) {
					throw new InvalidAiInfraPropertyException(PROPERTY, propagator.id(), "the " + propagator.id()
							+ " propagator needs io.opentelemetry:opentelemetry-extension-trace-propagators on the class path",
							EXAMPLE);
				}
			}
			return propagators;
		}

		private static TextMapPropagator create(Propagator propagator) {
			return switch (propagator) {
				case TRACECONTEXT -> W3CTraceContextPropagator.getInstance();
				case BAGGAGE -> W3CBaggagePropagator.getInstance();
				case B3 -> B3Propagators.single();
				case B3MULTI -> B3Propagators.multi();
			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(OpenTelemetrySdk.class)
	static class Shutdown {

		@Bean
		@ConditionalOnMissingBean
		static TracerProviderShutdownPostProcessor aiInfraTracerProviderShutdownPostProcessor(
				Environment environment) {
			return new TracerProviderShutdownPostProcessor(() -> ExportTimeout.resolve(environment));
		}

	}

	/**
	 * Loads the optional B3 library only when a B3 propagator is selected, which
	 * {@link Propagation#resolve} has checked is present.
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
