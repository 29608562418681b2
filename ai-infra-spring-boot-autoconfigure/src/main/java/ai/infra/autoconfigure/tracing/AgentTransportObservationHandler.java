package ai.infra.autoconfigure.tracing;

import io.micrometer.observation.Observation;
import io.micrometer.observation.transport.ReceiverContext;
import io.micrometer.observation.transport.SenderContext;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.handler.TracingObservationHandler;

import org.springframework.core.Ordered;

/**
 * Under the OpenTelemetry Java agent, leaves the spans of transport observations (HTTP
 * server requests, HTTP client calls such as the OpenAI SDK's OkHttp requests, messaging)
 * to the agent, which instruments the same transports and carries the trace context
 * across them itself. Ordered first among Boot's tracing handlers, which Boot calls
 * first-match, so Micrometer Tracing makes no second span for such an observation; its
 * meter handlers are not tracing handlers and still record the observation.
 */
final class AgentTransportObservationHandler implements TracingObservationHandler<Observation.Context>, Ordered {

	@Override
	public boolean supportsContext(Observation.Context context) {
		return context instanceof SenderContext<?> || context instanceof ReceiverContext<?>;
	}

	@Override
	public void onStart(Observation.Context context) {
		// An empty tracing context: Micrometer's tracing-aware meter handlers require one.
		getTracingContext(context);
	}

	@Override
	public void onScopeOpened(Observation.Context context) {
		// The agent's span of this transport is already current.
	}

	@Override
	public void onScopeClosed(Observation.Context context) {
	}

	@Override
	public void onScopeReset(Observation.Context context) {
	}

	@Override
	public void onEvent(Observation.Event event, Observation.Context context) {
	}

	@Override
	public void onError(Observation.Context context) {
	}

	@Override
	public void onStop(Observation.Context context) {
	}

	@Override
	public Tracer getTracer() {
		return Tracer.NOOP;
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
