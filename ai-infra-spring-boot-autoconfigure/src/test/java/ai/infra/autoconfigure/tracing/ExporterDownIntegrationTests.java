package ai.infra.autoconfigure.tracing;

import ai.infra.test.net.BlackHoleServer;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The OTLP endpoint is down: connections to it are refused.
 */
class ExporterDownIntegrationTests extends ExporterOutageIntegrationTests {

	private static final int PORT = BlackHoleServer.refusingPort();

	@DynamicPropertySource
	static void endpoint(DynamicPropertyRegistry registry) {
		registry.add("ai-infra.tracing.endpoint", () -> "http://127.0.0.1:" + PORT);
	}

	@Override
	String endpoint() {
		return "http://127.0.0.1:" + PORT + "/v1/traces";
	}

	@Override
	String cause() {
		return "ConnectException";
	}

}
