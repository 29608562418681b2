package ai.infra.tracing;

import java.util.HashMap;
import java.util.Map;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link AiTracing}, the entry point for code outside Spring.
 */
class AiTracingTests {

	private final InMemorySpanExporter globalSpans = InMemorySpanExporter.create();

	private final InMemorySpanExporter applicationSpans = InMemorySpanExporter.create();

	private OpenTelemetrySdk global;

	private OpenTelemetrySdk application;

	@BeforeEach
	void createSdks() {
		GlobalOpenTelemetry.resetForTest();
		this.global = sdk(this.globalSpans);
		this.application = sdk(this.applicationSpans);
	}

	@AfterEach
	void closeSdks() {
		GlobalOpenTelemetry.resetForTest();
		this.global.close();
		this.application.close();
	}

	@Test
	void shouldUseGlobalOpenTelemetryWhenNothingIsRegistered() {
		GlobalOpenTelemetry.set(this.global);
		AiTracing.getTracer("com.example.search").startSpan("search").close();
		assertThat(this.globalSpans.getFinishedSpanItems()).singleElement().satisfies((span) -> {
			assertThat(span.getName()).isEqualTo("search");
			assertThat(span.getInstrumentationScopeInfo().getName()).isEqualTo("com.example.search");
		});
	}

	@Test
	void shouldSwitchTracerObtainedEarlierToTheRegisteredOpenTelemetry() {
		GlobalOpenTelemetry.set(this.global);
		AiTracer tracer = AiTracing.getTracer("com.example.search");
		tracer.startSpan("before_start").close();
		try (AiTracing.Registration registration = AiTracing.register(this.application)) {
			tracer.startSpan("while_running").close();
		}
		tracer.startSpan("after_shutdown").close();
		assertThat(this.globalSpans.getFinishedSpanItems()).extracting(SpanData::getName)
			.containsExactly("before_start", "after_shutdown");
		assertThat(this.applicationSpans.getFinishedSpanItems()).extracting(SpanData::getName)
			.containsExactly("while_running");
	}

	@Test
	void shouldReturnToThePreviousRegistrationWhenTheLatestCloses() {
		InMemorySpanExporter secondSpans = InMemorySpanExporter.create();
		try (OpenTelemetrySdk second = sdk(secondSpans);
				AiTracing.Registration first = AiTracing.register(this.application)) {
			AiTracing.Registration latest = AiTracing.register(second);
			AiTracer tracer = AiTracing.getTracer(null);
			tracer.startSpan("to_latest").close();
			latest.close();
			tracer.startSpan("to_first").close();
			assertThat(secondSpans.getFinishedSpanItems()).extracting(SpanData::getName).containsExactly("to_latest");
			assertThat(this.applicationSpans.getFinishedSpanItems()).singleElement().satisfies((span) -> {
				assertThat(span.getName()).isEqualTo("to_first");
				assertThat(span.getInstrumentationScopeInfo().getName()).isEqualTo(AiTracing.INSTRUMENTATION_NAME);
			});
		}
	}

	@Test
	void shouldMakeNoSpansWhenNeitherRegisteredNorGloballySet() {
		AiTracer tracer = AiTracing.getTracer("com.example.search");
		try (AiSpan span = tracer.startSpan("nowhere")) {
			assertThat(span.isRecording()).isFalse();
		}
		assertThat(GlobalOpenTelemetry.get()).isNotNull();
	}

	@Test
	void shouldPropagateWithTheRegisteredPropagators() {
		try (OpenTelemetrySdk withPropagators = OpenTelemetrySdk.builder()
			.setTracerProvider(SdkTracerProvider.builder().build())
			.setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
			.build(); AiTracing.Registration registration = AiTracing.register(withPropagators)) {
			AiTracer tracer = AiTracing.getTracer("com.example.client");
			Map<String, String> headers = new HashMap<>();
			try (AiSpan span = tracer.startSpan("call")) {
				tracer.inject(headers);
				assertThat(headers.get("traceparent")).contains(span.traceId(), span.spanId());
			}
		}
	}

	private static OpenTelemetrySdk sdk(InMemorySpanExporter exporter) {
		return OpenTelemetrySdk.builder()
			.setTracerProvider(
					SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build())
			.build();
	}

}
