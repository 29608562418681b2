package ai.infra.internal.propagation;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The context propagation formats ai-infra can install. Configuration values bind
 * through Spring Boot's lenient enum conversion, so {@code tracecontext} and
 * {@code b3multi} are the documented spellings.
 */
public enum Propagator {

	/**
	 * W3C Trace Context ({@code traceparent}, {@code tracestate}).
	 */
	TRACECONTEXT("tracecontext"),

	/**
	 * W3C Baggage.
	 */
	BAGGAGE("baggage"),

	/**
	 * Zipkin B3, single header.
	 */
	B3("b3"),

	/**
	 * Zipkin B3, one header per field.
	 */
	B3MULTI("b3multi");

	private final String id;

	Propagator(String id) {
		this.id = id;
	}

	/**
	 * Return the name used in configuration.
	 * @return the id, for example {@code b3multi}
	 */
	public String id() {
		return this.id;
	}

	/**
	 * Return whether this format needs the optional B3 propagator library.
	 * @return whether it is a B3 format
	 */
	public boolean isB3() {
		return this == B3 || this == B3MULTI;
	}

	/**
	 * Return the configuration names of all formats, for error messages.
	 * @return the names joined with commas
	 */
	public static String ids() {
		return Arrays.stream(values()).map(Propagator::id).collect(Collectors.joining(", "));
	}

}
