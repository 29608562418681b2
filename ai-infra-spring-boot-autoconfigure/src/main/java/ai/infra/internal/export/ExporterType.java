package ai.infra.internal.export;

import java.util.Arrays;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

/**
 * The span exporters ai-infra can configure. Configuration values bind through Spring
 * Boot's lenient enum conversion, so the documented spellings are the lower-case ids.
 */
public enum ExporterType {

	/**
	 * OTLP to any OpenTelemetry collector or compatible backend.
	 */
	OTLP("otlp", "http://localhost:4317"),

	/**
	 * OTLP to Jaeger, which ingests OTLP natively.
	 */
	JAEGER("jaeger", "http://localhost:4317"),

	/**
	 * Zipkin v2 JSON.
	 */
	ZIPKIN("zipkin", "http://localhost:9411/api/v2/spans"),

	/**
	 * One readable line per finished span on standard output.
	 */
	CONSOLE("console", null),

	/**
	 * No exporter.
	 */
	NONE("none", null);

	private final String id;

	private final @Nullable String defaultEndpoint;

	ExporterType(String id, @Nullable String defaultEndpoint) {
		this.id = id;
		this.defaultEndpoint = defaultEndpoint;
	}

	/**
	 * Return the name used in configuration.
	 * @return the id, for example {@code otlp}
	 */
	public String id() {
		return this.id;
	}

	/**
	 * Return the endpoint used when none is configured.
	 * @return the default endpoint, or {@code null} for exporters that do not send over
	 * the network
	 */
	public @Nullable String defaultEndpoint() {
		return this.defaultEndpoint;
	}

	/**
	 * Return whether this exporter sends spans over the network to an endpoint.
	 * @return whether an endpoint applies
	 */
	public boolean isNetwork() {
		return this.defaultEndpoint != null;
	}

	/**
	 * Return whether this exporter speaks OTLP.
	 * @return whether the OTLP protocol applies
	 */
	public boolean isOtlp() {
		return this == OTLP || this == JAEGER;
	}

	/**
	 * Return the configuration names of all exporters, for error messages.
	 * @return the names joined with commas
	 */
	public static String ids() {
		return Arrays.stream(values()).map(ExporterType::id).collect(Collectors.joining(", "));
	}

}
