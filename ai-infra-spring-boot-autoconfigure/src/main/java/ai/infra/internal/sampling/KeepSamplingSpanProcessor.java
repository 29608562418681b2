package ai.infra.internal.sampling;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import ai.infra.tracing.AiSampler;
import ai.infra.tracing.AiTraceSummary;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.jspecify.annotations.Nullable;

/**
 * Holds the ended spans of local traces that the head sampler only recorded (see
 * {@link AiSamplers#keeping}) and decides each trace when its local root ends: a trace
 * the {@link KeepRules} (or the user's {@link AiSampler}) keep is handed whole to the
 * export processors, as if it had been sampled from the start; any other is released. A
 * trace whose local root is still open after {@code max-wait} is decided with what it has,
 * and spans of a kept trace that end later follow it. Past {@code max-pending-spans} the
 * oldest undecided traces are dropped, as the ratio decided. One lock guards the pending
 * traces and one thread looks for traces past {@code max-wait}; nothing is done for
 * sampled spans but counting their traces.
 */
public final class KeepSamplingSpanProcessor implements SpanProcessor {

	// Spans of a kept trace may end after its local root (asynchronous work) or after it
	// was decided by max-wait: the ids of recently kept traces let them follow.
	private static final int KEPT_TRACE_IDS = 10_000;

	private static final long MAX_SWEEP_PERIOD_NANOS = TimeUnit.SECONDS.toNanos(1);

	private static final long MIN_SWEEP_PERIOD_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

	private final KeepRules rules;

	private final @Nullable AiSampler sampler;

	private final TraceDecisions decisions;

	private final Supplier<List<SpanProcessor>> exportProcessors;

	private final LongSupplier nanoTime;

	private final long maxWaitNanos;

	private final Object lock = new Object();

	private final LinkedHashMap<String, PendingTrace> pending = new LinkedHashMap<>();

