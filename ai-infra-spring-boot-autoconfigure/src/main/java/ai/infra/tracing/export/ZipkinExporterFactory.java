package ai.infra.tracing.export;

import java.net.URI;

import io.opentelemetry.exporter.zipkin.ZipkinSpanExporter;

/**
 * Creates the Zipkin exporter. Zipkin support is kept behind this one class because both
 * OpenTelemetry's Zipkin exporter and Boot's Zipkin auto-configuration are being retired,
 * so only this class has to change when the exporter moves.
 */
public final class ZipkinExporterFactory {

	private ZipkinExporterFactory() {
	}

	/**
	 * Create an exporter that posts Zipkin v2 JSON to the given endpoint.
	 * @param endpoint the full URL, for example {@code http://localhost:9411/api/v2/spans}
	 * @return the exporter
	 */
	public static ZipkinSpanExporter create(URI endpoint) {
		return ZipkinSpanExporter.builder().setEndpoint(endpoint.toString()).build();
	}

}
