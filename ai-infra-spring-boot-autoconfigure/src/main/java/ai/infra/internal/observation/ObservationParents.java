package ai.infra.internal.observation;

import io.micrometer.observation.Observation;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.handler.TracingObservationHandler;
import io.micrometer.tracing.otel.bridge.OtelSpan;
import io.opentelemetry.context.Context;
import org.jspecify.annotations.Nullable;

/**
 * Finds the parent of a span an observation handler starts, the way Micrometer's own
 * tracing handler does: the span of the parent observation, else the current span.
 */
public final class ObservationParents {

	private ObservationParents() {
	}

	/**
	 * Return the parent span of an observation that is starting. Call it before the
	 * observation's own tracing context exists, which would otherwise be taken for the
	 * parent's.
	 * @param handler the handler starting a span
	 * @param context the observation's context
	 * @param <T> the context type
	 * @return the parent span, or {@code null} for a root
	 */
	public static <T extends Observation.Context> @Nullable Span parentSpan(TracingObservationHandler<T> handler,
			T context) {
		Span parent = handler.getParentSpan(context);
		return (parent != null) ? parent : handler.getTracer().currentSpan();
	}

	/**
	 * Return the OpenTelemetry context a child of the given parent starts in; it keeps
	 * the current context's baggage.
	 * @param parent the parent span, or {@code null} for a root
	 * @return the context
	 */
	public static Context contextOf(@Nullable Span parent) {
		return (parent != null) ? Context.current().with(OtelSpan.toOtel(parent)) : Context.current();
	}

}
