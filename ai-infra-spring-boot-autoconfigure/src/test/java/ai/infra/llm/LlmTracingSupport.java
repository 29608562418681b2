package ai.infra.llm;

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
