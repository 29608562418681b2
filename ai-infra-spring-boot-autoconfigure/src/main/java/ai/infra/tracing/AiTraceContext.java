package ai.infra.tracing;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Context;

/**
 * A trace context that can be the parent of a new span: the one a span runs in, the
 * current one, or one extracted from incoming headers with
 * {@link AiTracer#extract(java.util.Map)}. It also carries the baggage that came with
 * it.
 */
public final class AiTraceContext {

	private static final AiTraceContext EMPTY = new AiTraceContext(Context.root());

	private final Context context;

	AiTraceContext(Context context) {
		this.context = context;
	}

	/**
	 * Return the context that is current on this thread.
	 * @return the current context, never {@code null}
	 */
	public static AiTraceContext current() {
		return of(Context.current());
	}

	static AiTraceContext of(Context context) {
		return (context == Context.root()) ? EMPTY : new AiTraceContext(context);
	}

	static AiTraceContext empty() {
		return EMPTY;
	}

	Context toOpenTelemetry() {
		return this.context;
	}

	/**
	 * Return the id of the trace this context belongs to.
	 * @return 32 lowercase hex characters, all zeros when there is no trace
	 */
	public String traceId() {
		return spanContext().getTraceId();
	}

	/**
	 * Return the id of the span that would be the parent.
	 * @return 16 lowercase hex characters, all zeros when there is no span
	 */
	public String spanId() {
		return spanContext().getSpanId();
	}

	/**
	 * Return whether this context holds a valid span, so that a span started with it as
	 * parent joins that trace instead of starting a new one.
	 * @return whether there is a valid parent span
	 */
	public boolean isValid() {
		return spanContext().isValid();
	}

	/**
	 * Return whether the span of this context was created in another process and
	 * extracted from headers.
	 * @return whether the parent span is remote
	 */
	public boolean isRemote() {
		return spanContext().isRemote();
	}

	private SpanContext spanContext() {
		return Span.fromContext(this.context).getSpanContext();
	}

	@Override
	public String toString() {
		return "AiTraceContext{traceId=" + traceId() + ", spanId=" + spanId() + "}";
	}

}
