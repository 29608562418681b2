package ai.infra.benchmarks;

import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;

/**
 * A span exporter that drops what it is given after counting it by span name, so that a
 * benchmark can check which spans it really produced without paying for a network
 * exporter.
 */
public final class DiscardingSpanExporter implements SpanExporter {

	private final Map<String, LongAdder> spansByName = new ConcurrentHashMap<>();

	@Override
	public CompletableResultCode export(Collection<SpanData> spans) {
		for (SpanData span : spans) {
			this.spansByName.computeIfAbsent(span.getName(), (name) -> new LongAdder()).increment();
		}
		return CompletableResultCode.ofSuccess();
	}

	@Override
	public CompletableResultCode flush() {
		return CompletableResultCode.ofSuccess();
	}

	@Override
	public CompletableResultCode shutdown() {
		return CompletableResultCode.ofSuccess();
	}

	/**
	 * Return how many spans of each name were exported so far.
	 * @return counts by span name, sorted by name
	 */
	public Map<String, Long> exportedByName() {
		Map<String, Long> counts = new TreeMap<>();
		this.spansByName.forEach((name, count) -> counts.put(name, count.sum()));
		return counts;
	}

}
