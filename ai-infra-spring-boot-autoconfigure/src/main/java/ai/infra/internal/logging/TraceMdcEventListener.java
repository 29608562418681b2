package ai.infra.internal.logging;

import io.micrometer.tracing.otel.bridge.EventListener;
import io.micrometer.tracing.otel.bridge.EventPublishingContextWrapper.ScopeAttachedEvent;
import io.micrometer.tracing.otel.bridge.EventPublishingContextWrapper.ScopeClosedEvent;
import io.micrometer.tracing.otel.bridge.EventPublishingContextWrapper.ScopeRestoredEvent;
import io.opentelemetry.api.trace.Span;

/**
 * Updates {@link TraceMdc}'s {@code trace_id} and {@code span_id} whenever an
 * OpenTelemetry scope is attached, closed or restored on a thread. Spring Boot publishes
 * these events to every listener bean from a context-storage wrapper it installs when the
 * application starts, so this covers every scope: ai-infra's spans, the HTTP server span
 * of Boot's Micrometer bridge, and contexts restored on executor and Reactor threads.
 * <p>
 * The events reach listeners after the storage changed, so the current span is read
 * rather than the event's (whose accessors are not public); a restored scope without a
 * span removes the ids, so they never outlive a request on a pooled thread.
 */
public final class TraceMdcEventListener implements EventListener {

	@Override
	public void onEvent(Object event) {
		if (event instanceof ScopeAttachedEvent || event instanceof ScopeClosedEvent
				|| event instanceof ScopeRestoredEvent) {
			TraceMdc.update(Span.current().getSpanContext());
		}
	}

}
