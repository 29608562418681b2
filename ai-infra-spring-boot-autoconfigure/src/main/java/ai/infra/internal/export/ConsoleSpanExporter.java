package ai.infra.internal.export;

import java.io.PrintStream;
import java.util.Collection;
import java.util.Locale;
import java.util.StringJoiner;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanId;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;

/**
 * Writes one readable line per finished span, for development: name, trace id, span id,
 * parent, duration, status and attributes.
 */
public final class ConsoleSpanExporter implements SpanExporter {

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
		for (SpanData span : spans) {
			lines.append(format(span)).append(System.lineSeparator());
		}
		this.out.print(lines);
		this.out.flush();
		return CompletableResultCode.ofSuccess();
	}

	/**
	 * Format one span as a single line.
	 * @param span the finished span
	 * @return the line, without a line separator
	 */
	public static String format(SpanData span) {
		String parent = SpanId.isValid(span.getParentSpanId()) ? span.getParentSpanId() : "-";
		double durationMs = (span.getEndEpochNanos() - span.getStartEpochNanos()) / 1_000_000.0;
		return String.format(Locale.ROOT, "[ai-infra] %s trace=%s span=%s parent=%s duration=%.3fms status=%s %s",
				span.getName(), span.getTraceId(), span.getSpanId(), parent, durationMs,
				span.getStatus().getStatusCode(), formatAttributes(span.getAttributes()));
	}

	private static String formatAttributes(Attributes attributes) {
		StringJoiner joiner = new StringJoiner(", ", "{", "}");
		attributes.forEach((key, value) -> joiner.add(key.getKey() + "=" + value));
		return joiner.toString();
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
