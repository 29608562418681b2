package ai.infra.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a {@link BraveTracingBridgeException} at start-up: which dependency to
 * replace, and how to keep Brave without ai-infra's tracing.
 */
class BraveTracingBridgeFailureAnalyzer extends AbstractFailureAnalyzer<BraveTracingBridgeException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, BraveTracingBridgeException cause) {
		String description = String.format("Micrometer Tracing is using Brave "
				+ "(io.micrometer:micrometer-tracing-bridge-brave, which spring-boot-starter-zipkin brings), "
				+ "but ai-infra builds its spans with OpenTelemetry through Micrometer Tracing's "
				+ "OpenTelemetry bridge.%n%n    ai-infra's model, tool and agent spans could not join "
				+ "the application's traces.");
		String action = String.format("Remove spring-boot-starter-zipkin (or whatever brings "
				+ "io.micrometer:micrometer-tracing-bridge-brave) and keep the OpenTelemetry bridge "
				+ "(io.micrometer:micrometer-tracing-bridge-otel) that ai-infra's starter brings. To send the "
				+ "spans to Zipkin, use ai-infra's Zipkin exporter:%n%n    ai-infra.tracing.exporter=zipkin%n%n"
				+ "To keep Brave instead, turn ai-infra's tracing off:%n%n    ai-infra.tracing.enabled=false");
		return new FailureAnalysis(description, action, cause);
	}

}
