package ai.infra.tracing;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import ai.infra.internal.logging.TraceMdc;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * Tests for {@link AiSpan} on a plain OpenTelemetry SDK.
 */
class AiSpanTests {

	private final InMemorySpanExporter exporter = InMemorySpanExporter.create();

	private final SdkTracerProvider tracerProvider = SdkTracerProvider.builder()
		.addSpanProcessor(SimpleSpanProcessor.create(this.exporter))
		.build();

	private final AiTracer tracer = AiTracer.create(this.tracerProvider.get(AiTracing.INSTRUMENTATION_NAME),
			ContextPropagators.noop());

	@AfterEach
	void shutdown() {
		this.tracerProvider.shutdown();
		MDC.clear();
	}

	@Test
	void shouldKeepTheRealTypeOfScalarAttributes() {
		try (AiSpan span = this.tracer.startSpan("scalars")) {
			span.setAttribute("string", "value")
				.setAttribute("int", 7)
				.setAttribute("long", 8L)
				.setAttribute("double", 0.5)
				.setAttribute("float", 1.5f)
				.setAttribute("boolean", true);
		}
		Attributes attributes = onlySpan().getAttributes();
		assertThat(attributes.get(AttributeKey.stringKey("string"))).isEqualTo("value");
		assertThat(attributes.get(AttributeKey.longKey("int"))).isEqualTo(7L);
		assertThat(attributes.get(AttributeKey.longKey("long"))).isEqualTo(8L);
		assertThat(attributes.get(AttributeKey.doubleKey("double"))).isEqualTo(0.5);
		assertThat(attributes.get(AttributeKey.doubleKey("float"))).isEqualTo(1.5);
		assertThat(attributes.get(AttributeKey.booleanKey("boolean"))).isTrue();
	}

	@Test
	void shouldKeepTheRealTypeOfArrayAttributes() {
		try (AiSpan span = this.tracer.startSpan("arrays")) {
			span.setAttribute("strings", new String[] { "a", null, "b" })
				.setAttribute("longs", new long[] { 1, 2 })
				.setAttribute("doubles", new double[] { 0.1, 0.2 })
				.setAttribute("booleans", new boolean[] { true, false });
		}
		Attributes attributes = onlySpan().getAttributes();
		assertThat(attributes.get(AttributeKey.stringArrayKey("strings"))).containsExactly("a", "b");
		assertThat(attributes.get(AttributeKey.longArrayKey("longs"))).containsExactly(1L, 2L);
		assertThat(attributes.get(AttributeKey.doubleArrayKey("doubles"))).containsExactly(0.1, 0.2);
		assertThat(attributes.get(AttributeKey.booleanArrayKey("booleans"))).containsExactly(true, false);
	}

	@Test
	void shouldTypeListAttributesByTheirElements() {
		try (AiSpan span = this.tracer.startSpan("lists")) {
			span.setAttribute("strings", List.of("a", "b"))
				.setAttribute("integers", List.of(1, 2L, (short) 3))
				.setAttribute("numbers", List.of(1, 2.5))
				.setAttribute("booleans", Arrays.asList(true, null, false))
				.setAttribute("mixed", List.of("a", 1, true))
				.setAttribute("empty", List.of());
		}
		Attributes attributes = onlySpan().getAttributes();
		assertThat(attributes.get(AttributeKey.stringArrayKey("strings"))).containsExactly("a", "b");
		assertThat(attributes.get(AttributeKey.longArrayKey("integers"))).containsExactly(1L, 2L, 3L);
		assertThat(attributes.get(AttributeKey.doubleArrayKey("numbers"))).containsExactly(1.0, 2.5);
		assertThat(attributes.get(AttributeKey.booleanArrayKey("booleans"))).containsExactly(true, false);
		assertThat(attributes.get(AttributeKey.stringArrayKey("mixed"))).containsExactly("a", "1", "true");
		assertThat(attributes.get(AttributeKey.stringArrayKey("empty"))).isEmpty();
	}

	@Test
	void shouldConvertEventAttributesLikeSpanAttributes() {
		try (AiSpan span = this.tracer.startSpan("events")) {
			Map<String, Object> attributes = new HashMap<>();
			attributes.put("tokens", 12);
			attributes.put("ids", List.of("x", "y"));
			attributes.put("ignored", null);
			span.addEvent("chunk", attributes).addEvent("done");
		}
		SpanData span = onlySpan();
		assertThat(span.getEvents()).hasSize(2);
		Attributes chunk = span.getEvents().get(0).getAttributes();
		assertThat(chunk.size()).isEqualTo(2);
		assertThat(chunk.get(AttributeKey.longKey("tokens"))).isEqualTo(12L);
		assertThat(chunk.get(AttributeKey.stringArrayKey("ids"))).containsExactly("x", "y");
		assertThat(span.getEvents().get(1).getName()).isEqualTo("done");
	}

