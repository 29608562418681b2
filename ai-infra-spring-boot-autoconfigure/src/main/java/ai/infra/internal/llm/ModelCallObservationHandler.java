package ai.infra.internal.llm;

import ai.infra.internal.observation.AiObservationHandler;
import ai.infra.internal.observation.ObservationLineage;
import io.micrometer.observation.Observation;
import io.micrometer.tracing.Tracer;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;

/**
 * What the handlers of Spring AI's model observations, chat and embedding, share: a
 * client span of ai-infra's own in place of Spring AI's, the {@link LlmCall} that carries
 * it through the observation, and a scope that only makes the span current when there
 * is one.
 *
 * @param <T> the type of observation context handled
 */
abstract class ModelCallObservationHandler<T extends Observation.Context> extends AiObservationHandler<T> {

	private final io.opentelemetry.api.trace.Tracer otelTracer;

	private final String spanName;

	ModelCallObservationHandler(Tracer tracer, io.opentelemetry.api.trace.Tracer otelTracer, String spanName,
			Class<T> contextType) {
		super(tracer, spanName, contextType);
		this.otelTracer = otelTracer;
		this.spanName = spanName;
	}

	@Override
	protected final void start(T context) {
		ObservationLineage lineage = ObservationLineage.of(context);
		if (lineage.isTracingDisabled()) {
			getTracingContext(context);
			return;
		}
		Context parentContext = parentContext(context, lineage);
		Span span = this.otelTracer.spanBuilder(this.spanName)
			.setParent(parentContext)
			.setSpanKind(SpanKind.CLIENT)
			.startSpan();
		context.put(LlmCall.class, begin(span, context, lineage, parentContext));
		useSpan(context, span, parentContext);
	}

	/**
	 * Return the context the call's span is a child of.
	 * @param context the observation's context
	 * @param lineage the observation's ancestors
	 * @return the parent context; by default that of the current span
	 */
	Context parentContext(T context, ObservationLineage lineage) {
		return contextOf(parentSpan(context));
	}

	/**
	 * Record what is known of the call as it starts.
	 * @param span the call's span
	 * @param context the observation's context
	 * @param lineage the observation's ancestors
	 * @param parentContext the context the span was started in
	 * @return the call's state
	 */
	abstract LlmCall begin(Span span, T context, ObservationLineage lineage, Context parentContext);

	@Override
	public final void onError(T context) {
		LlmCall call = context.get(LlmCall.class);
		if (call != null && context.getError() != null) {
			call.failed(context.getError());
		}
	}

	@Override
	public final void onScopeOpened(T context) {
		LlmCall call = context.get(LlmCall.class);
		if (call != null && getTracingContext(context).getSpan() != null) {
			call.scopeOpened();
			super.onScopeOpened(context);
		}
	}

	@Override
	public final void onScopeReset(T context) {
		if (context.get(LlmCall.class) != null && getTracingContext(context).getSpan() != null) {
			super.onScopeReset(context);
		}
	}

	@Override
	protected final boolean isDoneWithSpanAtScopeClose(T context) {
		LlmCall call = context.get(LlmCall.class);
		return call != null && call.isFinished();
	}

}
