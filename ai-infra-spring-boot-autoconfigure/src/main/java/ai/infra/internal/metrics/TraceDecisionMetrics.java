package ai.infra.internal.metrics;

import java.util.EnumMap;
import java.util.Map;

import ai.infra.internal.sampling.KeepReason;
import ai.infra.internal.sampling.TraceDecisions;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The {@code ai.tracing.traces} counter: local traces decided by keep-sampling, by
 * decision and reason. Every series is registered up front, so that a scrape shows 0
 * before the first trace of a kind.
 */
public final class TraceDecisionMetrics implements TraceDecisions {

	/** Name of the counter. */
	public static final String NAME = "ai.tracing.traces";

	private final Map<KeepReason, Counter> kept = new EnumMap<>(KeepReason.class);

	private final Map<KeepReason, Counter> dropped = new EnumMap<>(KeepReason.class);

	/**
	 * Register the counter in the given registry.
	 * @param registry where the counter is registered
	 */
	public TraceDecisionMetrics(MeterRegistry registry) {
		for (KeepReason reason : KeepReason.values()) {
			// A rule only ever keeps; eviction only ever drops.
			if (reason != KeepReason.EVICTED) {
				this.kept.put(reason, counter(registry, "kept", reason));
			}
			if (reason == KeepReason.RATIO || reason == KeepReason.EVICTED || reason == KeepReason.SAMPLER) {
				this.dropped.put(reason, counter(registry, "dropped", reason));
			}
		}
	}

	private static Counter counter(MeterRegistry registry, String decision, KeepReason reason) {
		return Counter.builder(NAME)
			.description("Local traces decided by keep-sampling")
			.tag("decision", decision)
			.tag("reason", reason.tag())
			.register(registry);
	}

	@Override
	public void decided(boolean kept, KeepReason reason) {
		Counter counter = (kept ? this.kept : this.dropped).get(reason);
		if (counter != null) {
			counter.increment();
		}
	}

}
