package ai.infra.internal.observation;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.semconv.ErrorAttributes;

/**
 * Records a failure on a span the same way for every kind of ai-infra span: status
 * ERROR with the message, {@code error.type} and an {@code exception} event.
 */
public final class SpanFailures {

	private SpanFailures() {
	}

	/**
	 * Record a failure.
	 * @param span the span of the failed operation
	 * @param error what it failed with
	 */
	public static void record(Span span, Throwable error) {
		span.setAttribute(ErrorAttributes.ERROR_TYPE, error.getClass().getName());
		span.setStatus(StatusCode.ERROR, String.valueOf(error.getMessage()));
		span.recordException(error);
	}

}
