package ai.infra.internal.logging;

import io.opentelemetry.api.trace.SpanContext;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

import org.springframework.util.ClassUtils;

/**
 * Keeps the SLF4J MDC entries {@value #TRACE_ID} and {@value #SPAN_ID} in step with the
 * span that is current, so that every log line written inside a span carries its ids.
 * Does nothing when SLF4J is not on the class path.
 */
public final class TraceMdc {

	/**
	 * MDC key of the current trace id.
	 */
	public static final String TRACE_ID = "trace_id";

	/**
	 * MDC key of the current span id.
	 */
	public static final String SPAN_ID = "span_id";

	private static final boolean SLF4J_PRESENT = ClassUtils.isPresent("org.slf4j.MDC", TraceMdc.class.getClassLoader());

	private static final Saved NOTHING = new Saved(null, null);

	private TraceMdc() {
	}

	/**
	 * Show the given span in the MDC, or remove the ids when it is not a valid span.
	 * @param spanContext the span that is now current
	 */
	public static void update(SpanContext spanContext) {
		if (!SLF4J_PRESENT) {
			return;
		}
		if (spanContext.isValid()) {
			MDC.put(TRACE_ID, spanContext.getTraceId());
			MDC.put(SPAN_ID, spanContext.getSpanId());
		}
		else {
			MDC.remove(TRACE_ID);
			MDC.remove(SPAN_ID);
		}
	}

	/**
	 * Show the given span in the MDC until the returned handle is restored.
	 * @param spanContext the span that becomes current
	 * @return the previous ids, to restore when the span stops being current
	 */
	public static Saved replace(SpanContext spanContext) {
		if (!SLF4J_PRESENT || !spanContext.isValid()) {
			return NOTHING;
		}
		Saved saved = new Saved(MDC.get(TRACE_ID), MDC.get(SPAN_ID));
		update(spanContext);
		return saved;
	}

	/**
	 * The ids the MDC held before a span became current.
	 */
	public static final class Saved {

		private final @Nullable String traceId;

		private final @Nullable String spanId;

		private Saved(@Nullable String traceId, @Nullable String spanId) {
			this.traceId = traceId;
			this.spanId = spanId;
		}

		/**
		 * Put the saved ids back, removing the keys that were absent.
		 */
		public void restore() {
			if (this == NOTHING) {
				return;
			}
			restore(TRACE_ID, this.traceId);
			restore(SPAN_ID, this.spanId);
		}

		private static void restore(String key, @Nullable String value) {
			if (value != null) {
				MDC.put(key, value);
			}
			else {
				MDC.remove(key);
			}
		}

	}

}
