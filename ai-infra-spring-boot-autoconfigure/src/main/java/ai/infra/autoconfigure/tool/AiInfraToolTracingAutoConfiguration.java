package ai.infra.autoconfigure.tool;

import ai.infra.autoconfigure.ConditionalOnAiInfraEnabled;
import ai.infra.autoconfigure.llm.AiInfraLlmTracingAutoConfiguration;
import ai.infra.autoconfigure.llm.AiInfraMetricsAutoConfiguration;
import ai.infra.autoconfigure.tracing.AiInfraTracingProperties;
import ai.infra.internal.metrics.AiMetrics;
import ai.infra.internal.tool.AiToolMethodInterceptor;
import ai.infra.internal.tool.AiToolTracingPostProcessor;
import ai.infra.internal.tool.FailureRecordingToolExecutionExceptionProcessor;
import ai.infra.internal.tool.ToolArguments;
import ai.infra.internal.tool.ToolCallObservationHandler;
import ai.infra.internal.tool.ToolCallRecorder;
import ai.infra.tool.AiToolRegistry;
import ai.infra.tracing.AiTracing;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.handler.TracingObservationHandler;
import io.micrometer.tracing.otel.bridge.OtelSpan;
import io.opentelemetry.api.OpenTelemetry;

import org.springframework.ai.tool.ToolCallback;
import org.springframework.ai.tool.execution.ToolExecutionExceptionProcessor;
import org.springframework.ai.tool.observation.ToolCallingObservationContext;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration that traces every tool call, by the model or from Java, as a
 * {@code tool.<name>} span and records the {@code ai.tool.*} meters.
 */
@AutoConfiguration(after = { AiInfraToolAutoConfiguration.class, AiInfraLlmTracingAutoConfiguration.class,
		AiInfraMetricsAutoConfiguration.class })
@ConditionalOnClass({ ToolCallback.class, ToolCallingObservationContext.class, TracingObservationHandler.class, OtelSpan.class })
@ConditionalOnAiInfraEnabled
@ConditionalOnBean({ Tracer.class, OpenTelemetry.class })
@EnableConfigurationProperties(AiInfraTracingProperties.class)
public final class AiInfraToolTracingAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ToolCallRecorder aiInfraToolCallRecorder(OpenTelemetry openTelemetry, AiInfraTracingProperties properties,
			ObjectProvider<AiMetrics> metrics) {
		ToolArguments arguments = new ToolArguments(properties.getToolArgs().getRedactedNames(),
				properties.getToolArgs().getMaxLength());
		return new ToolCallRecorder(openTelemetry.getTracer(AiTracing.INSTRUMENTATION_NAME),
				arguments, metrics.getIfAvailable());
	}

	@Bean
	@ConditionalOnMissingBean
	ToolCallObservationHandler aiInfraToolCallObservationHandler(Tracer tracer, ToolCallRecorder recorder,
			ObjectProvider<AiToolRegistry> registry) {
		AiToolRegistry tools = registry.getIfAvailable();
		return new ToolCallObservationHandler(tracer, recorder, (name) -> tools == null || tools.isTraced(name));
	}

	@Bean
	@ConditionalOnMissingBean
	static AiToolTracingPostProcessor aiToolTracingPostProcessor(ObjectProvider<ToolCallRecorder> recorder,
			ObjectProvider<ObservationRegistry> observationRegistry) {
		return new AiToolTracingPostProcessor(new AiToolMethodInterceptor(recorder, observationRegistry));
	}

	@Bean
	static BeanPostProcessor aiInfraToolFailureRecorder(ObjectProvider<ObservationRegistry> observationRegistry) {
		return new BeanPostProcessor() {

			@Override
			public Object postProcessAfterInitialization(Object bean, String beanName) {
				if (bean instanceof ToolExecutionExceptionProcessor processor
						&& !(bean instanceof FailureRecordingToolExecutionExceptionProcessor)) {
					return new FailureRecordingToolExecutionExceptionProcessor(processor,
							observationRegistry.getIfAvailable(() -> ObservationRegistry.NOOP));
				}
				return bean;
			}

		};
	}

}
