package ai.infra.internal.sampling;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * The {@code ai-infra.tracing.keep.*} rules: which local traces that the head sampler
 * would drop are exported all the same, and how long and how many spans are held while
 * that is not yet known.
 *
 * @param errors whether a trace with a span that ended in error is kept
 * @param slowerThan local root duration above which a trace is kept, or {@code null}
 * @param costlierThan summed model-call cost in US dollars above which a trace is kept, or
 * {@code null}
 * @param budgetEvents whether a trace with a budget warning or block is kept
 * @param maxWait how long a trace whose local root is still open is held before it is
 * decided with what it has
 * @param maxPendingSpans how many spans are held at most before the oldest traces are
 * decided by ratio alone
 */
public record KeepRules(boolean errors, @Nullable Duration slowerThan, @Nullable Double costlierThan,
		boolean budgetEvents, Duration maxWait, int maxPendingSpans) {

	/**
	 * Return whether any rule can keep a trace.
	 * @return whether keep-sampling has anything to do
	 */
	public boolean active() {
		return this.errors || this.slowerThan != null || this.costlierThan != null || this.budgetEvents;
	}

	@Nullable KeepReason reason(boolean error, long durationNanos, double cost, boolean budgetEvent) {
		if (this.budgetEvents && budgetEvent) {
			return KeepReason.BUDGET;
		}
		if (this.errors && error) {
			return KeepReason.ERROR;
		}
		if (this.slowerThan != null && durationNanos > this.slowerThan.toNanos()) {
			return KeepReason.SLOW;
		}
		if (this.costlierThan != null && cost > this.costlierThan) {
			return KeepReason.COSTLY;
		}
		return null;
	}

}
