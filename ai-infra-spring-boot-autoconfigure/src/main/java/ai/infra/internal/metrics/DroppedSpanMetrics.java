package ai.infra.internal.metrics;

import ai.infra.internal.export.DroppedSpans;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The {@code ai.tracing.spans.dropped} counter: spans that never reached the tracing
 * backend, by reason. Both series are registered up front, so that a scrape shows 0
 * before anything is lost.
 */
public final class DroppedSpanMetrics implements DroppedSpans {

	/** Name of the counter. */
	public static final String NAME = "ai.tracing.spans.dropped";

	/** Reason of spans dropped because the span processor's queue was full. */
	public static final String QUEUE_FULL = "queue_full";

	/** Reason of spans lost with a batch whose export failed. */
	public static final String EXPORT_FAILED = "export_failed";

	private final Counter queueFull;

	private final Counter exportFailed;

	/**
	 * Register the counter in the given registry.
	 * @param registry where the counter is registered
	 */
	public DroppedSpanMetrics(MeterRegistry registry) {
		this.queueFull = counter(registry, QUEUE_FULL);
		this.exportFailed = counter(registry, EXPORT_FAILED);
	}

	private static Counter counter(MeterRegistry registry, String reason) {
		return Counter.builder(NAME)
			.description("Spans dropped before reaching the tracing backend")
			.tag("reason", reason)
			.register(registry);
	}

	@Override
	public void queueFull(long spans) {
		this.queueFull.increment(spans);
	}

	@Override
	public void exportFailed(long spans) {
		this.exportFailed.increment(spans);
	}

}