	private final Map<String, Boolean> keptTraces = new LinkedHashMap<>() {

		@Override
		protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
			return size() > KEPT_TRACE_IDS;
		}

	};

	private int heldSpans;

	private volatile @Nullable List<SpanProcessor> exporters;

	private final @Nullable ScheduledExecutorService sweeper;

	/**
	 * Create a processor that looks for traces past {@code max-wait} on a thread of its
	 * own.
	 * @param rules the keep rules
	 * @param sampler the user's sampler that decides on the whole trace, or {@code null}
	 * @param decisions told about every decided local trace
	 * @param exportProcessors the processors that export sampled spans, looked up when the
	 * first trace is kept
	 */
	public KeepSamplingSpanProcessor(KeepRules rules, @Nullable AiSampler sampler, TraceDecisions decisions,
			Supplier<List<SpanProcessor>> exportProcessors) {
		this(rules, sampler, decisions, exportProcessors, System::nanoTime, true);
	}

	KeepSamplingSpanProcessor(KeepRules rules, @Nullable AiSampler sampler, TraceDecisions decisions,
			Supplier<List<SpanProcessor>> exportProcessors, LongSupplier nanoTime, boolean sweepInBackground) {
		this.rules = rules;
		this.sampler = sampler;
		this.decisions = decisions;
		this.exportProcessors = exportProcessors;
		this.nanoTime = nanoTime;
		this.maxWaitNanos = rules.maxWait().toNanos();
		this.sweeper = sweepInBackground ? startSweeper() : null;
	}

	private ScheduledExecutorService startSweeper() {
		ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "ai-infra-keep-sampling");
			thread.setDaemon(true);
			return thread;
		});
		long period = Math.max(MIN_SWEEP_PERIOD_NANOS, Math.min(MAX_SWEEP_PERIOD_NANOS, this.maxWaitNanos / 2));
		executor.scheduleWithFixedDelay(this::sweep, period, period, TimeUnit.NANOSECONDS);
		return executor;
	}

	@Override
	public void onStart(Context parentContext, ReadWriteSpan span) {
		SpanContext spanContext = span.getSpanContext();
		if (spanContext.isSampled() || !isLocalRoot(span)) {
			return;
		}
		List<PendingTrace> expired;
		List<PendingTrace> evicted;
		synchronized (this.lock) {
			long now = this.nanoTime.getAsLong();
			PendingTrace trace = this.pending.get(spanContext.getTraceId());
			if (trace != null) {
				trace.openRoots++;
			}
			else {
				this.pending.put(spanContext.getTraceId(),
						new PendingTrace(spanContext.getTraceId(), span.getName(), now));
			}
			this.heldSpans++;
			expired = expiredLocked(now);
			evicted = evictLocked();
		}
		decideAll(expired);
		countEvicted(evicted);
	}

	@Override
	public boolean isStartRequired() {
		return true;
	}

	@Override
	public void onEnd(ReadableSpan span) {
		SpanContext spanContext = span.getSpanContext();
		boolean localRoot = isLocalRoot(span);
		if (spanContext.isSampled()) {
			if (localRoot) {
				this.decisions.decided(true, KeepReason.RATIO);
			}
			return;
		}
		SpanData data = span.toSpanData();
		PendingTrace complete = null;
		boolean kept = false;
		List<PendingTrace> evicted = null;
		synchronized (this.lock) {
			PendingTrace trace = this.pending.get(spanContext.getTraceId());
			if (trace == null) {
				kept = this.keptTraces.containsKey(spanContext.getTraceId());
			}
			else {
				trace.add(data);
				if (localRoot) {
					trace.openRoots--;
					trace.rootDurationNanos = Math.max(trace.rootDurationNanos,
							data.getEndEpochNanos() - data.getStartEpochNanos());
					if (trace.openRoots == 0 && !trace.deciding) {
						trace.deciding = true;
						complete = trace;
					}
				}
				else {
					this.heldSpans++;
					evicted = evictLocked();
				}
			}
		}
		if (kept) {
			export(List.of(data));
		}
		if (complete != null) {
			decide(complete);
		}
		if (evicted != null) {
			countEvicted(evicted);
		}
	}

	@Override
	public boolean isEndRequired() {
		return true;
	}

	private static boolean isLocalRoot(ReadableSpan span) {
		SpanContext parent = span.getParentSpanContext();
		return !parent.isValid() || parent.isRemote();
	}

	/**
	 * Decide every trace whose local root has been open longer than {@code max-wait}.
	 */
	void sweep() {
		List<PendingTrace> expired;
		synchronized (this.lock) {
			expired = expiredLocked(this.nanoTime.getAsLong());
		}
		decideAll(expired);
	}

	private List<PendingTrace> expiredLocked(long now) {
		List<PendingTrace> expired = null;
		for (PendingTrace trace : this.pending.values()) {
			if (now - trace.openedNanos <= this.maxWaitNanos) {
				// Insertion order is opening order.
				break;
			}
			if (!trace.deciding) {
				trace.deciding = true;
				if (expired == null) {
					expired = new ArrayList<>(2);
				}
				expired.add(trace);
			}
		}
		return (expired != null) ? expired : List.of();
	}

	private List<PendingTrace> evictLocked() {
		if (this.heldSpans <= this.rules.maxPendingSpans()) {
			return List.of();
		}
		List<PendingTrace> evicted = new ArrayList<>();
		Iterator<PendingTrace> traces = this.pending.values().iterator();
		while (this.heldSpans > this.rules.maxPendingSpans() && traces.hasNext()) {
			PendingTrace trace = traces.next();
			if (!trace.deciding) {
				traces.remove();
				this.heldSpans -= trace.heldSpans();
				evicted.add(trace);
			}
		}
		return evicted;
	}

	private void countEvicted(List<PendingTrace> evicted) {
		for (int i = 0; i < evicted.size(); i++) {
			this.decisions.decided(false, KeepReason.EVICTED);
		}
	}

	private void decideAll(List<PendingTrace> traces) {
		for (PendingTrace trace : traces) {
			decide(trace);
		}
	}

	private void decide(PendingTrace trace) {
		KeepReason ruleReason;
		long duration;
		boolean error;
		boolean budgetEvent;
		double cost;
		boolean complete;
		synchronized (this.lock) {
			duration = trace.durationNanos(this.nanoTime.getAsLong());
			error = trace.error;
			budgetEvent = trace.budgetEvent;
			cost = trace.cost;
			complete = trace.openRoots == 0;
			ruleReason = this.rules.reason(error, duration, cost, budgetEvent);
		}
		KeepReason reason = (ruleReason != null) ? ruleReason : KeepReason.RATIO;
		boolean keep = ruleReason != null;
		if (this.sampler != null) {
			AiTraceSummary summary = new AiTraceSummary(trace.traceId, trace.rootSpanName, error,
					Duration.ofNanos(duration), cost, budgetEvent, keep, complete);
			boolean sampled = shouldKeep(this.sampler, summary);
			if (sampled != keep) {
				keep = sampled;
				reason = KeepReason.SAMPLER;
			}
		}
		List<SpanData> spans;
		synchronized (this.lock) {
			if (this.pending.remove(trace.traceId, trace)) {
				this.heldSpans -= trace.heldSpans();
			}
			if (keep) {
				this.keptTraces.put(trace.traceId, Boolean.TRUE);
			}
			spans = new ArrayList<>(trace.spans);
			trace.spans.clear();
		}
		this.decisions.decided(keep, reason);
		if (keep) {
			export(spans);
		}
	}

	private static boolean shouldKeep(AiSampler sampler, AiTraceSummary summary) {
		try {
			return sampler.shouldKeep(summary);
		}
		catch (RuntimeException ex) {
			// A faulty sampler must never break the traced operation; the rules decide.
			return summary.matchesKeepRules();
		}
	}

	private void export(List<SpanData> spans) {
		List<SpanProcessor> processors = exporters();
		for (SpanData span : spans) {
			KeptSpan kept = new KeptSpan(span);
			for (SpanProcessor processor : processors) {
				try {
					processor.onEnd(kept);
				}
				catch (RuntimeException ex) {
					// As for a sampled span: an export processor's failure is not the
					// application's.
				}
			}
		}
	}

	private List<SpanProcessor> exporters() {
		List<SpanProcessor> exporters = this.exporters;
		if (exporters == null) {
			exporters = List.copyOf(this.exportProcessors.get());
			this.exporters = exporters;
		}
		return exporters;
	}

	/**
	 * Return how many spans are held for undecided traces, counting each open local root.
	 * @return the number of held spans
	 */
	public int pendingSpans() {
		synchronized (this.lock) {
			return this.heldSpans;
		}
	}

	/**
	 * Return how many local traces are undecided.
	 * @return the number of undecided traces
	 */
	public int pendingTraces() {
		synchronized (this.lock) {
			return this.pending.size();
		}
	}

	@Override
	public CompletableResultCode shutdown() {
		if (this.sweeper != null) {
			this.sweeper.shutdownNow();
		}
		// Decided with what they have, so that a kept trace still reaches the exporters
		// that shut down after this processor.
		List<PendingTrace> open;
		synchronized (this.lock) {
			open = new ArrayList<>();
			for (PendingTrace trace : this.pending.values()) {
				if (!trace.deciding) {
					trace.deciding = true;
					open.add(trace);
				}
			}
		}
		decideAll(open);
		return CompletableResultCode.ofSuccess();
	}

	@Override
	public String toString() {
		return "KeepSamplingSpanProcessor{" + this.rules + "}";
	}

}
