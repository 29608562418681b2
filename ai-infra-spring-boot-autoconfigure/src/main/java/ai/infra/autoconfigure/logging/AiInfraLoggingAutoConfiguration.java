package ai.infra.autoconfigure.logging;

import ai.infra.autoconfigure.ConditionalOnAiInfraEnabled;
import ai.infra.internal.logging.TraceMdcEventListener;
import io.micrometer.tracing.otel.bridge.EventListener;
import org.slf4j.MDC;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configuration for trace ids in logs: keeps {@code trace_id} and {@code span_id} in
 * the MDC for every OpenTelemetry scope, through the scope events Spring Boot's
 * OpenTelemetry bridge publishes to {@link EventListener} beans. The console format and
 * root level ({@code ai-infra.logging.*}) are applied earlier, by
 * {@link AiInfraLoggingEnvironmentPostProcessor}.
 */
@AutoConfiguration
@EnableConfigurationProperties(AiInfraLoggingProperties.class)
public final class AiInfraLoggingAutoConfiguration {

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ EventListener.class, MDC.class })
	@ConditionalOnAiInfraEnabled
	static class TraceIdsInMdc {

		@Bean
		@ConditionalOnMissingBean
		TraceMdcEventListener aiInfraTraceMdcEventListener() {
			return new TraceMdcEventListener();
		}

	}

}
