package ai.infra.tracing;

import io.opentelemetry.context.Context;

/**
 * Decides whether a new root trace is recorded and exported. Declare a bean of this type
 * to replace the ratio given by {@code ai-infra.tracing.sample-rate}; child spans always
 * follow the decision of their parent.
 */
@FunctionalInterface
public interface AiSampler {

	/**
	 * Decide whether to sample a span that starts a new trace.
	 * @param spanName the name of the span being started
	 * @param parent the context the span is started in (holds no valid span for a root)
	 * @param traceId the hex trace id of the new trace
	 * @return whether the trace is recorded and exported
	 */
	boolean shouldSample(String spanName, Context parent, String traceId);

}
