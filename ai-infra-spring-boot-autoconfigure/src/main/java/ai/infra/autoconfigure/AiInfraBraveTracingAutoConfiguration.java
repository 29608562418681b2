package ai.infra.autoconfigure;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration that stops start-up when Micrometer Tracing uses Brave, as it does
 * with {@code spring-boot-starter-zipkin}. ai-infra builds its spans with OpenTelemetry
 * and takes their parents from Micrometer Tracing's OpenTelemetry bridge: with a Brave
 * tracer, ai-infra's spans could not join the application's traces (Boot then makes no
 * OpenTelemetry tracer at all, or, with both bridges present, the two tracers' spans
 * cannot be mixed), so it fails with an explanation rather than half working.
 */
@AutoConfiguration(afterName = AiInfraBraveTracingAutoConfiguration.BRAVE_AUTO_CONFIGURATION)
@ConditionalOnAiInfraEnabled
@ConditionalOnClass(name = AiInfraBraveTracingAutoConfiguration.BRAVE_TRACER)
@ConditionalOnBean(type = AiInfraBraveTracingAutoConfiguration.BRAVE_TRACER)
public final class AiInfraBraveTracingAutoConfiguration {

	static final String BRAVE_TRACER = "io.micrometer.tracing.brave.bridge.BraveTracer";

	static final String BRAVE_AUTO_CONFIGURATION = "org.springframework.boot.micrometer.tracing.brave.autoconfigure.BraveAutoConfiguration";

	@Bean
	@ConditionalOnMissingBean(name = "aiInfraTracingBridgeCheck")
	static Object aiInfraTracingBridgeCheck() {
		throw new BraveTracingBridgeException();
	}

}
