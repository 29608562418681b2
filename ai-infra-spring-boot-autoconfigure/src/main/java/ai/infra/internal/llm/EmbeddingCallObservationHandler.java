package ai.infra.internal.llm;

import ai.infra.internal.observation.ObservationLineage;
import io.micrometer.tracing.Tracer;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;

import org.springframework.ai.embedding.observation.EmbeddingModelObservationContext;

/**
 * Turns every Spring AI {@code EmbeddingModel.call}, whatever the provider, into one
 * {@code llm.embed} span, a child of whatever span is current, in place of the span
 * Spring AI's own embedding observation would make. The span is the observation's
 * tracing span, so the HTTP client span of the call becomes its child.
 */
public final class EmbeddingCallObservationHandler
		extends ModelCallObservationHandler<EmbeddingModelObservationContext> {

	private final EmbeddingCallRecorder recorder;

	/**
	 * Create a handler.
	 * @param tracer Micrometer's tracer, whose scopes make spans current
	 * @param otelTracer the OpenTelemetry tracer ai-infra's spans are made with
	 * @param recorder writes attributes, cost and meters of finished calls
	 */
	public EmbeddingCallObservationHandler(Tracer tracer, io.opentelemetry.api.trace.Tracer otelTracer,
			EmbeddingCallRecorder recorder) {
		super(tracer, otelTracer, "llm.embed", EmbeddingModelObservationContext.class);
		this.recorder = recorder;
	}

	@Override
	LlmCall begin(Span span, EmbeddingModelObservationContext context, ObservationLineage lineage,
			Context parentContext) {
		return this.recorder.start(span, context, parentContext);
	}

	@Override
	public void onScopeClosed(EmbeddingModelObservationContext context) {
		LlmCall call = context.get(LlmCall.class);
		if (call == null) {
			return;
		}
		// Spring AI observes an embedding call in one scope, in which the response or the
		// failure is known: finished while its span is current, the duration's exemplar
		// points at it.
		if (context.getResponse() != null || call.error() != null) {
			try {
				this.recorder.finish(call, context);
			}
			catch (RuntimeException ex) {
				logFailure("finish", ex);
			}
		}
		super.onScopeClosed(context);
	}

	@Override
	protected void stop(EmbeddingModelObservationContext context) {
		LlmCall call = context.get(LlmCall.class);
		if (call != null) {
			this.recorder.finish(call, context);
		}
	}

}
