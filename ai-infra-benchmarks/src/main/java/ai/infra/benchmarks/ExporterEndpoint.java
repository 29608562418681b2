package ai.infra.benchmarks;

import ai.infra.test.net.BlackHoleServer;
import ai.infra.test.otlp.OtlpReceiver;

/**
 * Where the OTLP/HTTP exporter of {@link ExporterOutageBenchmark} sends spans: a real
 * receiver, a port that refuses connections, or a black hole that accepts them and never
 * answers.
 */
final class ExporterEndpoint implements AutoCloseable {

	private final String url;

	private final AutoCloseable server;

	private final OtlpReceiver receiver;

	private ExporterEndpoint(String url, AutoCloseable server, OtlpReceiver receiver) {
		this.url = url;
		this.server = server;
		this.receiver = receiver;
	}

	/**
	 * Start the endpoint of a benchmark parameter.
	 * @param kind {@code healthy}, {@code down} or {@code blackholed}
	 * @return the endpoint
	 */
	static ExporterEndpoint start(String kind) {
		return switch (kind) {
			case "healthy" -> {
				OtlpReceiver receiver = OtlpReceiver.start();
				yield new ExporterEndpoint("http://127.0.0.1:" + receiver.httpPort(), receiver, receiver);
			}
			case "down" -> new ExporterEndpoint("http://127.0.0.1:" + BlackHoleServer.refusingPort(), () -> {
			}, null);
			case "blackholed" -> {
				BlackHoleServer blackHole = BlackHoleServer.start();
				yield new ExporterEndpoint("http://127.0.0.1:" + blackHole.port(), blackHole, null);
			}
			default -> throw new IllegalArgumentException("Unknown exporter endpoint '" + kind + "'");
		};
	}

	/**
	 * Return the OTLP/HTTP endpoint, without the {@code /v1/traces} path ai-infra adds.
	 * @return the URL
	 */
	String url() {
		return this.url;
	}

	/**
	 * Forget the spans received so far, so that a long run does not fill the heap with
	 * them; a no-op unless the endpoint is a receiver.
	 * @return how many spans were forgotten
	 */
	int forgetReceived() {
		if (this.receiver == null) {
			return 0;
		}
		int received = this.receiver.spans().size();
		this.receiver.reset();
		return received;
	}

	@Override
	public void close() throws Exception {
		this.server.close();
	}

}
