package ai.infra.tracing;

import io.opentelemetry.context.Context;

/**
 * Decides whether a new root trace is recorded and exported. Declare a bean of this type
 * to replace the ratio given by {@code ai-infra.tracing.sample-rate}; child spans always
 * follow the decision of their parent. Where the {@code ai-infra.tracing.keep.*} rules are
 * active, a trace this sampler does not sample is still recorded and decided again on the
 * whole trace by {@link #shouldKeep(AiTraceSummary)} when its local root ends.
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

	/**
	 * Decide whether a local trace that was not sampled is exported after all, once its
	 * local root has ended. Called only while the {@code ai-infra.tracing.keep.*} rules are
	 * active; by default the trace is kept where those rules keep it.
	 * @param trace what is known of the finished local trace
	 * @return whether every span of the trace is exported
	 */
	default boolean shouldKeep(AiTraceSummary trace) {
		return trace.matchesKeepRules();
	}

}
