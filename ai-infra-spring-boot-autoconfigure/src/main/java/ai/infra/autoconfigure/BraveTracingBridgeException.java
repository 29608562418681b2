package ai.infra.autoconfigure;

/**
 * Thrown at start-up when Micrometer Tracing uses Brave, whose spans ai-infra's
 * OpenTelemetry spans cannot share a trace with.
 */
class BraveTracingBridgeException extends RuntimeException {

	BraveTracingBridgeException() {
		super("Micrometer Tracing uses Brave, but ai-infra's spans need its OpenTelemetry bridge");
	}

}
