package ai.infra.internal.export;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;

/**
 * Writes finished spans to the console for development, one compact line per span (see
 * {@link ConsoleSpanLine}). The spans of one trace that arrive in the same export batch
 * are printed together as a tree, each child indented under its parent; a span whose
 * parent is not in the batch starts a tree of its own and names the trace and the
 * parent it belongs to.
 */
public final class ConsoleSpanExporter implements SpanExporter {

	static final String PREFIX = "[ai-infra] ";

	private static final String INDENT = "  ";

	private static final Comparator<SpanData> BY_START = Comparator.comparingLong(SpanData::getStartEpochNanos);

	private final PrintStream out;

	/**
	 * Create an exporter that writes to standard output.
	 */
	public ConsoleSpanExporter() {
		this(System.out);
	}

	/**
	 * Create an exporter that writes to the given stream.
	 * @param out where the lines go
	 */
	public ConsoleSpanExporter(PrintStream out) {
		this.out = out;
	}

	@Override
	public CompletableResultCode export(Collection<SpanData> spans) {
		StringBuilder lines = new StringBuilder();
		for (String line : format(spans)) {
			lines.append(line).append(System.lineSeparator());
		}
		// One print per batch, so that the lines of a tree are not interleaved with log
		// lines written meanwhile.
		this.out.print(lines);
		this.out.flush();
		return CompletableResultCode.ofSuccess();
	}

	/**
	 * Format a batch of finished spans: trace by trace in the order the traces first
	 * appear, each tree depth first, siblings in the order they started.
	 * @param spans the spans of one export batch
	 * @return one line per span, without line separators
	 */
	public static List<String> format(Collection<SpanData> spans) {
		Map<String, List<SpanData>> traces = new LinkedHashMap<>();
		for (SpanData span : spans) {
			traces.computeIfAbsent(span.getTraceId(), (traceId) -> new ArrayList<>()).add(span);
		}
		List<String> lines = new ArrayList<>(spans.size());
		traces.values().forEach((trace) -> formatTrace(trace, lines));
		return lines;
	}

	private static void formatTrace(List<SpanData> trace, List<String> lines) {
		Set<String> present = new HashSet<>();
		trace.forEach((span) -> present.add(span.getSpanId()));
		Map<String, List<SpanData>> children = new LinkedHashMap<>();
		List<SpanData> tops = new ArrayList<>();
		for (SpanData span : trace) {
			// A span's own id as parent would loop; treat such a span as a top.
			boolean parentHere = present.contains(span.getParentSpanId())
					&& !span.getParentSpanId().equals(span.getSpanId());
			if (parentHere) {
				children.computeIfAbsent(span.getParentSpanId(), (id) -> new ArrayList<>()).add(span);
			}
			else {
				tops.add(span);
			}
		}
		tops.sort(BY_START);
		children.values().forEach((siblings) -> siblings.sort(BY_START));
		Set<String> printed = new HashSet<>();
		for (SpanData top : tops) {
			formatTree(top, 0, children, printed, lines);
		}
		// Spans whose parents form a cycle are reachable from no top; print them anyway.
		for (SpanData span : trace) {
			if (!printed.contains(span.getSpanId())) {
				formatTree(span, 0, children, printed, lines);
			}
		}
	}

	private static void formatTree(SpanData span, int depth, Map<String, List<SpanData>> children, Set<String> printed,
			List<String> lines) {
		if (!printed.add(span.getSpanId())) {
			return;
		}
		String line = ConsoleSpanLine.format(span);
		lines.add(PREFIX + INDENT.repeat(depth) + ((depth == 0) ? line + " " + ConsoleSpanLine.where(span) : line));
		for (SpanData child : children.getOrDefault(span.getSpanId(), List.of())) {
			formatTree(child, depth + 1, children, printed, lines);
		}
	}

	@Override
	public CompletableResultCode flush() {
		this.out.flush();
		return CompletableResultCode.ofSuccess();
	}

	@Override
	public CompletableResultCode shutdown() {
		return flush();
	}

	@Override
	public String toString() {
		return "ConsoleSpanExporter";
	}

}
