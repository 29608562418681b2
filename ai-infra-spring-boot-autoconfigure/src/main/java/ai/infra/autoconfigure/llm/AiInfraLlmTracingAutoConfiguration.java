package ai.infra.autoconfigure.llm;

import ai.infra.autoconfigure.ConditionalOnAiInfraEnabled;
import ai.infra.autoconfigure.tracing.AiInfraTracingAutoConfiguration;
import ai.infra.autoconfigure.tracing.AiInfraTracingProperties;
import ai.infra.cost.PriceTable;
import ai.infra.internal.agent.ChatClientObservationHandler;
import ai.infra.internal.budget.Budgets;
import ai.infra.internal.cost.CostCalculator;
import ai.infra.internal.llm.ChatContentRenderer;
import ai.infra.internal.llm.DetachedModelRequestObservationHandler;
import ai.infra.internal.llm.EmbeddingCallObservationHandler;
import ai.infra.internal.llm.EmbeddingCallRecorder;
import ai.infra.internal.llm.LlmCallObservationHandler;
import ai.infra.internal.llm.LlmCallRecorder;
import ai.infra.internal.llm.StreamTimingAdvisor;
import ai.infra.internal.llm.StreamUsageAdvisor;
import ai.infra.internal.metrics.AiMetrics;
import ai.infra.tracing.AiTracing;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.handler.TracingObservationHandler;
import io.micrometer.tracing.otel.bridge.OtelSpan;
import io.opentelemetry.api.OpenTelemetry;

import org.springframework.ai.chat.client.ChatClientCustomizer;
import org.springframework.ai.chat.observation.ChatModelObservationContext;
import org.springframework.ai.embedding.observation.EmbeddingModelObservationContext;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration;
import org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;

/**
 * Auto-configuration that traces every Spring AI model round trip as an
 * {@code llm.generate} span and every embedding call as an {@code llm.embed} span, with
 * tokens and cost, and records the {@code ai.llm.*} meters.
 */
@AutoConfiguration(after = { AiInfraTracingAutoConfiguration.class, OpenTelemetrySdkAutoConfiguration.class,
		OpenTelemetryTracingAutoConfiguration.class, MicrometerTracingAutoConfiguration.class,
		AiInfraMetricsAutoConfiguration.class })
@ConditionalOnClass({ ChatModelObservationContext.class, TracingObservationHandler.class, OtelSpan.class })
@ConditionalOnAiInfraEnabled
@ConditionalOnBean({ Tracer.class, OpenTelemetry.class })
@EnableConfigurationProperties({ AiInfraTracingProperties.class, AiInfraPricingProperties.class })
@Import({ AiInfraLlmTracingAutoConfiguration.ChatClientObservations.class,
		AiInfraLlmTracingAutoConfiguration.EmbeddingObservations.class,
		AiInfraLlmTracingAutoConfiguration.PricingInfo.class,
		AiInfraLlmTracingAutoConfiguration.ModelRequestObservations.class })
public final class AiInfraLlmTracingAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	PriceTable aiInfraPriceTable(AiInfraPricingProperties properties, Environment environment) {
		return PriceTableFactory.create(properties, environment);
	}

	@Bean
	@ConditionalOnMissingBean
	CostCalculator aiInfraCostCalculator(PriceTable prices, AiInfraPricingProperties properties,
			Environment environment) {
		return new CostCalculator(prices, PriceTableFactory.freeProviders(properties, environment));
	}

	@Bean
	@ConditionalOnMissingBean
	LlmCallRecorder aiInfraLlmCallRecorder(Tracer tracer, CostCalculator costCalculator,
			ObjectProvider<AiMetrics> metrics, AiInfraTracingProperties properties, ObjectProvider<Budgets> budgets) {
		ChatContentRenderer renderer = properties.isCaptureContent()
				? new ChatContentRenderer(properties.getCaptureContentMaxLength()) : null;
		return new LlmCallRecorder(tracer, costCalculator, metrics.getIfAvailable(), renderer,
				budgets.getIfAvailable());
	}

	@Bean
	@ConditionalOnMissingBean
	LlmCallObservationHandler aiInfraLlmCallObservationHandler(Tracer tracer, OpenTelemetry openTelemetry,
			LlmCallRecorder recorder) {
		return new LlmCallObservationHandler(tracer, openTelemetry.getTracer(AiTracing.INSTRUMENTATION_NAME), recorder);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = { "okhttp3.Request", "io.micrometer.core.instrument.binder.okhttp3.OkHttpContext" })
	static class ModelRequestObservations {

		@Bean
		@ConditionalOnMissingBean
		DetachedModelRequestObservationHandler aiInfraDetachedModelRequestObservationHandler(Tracer tracer) {
			return new DetachedModelRequestObservationHandler(tracer);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(EmbeddingModelObservationContext.class)
	static class EmbeddingObservations {

		@Bean
		@ConditionalOnMissingBean
		EmbeddingCallRecorder aiInfraEmbeddingCallRecorder(CostCalculator costCalculator,
				ObjectProvider<AiMetrics> metrics, ObjectProvider<Budgets> budgets) {
			return new EmbeddingCallRecorder(costCalculator, metrics.getIfAvailable(), budgets.getIfAvailable());
		}

		@Bean
		@ConditionalOnMissingBean
		EmbeddingCallObservationHandler aiInfraEmbeddingCallObservationHandler(Tracer tracer,
				OpenTelemetry openTelemetry, EmbeddingCallRecorder recorder) {
			return new EmbeddingCallObservationHandler(tracer, openTelemetry.getTracer(AiTracing.INSTRUMENTATION_NAME),
					recorder);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.ai.chat.client.ChatClient")
	static class ChatClientObservations {

		@Bean
		@ConditionalOnMissingBean
		ChatClientObservationHandler aiInfraChatClientObservationHandler(Tracer tracer, OpenTelemetry openTelemetry,
				ObjectProvider<AiMetrics> metrics) {
			return new ChatClientObservationHandler(tracer, openTelemetry.getTracer(AiTracing.INSTRUMENTATION_NAME),
					metrics.getIfAvailable());
		}

		@Bean
		@ConditionalOnMissingBean(name = "aiInfraChatClientCustomizer")
		ChatClientCustomizer aiInfraChatClientCustomizer() {
			StreamTimingAdvisor streamTiming = new StreamTimingAdvisor();
			StreamUsageAdvisor streamUsage = new StreamUsageAdvisor();
			return (builder) -> builder.defaultAdvisors(streamTiming, streamUsage);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.boot.actuate.info.InfoContributor")
	static class PricingInfo {

		@Bean
		@ConditionalOnMissingBean(name = "aiInfraPricingInfoContributor")
		PricingInfoContributor aiInfraPricingInfoContributor(PriceTable prices) {
			return new PricingInfoContributor(prices);
		}

	}

}
