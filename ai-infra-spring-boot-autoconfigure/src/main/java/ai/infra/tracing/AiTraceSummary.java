package ai.infra.tracing;

import java.time.Duration;

/**
 * What is known of a local trace that the head sampler did not sample, when its local
 * root span ends (or when {@code ai-infra.tracing.keep.max-wait} has passed): given to
 * {@link AiSampler#shouldKeep(AiTraceSummary)} to decide whether the trace is exported
 * after all.
 *
 * @param traceId the hex trace id
 * @param rootSpanName the name of the trace's local root span
 * @param error whether any span of the trace ended in error
 * @param duration how long the local root took, or has been open so far when the trace is
 * not complete
 * @param cost the summed cost in US dollars of the trace's model calls, 0 when none was
 * priced
 * @param budgetEvent whether a span of the trace carries a budget warning or block
 * @param matchesKeepRules whether the {@code ai-infra.tracing.keep.*} rules keep the trace
 * @param complete whether the local root has ended; {@code false} when the trace is
 * decided because {@code max-wait} has passed
 */
public record AiTraceSummary(String traceId, String rootSpanName, boolean error, Duration duration, double cost,
		boolean budgetEvent, boolean matchesKeepRules, boolean complete) {

}
