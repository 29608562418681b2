package ai.infra.internal.sampling;

import java.util.ArrayList;
import java.util.List;

import ai.infra.internal.observation.AiAttributes;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;

/**
 * The spans of one undecided local trace and what the keep rules need to know of them.
 * Guarded by the lock of {@link KeepSamplingSpanProcessor}.
 */
final class PendingTrace {

	private static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

	final String traceId;

	final String rootSpanName;

	final long openedNanos;

	final List<SpanData> spans = new ArrayList<>(8);

	int openRoots = 1;

	boolean deciding;

	boolean error;

	boolean budgetEvent;

	double cost;

	long rootDurationNanos = -1;

	PendingTrace(String traceId, String rootSpanName, long openedNanos) {
		this.traceId = traceId;
		this.rootSpanName = rootSpanName;
		this.openedNanos = openedNanos;
	}

	/**
	 * Hold an ended span of the trace and note what the keep rules look at.
	 * @param span the span
	 */
	void add(SpanData span) {
		this.spans.add(span);
		String errorType = span.getAttributes().get(ERROR_TYPE);
		if (errorType != null || span.getStatus().getStatusCode() == StatusCode.ERROR) {
			this.error = true;
		}
		if (AiAttributes.BUDGET_EXCEEDED_ERROR_TYPE.equals(errorType) || hasBudgetEvent(span.getEvents())) {
			this.budgetEvent = true;
		}
		// agent.run carries the totals of its model calls: only the calls themselves count.
		if (span.getName().startsWith("llm.")) {
			Double spanCost = span.getAttributes().get(AiAttributes.COST);
			if (spanCost != null && spanCost > 0) {
				this.cost += spanCost;
			}
		}
	}

	private static boolean hasBudgetEvent(List<EventData> events) {
		for (int i = 0; i < events.size(); i++) {
			String name = events.get(i).getName();
			if (AiAttributes.BUDGET_WARNING_EVENT.equals(name) || AiAttributes.BUDGET_BLOCKED_EVENT.equals(name)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Return how many spans the trace holds, counting its open local root.
	 * @return the number of held spans
	 */
	int heldSpans() {
		return this.spans.size() + this.openRoots;
	}

	long durationNanos(long nowNanos) {
		return (this.rootDurationNanos >= 0) ? this.rootDurationNanos : nowNanos - this.openedNanos;
	}

}
