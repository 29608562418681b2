package ai.infra.autoconfigure.tracing;

import ai.infra.test.net.BlackHoleServer;
import org.junit.jupiter.api.AfterAll;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The OTLP endpoint is black-holed: it accepts connections and never answers. The batch
 * span processor gives up waiting for an export after one second, so that the run is
 * short, while the exporter itself waits for its own, longer timeout.
 */
class ExporterBlackHoledIntegrationTests extends ExporterOutageIntegrationTests {

	private static final BlackHoleServer blackHole = BlackHoleServer.start();

	@DynamicPropertySource
	static void endpoint(DynamicPropertyRegistry registry) {
		registry.add("ai-infra.tracing.endpoint", () -> "http://127.0.0.1:" + blackHole.port());
		registry.add("management.opentelemetry.tracing.export.timeout", () -> "1s");
	}

	@AfterAll
	static void closeBlackHole() {
		blackHole.close();
	}

	@Override
	String endpoint() {
		return "http://127.0.0.1:" + blackHole.port() + "/v1/traces";
	}

	@Override
	String cause() {
		return "no answer within the export timeout";
	}

}
