package ai.infra.autoconfigure.tracing;

import ai.infra.autoconfigure.ConditionalOnAiInfraEnabled;
import io.micrometer.observation.transport.SenderContext;
import io.micrometer.tracing.handler.TracingObservationHandler;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.trace.SdkTracerProvider;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration;
import org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Auto-configuration for applications run under the OpenTelemetry Java agent. The agent
 * bridges the application's OpenTelemetry API to its own SDK, but a span of another SDK,
 * such as Boot's, is no parent of the agent's spans, and the agent's HTTP server and
 * client spans would sit beside Boot's. So ai-infra makes the agent's
 * {@link GlobalOpenTelemetry} the application's {@link OpenTelemetry} bean, which Boot's
 * Micrometer Tracing bridge and ai-infra's tracer then use, leaves transport spans to
 * the agent, makes Boot's unused tracing SDK lazy, and warns about ai-infra exporter
 * settings that the agent makes moot. ai-infra's own exporters, sampler and resource
 * back off (see {@link AiInfraTracingAutoConfiguration}).
 */
@AutoConfiguration(before = { OpenTelemetrySdkAutoConfiguration.class, OpenTelemetryTracingAutoConfiguration.class,
		AiInfraTracingAutoConfiguration.class, AiInfraTracerAutoConfiguration.class })
@ConditionalOnClass(GlobalOpenTelemetry.class)
@ConditionalOnAiInfraEnabled
@ConditionalOnOpenTelemetryJavaAgent
public final class AiInfraJavaAgentAutoConfiguration {

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(AiInfraTracingProperties.class)
	static class AgentOpenTelemetry {

		// The agent owns its SDK and shuts it down when the JVM exits, not the context.
		@Bean(destroyMethod = "")
		@ConditionalOnMissingBean
		OpenTelemetry aiInfraAgentOpenTelemetry() {
			return GlobalOpenTelemetry.get();
		}

		// Micrometer's propagator and ai-infra's inject/extract use the agent's propagators
		// (OTEL_PROPAGATORS), the ones the agent's own instrumentation uses.
		@Bean
		@ConditionalOnMissingBean
		ContextPropagators aiInfraAgentContextPropagators(OpenTelemetry openTelemetry) {
			return openTelemetry.getPropagators();
		}

		@Bean
		@ConditionalOnMissingBean
		JavaAgentMootSettings aiInfraJavaAgentMootSettings(AiInfraTracingProperties properties,
				Environment environment) {
			return new JavaAgentMootSettings(properties, environment);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ TracingObservationHandler.class, SenderContext.class })
	static class TransportSpans {

		@Bean
		@ConditionalOnMissingBean
		AgentTransportObservationHandler aiInfraAgentTransportObservationHandler() {
			return new AgentTransportObservationHandler();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ SdkTracerProvider.class, OpenTelemetryTracingAutoConfiguration.class })
	static class LazySdkTracing {

		@Bean
		@ConditionalOnMissingBean
		static LazySdkTracingPostProcessor aiInfraLazySdkTracingPostProcessor() {
			return new LazySdkTracingPostProcessor();
		}

	}

}
