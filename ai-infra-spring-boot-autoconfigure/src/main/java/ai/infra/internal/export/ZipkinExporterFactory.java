package ai.infra.internal.export;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.exporter.zipkin.ZipkinSpanExporter;
import io.opentelemetry.sdk.trace.export.SpanExporter;

/**
 * Creates the Zipkin exporter. Zipkin support is kept behind this one class because both
 * OpenTelemetry's Zipkin exporter and Boot's Zipkin auto-configuration are being retired,
 * so only this class has to change when the exporter moves.
 */
public final class ZipkinExporterFactory {

	private ZipkinExporterFactory() {
	}

	/**
	 * Resource attributes Zipkin would drop, sent as span tags instead.
	 */
	static final List<AttributeKey<String>> RESOURCE_TAGS = List.of(AttributeKey.stringKey("service.version"),
			AttributeKey.stringKey("deployment.environment.name"));

	/**
	 * Create an exporter that posts Zipkin v2 JSON to the given endpoint. Zipkin keeps
	 * only the service name of the resource, so the service version and deployment
	 * environment travel as span tags.
	 * @param endpoint the full URL, for example {@code http://localhost:9411/api/v2/spans}
	 * @param timeout how long to wait for Zipkin to answer one export
	 * @return the exporter
	 */
	public static SpanExporter create(URI endpoint, Duration timeout) {
		// The exporter sends on the calling thread, so its read timeout is what bounds an
		// export to a server that accepts the connection but never answers.
		ZipkinSpanExporter zipkin = ZipkinSpanExporter.builder()
			.setEndpoint(endpoint.toString())
			.setReadTimeout(timeout)
			.build();
		return new ResourceAttributesAsTagsSpanExporter(zipkin, RESOURCE_TAGS);
	}

}
