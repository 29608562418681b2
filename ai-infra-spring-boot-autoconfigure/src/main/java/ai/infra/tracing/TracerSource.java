package ai.infra.tracing;

import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.propagation.ContextPropagators;

/**
 * Where an {@link AiTracer} gets its OpenTelemetry tracer and propagators: fixed for the
 * bean, looked up on each use for tracers from {@link AiTracing}.
 */
interface TracerSource {

	Tracer tracer();

	ContextPropagators propagators();

	static TracerSource of(Tracer tracer, ContextPropagators propagators) {
		return new TracerSource() {

			@Override
			public Tracer tracer() {
				return tracer;
			}

			@Override
			public ContextPropagators propagators() {
				return propagators;
			}

		};
	}

}
