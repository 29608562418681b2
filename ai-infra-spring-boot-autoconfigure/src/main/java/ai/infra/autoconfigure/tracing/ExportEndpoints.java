package ai.infra.autoconfigure.tracing;

import java.net.URI;
import java.net.URISyntaxException;

import ai.infra.autoconfigure.InvalidAiInfraPropertyException;
import ai.infra.internal.export.ExporterType;
import ai.infra.internal.export.OtlpProtocol;
import org.jspecify.annotations.Nullable;

/**
 * Turns a configured endpoint into the URL an exporter sends to: checks that it (and the
 * metrics endpoint) is an absolute http or https URL, rejects Jaeger's retired Thrift endpoints for the OTLP
 * exporters, derives the OTLP transport from the port and adds the default path.
 */
final class ExportEndpoints {

	private static final String OTLP_HTTP_PATH = "/v1/traces";

	private static final String ZIPKIN_PATH = "/api/v2/spans";

	private static final String METRICS_EXAMPLE = "http://localhost:4318/v1/metrics";

	private ExportEndpoints() {
	}

	/**
	 * Parse and check an endpoint.
	 * @param endpoint the configured endpoint and the property it came from
	 * @param type the exporter the endpoint is for
	 * @return the endpoint as given
	 * @throws InvalidAiInfraPropertyException if it is no usable URL
	 */
	static URI parse(ConfiguredEndpoint endpoint, ExporterType type) {
		URI uri = parse(endpoint, endpoint.property() + "=" + type.defaultEndpoint());
		if (type.isOtlp()) {
			rejectJaegerThrift(endpoint, uri);
		}
		return uri;
	}

	/**
	 * Parse and check the OTLP/HTTP endpoint the meters are pushed to.
	 * @param endpoint the configured endpoint and the property it came from
	 * @return the endpoint as given
	 * @throws InvalidAiInfraPropertyException if it is no usable URL
	 */
	static URI parseMetrics(ConfiguredEndpoint endpoint) {
		return parse(endpoint, endpoint.property() + "=" + METRICS_EXAMPLE);
	}

	private static URI parse(ConfiguredEndpoint endpoint, String example) {
		URI uri;
		try {
			uri = new URI(endpoint.value());
		}
		catch (URISyntaxException ex) {
			throw new InvalidAiInfraPropertyException(endpoint.property(), endpoint.value(),
					"the endpoint is not a valid URL (" + ex.getReason() + ")", example);
		}
		String scheme = uri.getScheme();
		if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
			throw new InvalidAiInfraPropertyException(endpoint.property(), endpoint.value(),
					"the endpoint must be an absolute http or https URL", example);
		}
		if (uri.getHost() == null) {
			throw new InvalidAiInfraPropertyException(endpoint.property(), endpoint.value(),
					"the endpoint has no valid host name", example);
		}
		return uri;
	}

	private static void rejectJaegerThrift(ConfiguredEndpoint endpoint, URI uri) {
		String path = (uri.getPath() != null) ? uri.getPath() : "";
		if (uri.getPort() == 14268 || uri.getPort() == 14250 || path.endsWith("/api/traces")) {
			throw new InvalidAiInfraPropertyException(endpoint.property(), endpoint.value(),
					"this is a legacy Jaeger endpoint; Jaeger's Thrift exporter no longer exists and Jaeger ingests "
							+ "OTLP on port 4317 (gRPC) or 4318 (HTTP)",
					endpoint.property() + "=" + uri.getScheme() + "://" + uri.getHost() + ":4317");
		}
	}

	/**
	 * Return the OTLP transport for an endpoint: the configured one, else gRPC on the
	 * gRPC port and HTTP elsewhere.
	 * @param configured the configured protocol, if any
	 * @param uri the endpoint
	 * @return the transport
	 */
	static OtlpProtocol protocolFor(@Nullable OtlpProtocol configured, URI uri) {
		if (configured != null) {
			return configured;
		}
		return (uri.getPort() == OtlpProtocol.GRPC_PORT) ? OtlpProtocol.GRPC : OtlpProtocol.HTTP_PROTOBUF;
	}

	static URI otlp(URI uri, OtlpProtocol protocol) {
		if (protocol == OtlpProtocol.GRPC) {
			// gRPC addresses a service, not a path: only scheme, host and port matter.
			return URI.create(uri.getScheme() + "://" + uri.getRawAuthority());
		}
		return withDefaultPath(uri, OTLP_HTTP_PATH);
	}

	static URI zipkin(URI uri) {
		return withDefaultPath(uri, ZIPKIN_PATH);
	}

	private static URI withDefaultPath(URI uri, String defaultPath) {
		String path = uri.getRawPath();
		if (path == null || path.isEmpty() || path.equals("/")) {
			return URI.create(uri.getScheme() + "://" + uri.getRawAuthority() + defaultPath);
		}
		return uri;
	}

	/**
	 * An endpoint as configured.
	 *
	 * @param property the property or variable that set it, for error messages
	 * @param value the endpoint
	 * @param fromBoot whether it came from Boot's OTLP connection details, whose
	 * transport Boot's own properties choose
	 */
	record ConfiguredEndpoint(String property, String value, boolean fromBoot) {

	}

}
