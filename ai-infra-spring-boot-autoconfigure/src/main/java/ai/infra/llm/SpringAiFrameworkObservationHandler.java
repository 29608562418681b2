package ai.infra.llm;

import io.micrometer.observation.Observation;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.handler.TracingObservationHandler;

import org.springframework.ai.chat.client.advisor.observation.AdvisorObservationContext;
import org.springframework.ai.chat.client.observation.ChatClientObservationContext;
import org.springframework.core.Ordered;

/**
 * Keeps Spring AI's {@code ChatClient} and advisor observations out of the trace: they
 * wrap every model call in framework spans ({@code spring_ai chat_client}, one per
 * advisor) that say nothing ai-infra's spans do not. Such an observation borrows its
 * parent's span instead of starting one, so whatever runs inside keeps the right parent;
 * Spring AI's meters for these observations are unaffected.
 */
public final class SpringAiFrameworkObservationHandler implements TracingObservationHandler<Observation.Context>, Ordered {

	private final Tracer tracer;

	/**
	 * Create a handler.
	 * @param tracer Micrometer's tracer
	 */
	public SpringAiFrameworkObservationHandler(Tracer tracer) {
		this.tracer = tracer;
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		return context instanceof ChatClientObservationContext || context instanceof AdvisorObservationContext;
	}

	@Override
	public void onStart(Observation.Context context) {
		// Resolved before the tracing context exists, which getParentSpan would
		// otherwise take for this observation's own. Without a parent observation the
		// parent is whatever span is current.
		Span parent = getParentSpan(context);
		if (parent == null) {
			parent = getTracer().currentSpan();
		}
		getTracingContext(context).setSpan(parent);
	}

	@Override
	public void onError(Observation.Context context) {
		// The error reaches the span of whoever handles it; this observation has none.
	}

	@Override
	public void onEvent(Observation.Event event, Observation.Context context) {
	}

	@Override
	public void onStop(Observation.Context context) {
		// The span is borrowed from the parent, which ends it.
		getTracingContext(context).close();
	}

	@Override
	public Tracer getTracer() {
		return this.tracer;
	}

	@Override
	public int getOrder() {
		return LlmCallObservationHandler.ORDER;
	}

}
