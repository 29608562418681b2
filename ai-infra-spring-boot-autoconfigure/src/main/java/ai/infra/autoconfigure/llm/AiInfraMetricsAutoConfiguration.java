package ai.infra.autoconfigure.llm;

import java.net.URI;
import java.util.Map;

import ai.infra.autoconfigure.ConditionalOnAiInfraEnabled;
import ai.infra.autoconfigure.InvalidAiInfraPropertyException;
import ai.infra.autoconfigure.tracing.AiInfraTracingProperties;
import ai.infra.internal.export.QueueFullSpansMeterProvider;
import ai.infra.internal.metrics.AiMetrics;
import ai.infra.internal.metrics.DroppedSpanMetrics;
import ai.infra.internal.metrics.TraceDecisionMetrics;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.util.ClassUtils;

/**
 * Auto-configuration of the {@code ai.*} meters, registered in the application's meter
 * registry (and so on {@code /actuator/prometheus}) and, when
 * {@code ai-infra.tracing.metrics-endpoint} is set, also pushed as OTLP metrics. The
 * baggage keys of {@code ai-infra.metrics.tags} tag them.
 */
@AutoConfiguration(after = CompositeMeterRegistryAutoConfiguration.class)
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnAiInfraEnabled
@ConditionalOnBooleanProperty(name = "ai-infra.tracing.enable-metrics", matchIfMissing = true)
@ConditionalOnBean(MeterRegistry.class)
@EnableConfigurationProperties({ AiInfraTracingProperties.class, AiInfraMetricsProperties.class })
public final class AiInfraMetricsAutoConfiguration {

	private static final String OTLP_REGISTRY_CLASS = "io.micrometer.registry.otlp.OtlpMeterRegistry";

	@Bean
	@ConditionalOnMissingBean
	AiMetrics aiInfraMetrics(MeterRegistry meterRegistry, ObjectProvider<OtlpMetricsPush> otlpPush,
			AiInfraMetricsProperties properties, ApplicationContext context) {
		return new AiMetrics(aiRegistry(meterRegistry, otlpPush.getIfAvailable()),
				MetricTagKeys.of(properties, context.getEnvironment()), properties.getMaxTagValues());
	}

	private static MeterRegistry aiRegistry(MeterRegistry meterRegistry, @Nullable OtlpMetricsPush push) {
		if (push == null) {
			return meterRegistry;
		}
		CompositeMeterRegistry both = new CompositeMeterRegistry(Clock.SYSTEM);
		both.add(meterRegistry);
		both.add(push.registry());
		return both;
	}

	@Bean
	@ConditionalOnProperty("ai-infra.tracing.metrics-endpoint")
	OtlpMetricsPush aiInfraOtlpMetricsPush(AiInfraTracingProperties properties, ApplicationContext context) {
		String endpoint = properties.getMetricsEndpoint();
		String url;
		try {
			url = metricsUrl(endpoint);
		}
		catch (InvalidAiInfraPropertyException ex) {
			throw ex.locatedIn(context.getEnvironment());
		}
		if (!ClassUtils.isPresent(OTLP_REGISTRY_CLASS, context.getClassLoader())) {
			throw new InvalidAiInfraPropertyException("ai-infra.tracing.metrics-endpoint", endpoint,
					"pushing OTLP metrics needs io.micrometer:micrometer-registry-otlp on the class path",
					"ai-infra.tracing.metrics-endpoint=http://localhost:4318/v1/metrics");
		}
		return new OtlpMetricsPush(OtlpPush.registry(url, properties));
	}

	private static String metricsUrl(String endpoint) {
		String example = "ai-infra.tracing.metrics-endpoint=http://localhost:4318/v1/metrics";
		try {
			URI uri = new URI(endpoint.trim());
			if (uri.getScheme() == null || !uri.getScheme().startsWith("http") || uri.getHost() == null) {
				throw new InvalidAiInfraPropertyException("ai-infra.tracing.metrics-endpoint", endpoint,
						"the endpoint must be an absolute http or https URL", example);
			}
			String path = uri.getRawPath();
			return (path == null || path.isEmpty() || path.equals("/"))
					? uri.getScheme() + "://" + uri.getRawAuthority() + "/v1/metrics" : uri.toString();
		}
		catch (java.net.URISyntaxException ex) {
			throw new InvalidAiInfraPropertyException("ai-infra.tracing.metrics-endpoint", endpoint,
					"the endpoint is not a valid URL (" + ex.getReason() + ")", example);
		}
	}

	/**
	 * The {@code ai.tracing.spans.dropped} counter, fed by ai-infra's exporters and by
	 * Boot's batch span processor.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ MeterProvider.class, BatchSpanProcessor.class })
	static class DroppedSpanMeter {

		@Bean
		@ConditionalOnMissingBean
		DroppedSpanMetrics aiInfraDroppedSpanMetrics(MeterRegistry meterRegistry,
				ObjectProvider<OtlpMetricsPush> otlpPush) {
			return new DroppedSpanMetrics(aiRegistry(meterRegistry, otlpPush.getIfAvailable()));
		}

		// Boot gives the batch span processor the MeterProvider bean, if there is one. An
		// application's own OpenTelemetry MeterProvider wins; the processor then reports
		// queue-full drops there, as processedSpans{dropped=true}.
		@Bean
		@ConditionalOnMissingBean(MeterProvider.class)
		QueueFullSpansMeterProvider aiInfraQueueFullSpansMeterProvider(DroppedSpanMetrics droppedSpans) {
			return new QueueFullSpansMeterProvider(droppedSpans);
		}

	}

	/**
	 * The {@code ai.tracing.traces} counter of keep-sampling's decisions, created (and so
	 * registered) only when keep-sampling is on and asks for it.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(BatchSpanProcessor.class)
	static class TraceDecisionMeter {

		@Bean
		@Lazy
		@ConditionalOnMissingBean
		TraceDecisionMetrics aiInfraTraceDecisionMetrics(MeterRegistry meterRegistry,
				ObjectProvider<OtlpMetricsPush> otlpPush) {
			return new TraceDecisionMetrics(aiRegistry(meterRegistry, otlpPush.getIfAvailable()));
		}

	}

	/**
	 * The registry that pushes the ai.* meters as OTLP metrics. It is not a
	 * {@link MeterRegistry} bean, which Boot would fill with every meter of the
	 * application; it is closed, pushing a last time, when the context closes.
	 */
	static final class OtlpMetricsPush implements DisposableBean {

		private final MeterRegistry registry;

		OtlpMetricsPush(MeterRegistry registry) {
			this.registry = registry;
		}

		MeterRegistry registry() {
			return this.registry;
		}

		@Override
		public void destroy() {
			this.registry.close();
		}

	}

	/**
	 * Keeps the optional OTLP registry library out of the configuration class's
	 * signature.
	 */
	private static final class OtlpPush {

		static MeterRegistry registry(String url, AiInfraTracingProperties properties) {
			Map<String, String> settings = Map.of("otlp.url", url, "otlp.step",
					properties.getMetricsInterval().toMillis() + "ms");
			io.micrometer.registry.otlp.OtlpConfig config = new io.micrometer.registry.otlp.OtlpConfig() {

				@Override
				public @Nullable String get(String key) {
					return settings.get(key);
				}

				// The same credentials as the span exports: a collector that needs them
				// for spans rejects metrics without them.
				@Override
				public Map<String, String> headers() {
					return properties.getHeaders();
				}

			};
			return new io.micrometer.registry.otlp.OtlpMeterRegistry(config, Clock.SYSTEM);
		}

	}

}
