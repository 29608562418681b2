package ai.infra.test.otlp;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A span as it arrived at an {@link OtlpReceiver}, decoded from the OTLP protobuf
 * message into plain Java values so that tests need no protobuf types to assert on it.
 *
 * @param name the span name
 * @param traceId the trace id as 32 lowercase hex characters
 * @param spanId the span id as 16 lowercase hex characters
 * @param parentSpanId the parent span id as lowercase hex, or an empty string for a root
 * span
 * @param kind the span kind without its protobuf prefix: {@code INTERNAL},
 * {@code SERVER}, {@code CLIENT}, {@code PRODUCER}, {@code CONSUMER} or
 * {@code UNSPECIFIED}
 * @param statusCode the status code without its protobuf prefix: {@code UNSET},
 * {@code OK} or {@code ERROR}
 * @param statusMessage the status description, empty when none was set
 * @param attributes the span attributes as {@link String}, {@link Long}, {@link Double},
 * {@link Boolean}, {@link List}, {@link Map} (key-value lists) or {@code byte[]} values
 * @param resourceAttributes the attributes of the resource that produced the span, typed
 * like {@code attributes}
 * @param events the span events in the order they were recorded
 * @param scopeName the name of the instrumentation scope that created the span
 * @param transport how the span arrived, {@link #GRPC} or {@link #HTTP}
 * @param headers the headers of the export request that carried the span, keyed by
 * lowercase name (first value only)
 */
public record ReceivedSpan(String name, String traceId, String spanId, String parentSpanId, String kind,
		String statusCode, String statusMessage, Map<String, Object> attributes,
		Map<String, Object> resourceAttributes, List<Event> events, String scopeName, String transport,
		Map<String, String> headers) {

	/**
	 * Transport of spans exported over OTLP/gRPC.
	 */
	public static final String GRPC = "grpc";

	/**
	 * Transport of spans exported over OTLP/HTTP with a protobuf body.
	 */
	public static final String HTTP = "http";

	public ReceivedSpan {
		// Attribute values may legitimately be absent (an empty AnyValue), which rules out
		// Map.copyOf and List.copyOf.
		attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
		resourceAttributes = Collections.unmodifiableMap(new LinkedHashMap<>(resourceAttributes));
		events = Collections.unmodifiableList(new ArrayList<>(events));
		headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
	}

	/**
	 * Return whether this span starts its trace.
	 * @return {@code true} if the span has no parent
	 */
	public boolean isRoot() {
		return this.parentSpanId.isEmpty();
	}

	/**
	 * Return a single span attribute.
	 * @param key the attribute key
	 * @return the attribute value or {@code null} if the span has no such attribute
	 */
	public Object attribute(String key) {
		return this.attributes.get(key);
	}

	/**
	 * Return the {@code service.name} resource attribute.
	 * @return the service name or {@code null} if the resource has none
	 */
	public String serviceName() {
		Object serviceName = this.resourceAttributes.get("service.name");
		return (serviceName != null) ? serviceName.toString() : null;
	}

	/**
	 * An event recorded on a {@link ReceivedSpan}.
	 *
	 * @param name the event name
	 * @param attributes the event attributes, typed like span attributes
	 */
	public record Event(String name, Map<String, Object> attributes) {

		public Event {
			attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
		}

	}

}
