package ai.infra.autoconfigure.tracing;

import ai.infra.internal.observation.SpanlessObservationHandler;
import io.micrometer.observation.Observation;
import io.micrometer.observation.transport.ReceiverContext;
import io.micrometer.observation.transport.SenderContext;
import io.micrometer.tracing.Tracer;

import org.springframework.core.Ordered;

/**
 * Under the OpenTelemetry Java agent, leaves the spans of transport observations (HTTP
 * server requests, HTTP client calls such as the OpenAI SDK's OkHttp requests, messaging)
 * to the agent, which instruments the same transports and carries the trace context
 * across them itself. Ordered first among Boot's tracing handlers, which Boot calls
 * first-match, so Micrometer Tracing makes no second span for such an observation; its
 * meter handlers are not tracing handlers and still record the observation.
 */
final class AgentTransportObservationHandler extends SpanlessObservationHandler<Observation.Context> {

	@Override
	public boolean supportsContext(Observation.Context context) {
		// The agent's span of such a transport is already current.
		return context instanceof SenderContext<?> || context instanceof ReceiverContext<?>;
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
