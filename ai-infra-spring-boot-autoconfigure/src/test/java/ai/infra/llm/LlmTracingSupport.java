package ai.infra.llm;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Shared pieces of the tests that drive the real Spring AI OpenAI client against the
 * fake model server.
 */
public final class LlmTracingSupport {

	private LlmTracingSupport() {
	}

	public static List<SpanData> finishedSpans(SdkTracerProvider tracerProvider, InMemorySpanExporter exporter) {
		tracerProvider.forceFlush().join(10, TimeUnit.SECONDS);
		return exporter.getFinishedSpanItems();
	}

	public static <T> Traced<T> inRootSpan(OpenTelemetry openTelemetry, Supplier<T> work) {
		Span root = openTelemetry.getTracer("test").spanBuilder("test.root").startSpan();
		try (Scope scope = root.makeCurrent()) {
			return new Traced<>(work.get(), root.getSpanContext().getSpanId(), root.getSpanContext().getTraceId());
		}
		finally {
			root.end();
		}
	}

	public static List<SpanData> named(List<SpanData> spans, String name) {
		return spans.stream().filter((span) -> span.getName().equals(name)).toList();
	}

	/**
	 * Return the only span of a name, failing with the names of all spans otherwise.
	 * @param spans the spans to look among
	 * @param name the span name
	 * @return the span
	 */
	public static SpanData one(List<SpanData> spans, String name) {
		List<SpanData> named = named(spans, name);
		assertThat(named).as("%s among %s", name, spans.stream().map(SpanData::getName).toList()).hasSize(1);
		return named.get(0);
	}

	/**
	 * Return the children of a span in start order.
	 * @param spans the spans to look among
	 * @param parent the parent span
	 * @return the children
	 */
	public static List<SpanData> children(List<SpanData> spans, SpanData parent) {
		return spans.stream()
			.filter((span) -> span.getParentSpanId().equals(parent.getSpanId()))
			.sorted(Comparator.comparingLong(SpanData::getStartEpochNanos))
			.toList();
	}

	/**
	 * Draw the tree of span names below a root, children indented by two spaces.
	 * @param spans the spans to look among
	 * @param root the root span
	 * @return one line per span
	 */
	public static String tree(List<SpanData> spans, SpanData root) {
		StringBuilder tree = new StringBuilder();
		appendTree(spans, root, "", tree);
		return tree.toString();
	}

	private static void appendTree(List<SpanData> spans, SpanData span, String indent, StringBuilder tree) {
		tree.append(indent).append(span.getName()).append('\n');
		for (SpanData child : children(spans, span)) {
			appendTree(spans, child, indent + "  ", tree);
		}
	}

	static Map<AttributeKey<?>, Object> attributes(SpanData span) {
		return span.getAttributes().asMap();
	}

	public record Traced<T>(T result, String rootSpanId, String traceId) {
	}

	@SpringBootApplication
	public static class TestApplication {

		@Bean
		InMemorySpanExporter inMemorySpanExporter() {
			return InMemorySpanExporter.create();
		}

	}

}
