package ai.infra.sample;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import ai.infra.test.net.BlackHoleServer;
import ai.infra.test.zipkin.ZipkinServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged sample application stopped the way a user or an orchestrator stops it,
 * with SIGTERM: every span ended before shutdown reaches the real Zipkin server, and an
 * endpoint that never answers holds shutdown no longer than the export timeout.
 */
class SampleApplicationShutdownIT {

	private static final String SERVICE = "shutdown-check";

	private static final int REQUESTS = 1000;

	private static final int SIGTERM_EXIT_CODE = 143;

	private static final Duration EXPORT_TIMEOUT = Duration.ofSeconds(2);

	private static final SecureRandom random = new SecureRandom();

	@Test
	void shouldHaveEveryTraceInZipkinAfterANormalShutdown() throws Exception {
		try (ZipkinServer zipkin = ZipkinServer.start();
				SampleApplicationProcess application = SampleApplicationProcess.start(Map.of(),
						"--ai-infra.tracing.exporter=zipkin", "--ai-infra.tracing.endpoint=" + zipkin.spansEndpoint(),
						"--ai-infra.tracing.service-name=" + SERVICE,
						// Only full batches leave before shutdown; the rest is up to it.
						"--management.opentelemetry.tracing.export.schedule-delay=1h")) {
			Set<String> traceIds = chat(application, REQUESTS);
			int exportedBeforeShutdown = tracesWithModelCall(zipkin).size();

			assertThat(application.stop(Duration.ofSeconds(60))).isEqualTo(SIGTERM_EXIT_CODE);

			Set<String> exported = awaitTracesWithModelCall(zipkin, REQUESTS, Duration.ofSeconds(30));
			assertThat(exported).as("traces with an llm.generate span in Zipkin (%d before shutdown)",
					exportedBeforeShutdown)
				.hasSize(REQUESTS)
				.isEqualTo(traceIds);
			assertThat(application.output()).doesNotContain("Spans were still being exported");
		}
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			otlp over gRPC | otlp   | grpc          |
			otlp over HTTP | otlp   | http/protobuf |
			zipkin         | zipkin | http/protobuf | /api/v2/spans
			""")
	void shouldStopWithinTheExportTimeoutWhenTheEndpointNeverAnswers(String name, String exporter, String protocol,
			String path) throws Exception {
		try (BlackHoleServer blackHole = BlackHoleServer.start();
				SampleApplicationProcess application = SampleApplicationProcess.start(Map.of(),
						"--ai-infra.tracing.exporter=" + exporter, "--ai-infra.tracing.protocol=" + protocol,
						"--ai-infra.tracing.endpoint=" + blackHole.baseUrl() + ((path != null) ? path : ""),
						"--management.opentelemetry.tracing.export.timeout=" + EXPORT_TIMEOUT.toSeconds() + "s",
						// Small batches queue up several exports, each of which could take the
						// timeout.
						"--management.opentelemetry.tracing.export.max-batch-size=16")) {
			chat(application, 20);

			long start = System.nanoTime();
			int exitCode = application.stop(Duration.ofSeconds(60));
			Duration shutdown = Duration.ofNanos(System.nanoTime() - start);

			assertThat(exitCode).isEqualTo(SIGTERM_EXIT_CODE);
			assertThat(shutdown).isLessThan(EXPORT_TIMEOUT.plusSeconds(3));
			assertThat(blackHole.connections()).isPositive();
			// Either shutdown gave up on the last export, or the outage report had already
			// said that spans are dropped while the endpoint does not answer.
			assertThat(application.output()).containsAnyOf(
					"Spans were still being exported when the export timeout of PT2S",
					"the previous export has had no answer within the export timeout");
		}
	}

	/**
	 * Send chat requests, each as part of a new trace started by the caller, four at a
	 * time.
	 * @return the trace ids sent
	 */
	private static Set<String> chat(SampleApplicationProcess application, int requests) throws Exception {
		ExecutorService callers = Executors.newFixedThreadPool(4);
		try {
			List<Future<String>> sent = new ArrayList<>();
			for (int i = 0; i < requests; i++) {
				int request = i;
				sent.add(callers.submit(() -> {
					String traceId = randomHex(16);
					String traceparent = "00-" + traceId + "-" + randomHex(8) + "-01";
					assertThat(application
						.post("/chat", "{\"message\":\"request " + request + "\"}", "traceparent", traceparent)
						.statusCode()).isEqualTo(200);
					return traceId;
				}));
			}
			Set<String> traceIds = new HashSet<>();
			for (Future<String> traceId : sent) {
				traceIds.add(traceId.get());
			}
			return traceIds;
		}
		finally {
			callers.shutdownNow();
		}
	}

	private static Set<String> awaitTracesWithModelCall(ZipkinServer zipkin, int count, Duration timeout)
			throws InterruptedException {
		// Zipkin accepts spans before it stores them.
		long deadline = System.nanoTime() + timeout.toNanos();
		Set<String> traceIds = tracesWithModelCall(zipkin);
		while (traceIds.size() < count && System.nanoTime() < deadline) {
			Thread.sleep(250);
			traceIds = tracesWithModelCall(zipkin);
		}
		return traceIds;
	}

	private static Set<String> tracesWithModelCall(ZipkinServer zipkin) {
		return zipkin.traces(SERVICE, "llm.generate", 10 * REQUESTS)
			.stream()
			.map((trace) -> (String) trace.get(0).get("traceId"))
			.collect(Collectors.toSet());
	}

	private static String randomHex(int bytes) {
		byte[] value = new byte[bytes];
		random.nextBytes(value);
		return HexFormat.of().formatHex(value);
	}

}