	@Test
	void shouldIgnoreNullsInsteadOfThrowing() {
		assertThatNoException().isThrownBy(() -> {
			try (AiSpan span = this.tracer.startSpan(null)) {
				span.setAttribute(null, "value")
					.setAttribute("key", (String) null)
					.setAttribute("list", (List<?>) null)
					.addEvent(null, null)
					.recordException(null)
					.setStatus(null, null);
			}
			this.tracer.inject(null);
			this.tracer.inject(Map.of());
			this.tracer.extract(null);
			this.tracer.startSpan("orphan", null).close();
		});
		assertThat(this.exporter.getFinishedSpanItems()).extracting(SpanData::getName)
			.containsExactly("unnamed", "orphan");
	}

	@Test
	void shouldEndOnceWhenClosedTwice() {
		AiSpan span = this.tracer.startSpan("twice");
		span.close();
		span.close();
		span.setAttribute("late", "ignored");
		assertThat(this.exporter.getFinishedSpanItems()).hasSize(1);
		assertThat(onlySpan().getAttributes().isEmpty()).isTrue();
	}

	@Test
	void shouldEndButLeaveTheStartingThreadAloneWhenClosedOnAnotherThread() throws Exception {
		AiSpan span = this.tracer.startSpan("handed_over");
		CompletableFuture.runAsync(span::close).get(10, TimeUnit.SECONDS);
		assertThat(onlySpan().hasEnded()).isTrue();
		assertThat(Span.current().getSpanContext().getSpanId()).isEqualTo(span.spanId());
		span.close();
		assertThat(Span.current().getSpanContext().isValid()).isFalse();
	}

	@Test
	void shouldShowIdsInTheMdcWhileCurrentAndRestoreTheOuterOnes() {
		MDC.put("user", "kept");
		try (AiSpan outer = this.tracer.startSpan("outer")) {
			assertThat(MDC.get(TraceMdc.SPAN_ID)).isEqualTo(outer.spanId());
			try (AiSpan inner = this.tracer.startSpan("inner")) {
				assertThat(MDC.get(TraceMdc.TRACE_ID)).isEqualTo(inner.traceId());
				assertThat(MDC.get(TraceMdc.SPAN_ID)).isEqualTo(inner.spanId());
			}
			assertThat(MDC.get(TraceMdc.SPAN_ID)).isEqualTo(outer.spanId());
		}
		assertThat(MDC.get(TraceMdc.TRACE_ID)).isNull();
		assertThat(MDC.get(TraceMdc.SPAN_ID)).isNull();
		assertThat(MDC.get("user")).isEqualTo("kept");
	}

	@Test
	void shouldRecordNothingAndLeaveTheContextAloneWithTheNoopTracer() {
		AiTracer noop = AiTracer.noop();
		try (AiSpan outer = this.tracer.startSpan("real")) {
			try (AiSpan span = noop.startSpan("nothing")) {
				span.setAttribute("key", "value").setStatus(StatusCode.ERROR);
				assertThat(span.isRecording()).isFalse();
				assertThat(Span.current().getSpanContext().getSpanId()).isEqualTo(outer.spanId());
				assertThat(MDC.get(TraceMdc.SPAN_ID)).isEqualTo(outer.spanId());
			}
			Map<String, String> headers = new HashMap<>();
			noop.inject(headers);
			assertThat(headers).isEmpty();
			assertThat(noop.extract(Map.of("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"))
				.isValid()).isFalse();
		}
		assertThat(this.exporter.getFinishedSpanItems()).extracting(SpanData::getName).containsExactly("real");
	}

	@Test
	void shouldRethrowWhatTheAsyncWorkThrowsWhileStartingIt() {
		IllegalArgumentException failure = new IllegalArgumentException("bad prompt");
		Throwable thrown = catchThrowable(() -> this.tracer.traceAsync("start_fails", () -> {
			throw failure;
		}));
		assertThat(thrown).isSameAs(failure);
		assertThat(onlySpan().getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
		assertThat(Span.current().getSpanContext().isValid()).isFalse();
	}

	@Test
	void shouldCancelTheWorkWhenTheCallerCancels() {
		CompletableFuture<String> work = new CompletableFuture<>();
		CompletableFuture<String> traced = this.tracer.traceAsync("cancellable", () -> work);
		traced.cancel(true);
		assertThat(work).isCancelled();
		SpanData span = onlySpan();
		assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
		assertThat(span.getEvents()).extracting((event) -> event.getName()).containsExactly("cancelled");
	}

	private static Throwable catchThrowable(Runnable runnable) {
		try {
			runnable.run();
			return null;
		}
		catch (Throwable ex) {
			return ex;
		}
	}

	private SpanData onlySpan() {
		assertThat(this.exporter.getFinishedSpanItems()).hasSize(1);
		return this.exporter.getFinishedSpanItems().get(0);
	}

}
