package ai.infra.internal.observation;

import io.micrometer.observation.Observation;
import io.micrometer.tracing.handler.TracingObservationHandler;

import org.springframework.core.Ordered;

/**
 * A tracing handler that claims observations for which no span should be made. Boot
 * calls the first tracing handler that supports an observation, so one ordered ahead of
 * Boot's keeps Micrometer Tracing from making a span for it; meter handlers are not
 * tracing handlers and still record the observation.
 *
 * @param <T> the type of observation context handled
 */
public abstract class SpanlessObservationHandler<T extends Observation.Context>
		implements TracingObservationHandler<T>, Ordered {

	@Override
	public final void onStart(T context) {
		// A tracing context without a span, as Boot's exemplar-aware meter handler expects
		// on every observation.
		getTracingContext(context);
	}

	@Override
	public final void onScopeOpened(T context) {
	}

	@Override
	public final void onScopeClosed(T context) {
	}

	@Override
	public final void onScopeReset(T context) {
	}

	@Override
	public final void onEvent(Observation.Event event, T context) {
	}

	@Override
	public final void onError(T context) {
	}

	@Override
	public final void onStop(T context) {
	}

}
