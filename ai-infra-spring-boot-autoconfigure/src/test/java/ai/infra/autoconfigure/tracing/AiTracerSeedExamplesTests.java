package ai.infra.autoconfigure.tracing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import ai.infra.tracing.AiReactorTracing;
import ai.infra.tracing.AiSpan;
import ai.infra.tracing.AiTraceContext;
import ai.infra.tracing.AiTracer;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanId;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration;
import org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The seed's manual tracing examples, one test each, asserted on the spans the
 * application exports.
 */
class AiTracerSeedExamplesTests {

	private static ExecutorService executor;

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(OpenTelemetrySdkAutoConfiguration.class,
				OpenTelemetryTracingAutoConfiguration.class, AiInfraTracingAutoConfiguration.class,
				AiInfraTracerAutoConfiguration.class))
		.withUserConfiguration(InMemorySpanExporterConfiguration.class)
		.withPropertyValues("ai-infra.tracing.exporter=none");

	@BeforeAll
	static void startExecutor() {
		executor = Executors.newFixedThreadPool(2);
	}

	@AfterAll
	static void stopExecutor() {
		executor.shutdownNow();
	}

	@Test
	void manualSpanCarriesTypedAttributesEventsAndStatus() {
		this.contextRunner.run((context) -> {
			AiTracer tracer = context.getBean(AiTracer.class);
			try (AiSpan span = tracer.startSpan("my_operation")) {
				span.setAttribute("ai.model", "gpt-4o")
					.setAttribute("ai.total_tokens", 42)
					.setAttribute("ai.cost", 0.0021)
					.setAttribute("ai.stream", false)
					.setAttribute("documents", new String[] { "a.md", "b.md" })
					.setAttribute("scores", List.of(0.9, 0.4));
				span.addEvent("retrieved", Map.of("count", 2, "source", "index"));
				span.setStatus(StatusCode.OK);
			}
			SpanData span = FinishedSpans.named(context, "my_operation");
			Attributes attributes = span.getAttributes();
			assertThat(attributes.get(AttributeKey.stringKey("ai.model"))).isEqualTo("gpt-4o");
			assertThat(attributes.get(AttributeKey.longKey("ai.total_tokens"))).isEqualTo(42L);
			assertThat(attributes.get(AttributeKey.doubleKey("ai.cost"))).isEqualTo(0.0021);
			assertThat(attributes.get(AttributeKey.booleanKey("ai.stream"))).isFalse();
			assertThat(attributes.get(AttributeKey.stringArrayKey("documents"))).containsExactly("a.md", "b.md");
			assertThat(attributes.get(AttributeKey.doubleArrayKey("scores"))).containsExactly(0.9, 0.4);
			EventData event = span.getEvents().get(0);
			assertThat(event.getName()).isEqualTo("retrieved");
			assertThat(event.getAttributes().get(AttributeKey.longKey("count"))).isEqualTo(2L);
			assertThat(event.getAttributes().get(AttributeKey.stringKey("source"))).isEqualTo("index");
			assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.OK);
			assertThat(span.getInstrumentationScopeInfo().getName()).isEqualTo("ai.infra");
			assertThat(span.hasEnded()).isTrue();
		});
	}

	@Test
	void nestedSpansAreParentAndChild() {
		this.contextRunner.run((context) -> {
			AiTracer tracer = context.getBean(AiTracer.class);
			String outerId;
			try (AiSpan outer = tracer.startSpan("agent_run")) {
				outerId = outer.spanId();
				try (AiSpan inner = tracer.startSpan("tool_call")) {
					assertThat(inner.traceId()).isEqualTo(outer.traceId());
				}
				try (AiSpan sibling = tracer.startSpan("summarize")) {
					assertThat(sibling.traceId()).isEqualTo(outer.traceId());
				}
			}
			SpanData outer = FinishedSpans.named(context, "agent_run");
			assertThat(outer.getParentSpanId()).isEqualTo(SpanId.getInvalid());
			assertThat(outer.getSpanId()).isEqualTo(outerId);
			assertThat(FinishedSpans.named(context, "tool_call").getParentSpanId()).isEqualTo(outerId);
			assertThat(FinishedSpans.named(context, "summarize").getParentSpanId()).isEqualTo(outerId);
			assertThat(AiTraceContext.current().isValid()).isFalse();
		});
	}

	@Test
	void asyncSpanEndsWhenTheFutureCompletes() {
		this.contextRunner.run((context) -> {
			AiTracer tracer = context.getBean(AiTracer.class);
			CompletableFuture<String> summary = tracer.traceAsync("summarize_async",
					() -> CompletableFuture.supplyAsync(() -> sleepAndReturn("summary"), executor));
			assertThat(AiTraceContext.current().isValid()).isFalse();
			assertThat(summary.get(10, TimeUnit.SECONDS)).isEqualTo("summary");
			SpanData span = FinishedSpans.named(context, "summarize_async");
			assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
			assertThat(span.getEndEpochNanos() - span.getStartEpochNanos())
				.isGreaterThanOrEqualTo(Duration.ofMillis(50).toNanos());
		});
	}

	@Test
	void asyncSpanRecordsTheFailureAndTheCallerGetsTheSameException() {
		this.contextRunner.run((context) -> {
			AiTracer tracer = context.getBean(AiTracer.class);
			UncheckedIOException failure = new UncheckedIOException(new IOException("model unreachable"));
			CompletableFuture<String> failed = new CompletableFuture<>();
			CompletableFuture<String> traced = tracer.traceAsync("summarize_async", () -> failed);
			executor.execute(() -> failed.completeExceptionally(failure));
			assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> traced.get(10, TimeUnit.SECONDS))
				.havingCause()
				.isSameAs(failure);
			assertThat(traced.handle((value, exception) -> exception).join()).isSameAs(failure);
			SpanData span = FinishedSpans.named(context, "summarize_async");
			assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
			assertThat(span.getAttributes().get(AttributeKey.stringKey("error.type")))
				.isEqualTo(UncheckedIOException.class.getName());
			assertThat(span.getEvents()).singleElement()
				.satisfies((event) -> assertThat(event.getName()).isEqualTo("exception"));
		});
	}

	@Test
	void monoAndFluxSpansEndWhenThePublisherTerminates() {
		this.contextRunner.run((context) -> {
			AiTracer tracer = context.getBean(AiTracer.class);
			Mono<String> answer = AiReactorTracing.traceMono(tracer, "answer",
					() -> Mono.just("42").delayElement(Duration.ofMillis(20)));
			Flux<String> tokens = AiReactorTracing.traceFlux(tracer, "answer_stream",
					() -> Flux.just("The", " answer", " is", " 42").delayElements(Duration.ofMillis(5)));
			IllegalStateException failure = new IllegalStateException("stream broke");
			Flux<String> broken = AiReactorTracing.traceFlux(tracer, "broken_stream",
					() -> Flux.concat(Flux.just("partial"), Flux.error(failure)));
			assertThat(FinishedSpans.of(context)).as("nothing happens before subscription").isEmpty();
			assertThat(answer.block(Duration.ofSeconds(10))).isEqualTo("42");
			assertThat(tokens.collectList().block(Duration.ofSeconds(10))).containsExactly("The", " answer", " is",
					" 42");
			List<Object> signals = broken.map(Object.class::cast)
				.onErrorResume((error) -> Mono.just(error))
				.collectList()
				.block(Duration.ofSeconds(10));
			assertThat(signals).containsExactly("partial", failure);
			assertThat(FinishedSpans.named(context, "answer").getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
			assertThat(FinishedSpans.named(context, "answer_stream").hasEnded()).isTrue();
			SpanData brokenSpan = FinishedSpans.named(context, "broken_stream");
			assertThat(brokenSpan.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
			assertThat(brokenSpan.getEvents()).extracting(EventData::getName).containsExactly("exception");
		});
	}

	@Test
	void injectAndExtractContinueTheTraceAcrossAServiceBoundary() {
		this.contextRunner.run((context) -> {
			AiTracer tracer = context.getBean(AiTracer.class);
			Map<String, String> headers = new HashMap<>();
			String callerSpanId;
			try (AiSpan caller = tracer.startSpan("call_retrieval_service")) {
				callerSpanId = caller.spanId();
				tracer.inject(headers);
			}
			assertThat(headers).containsKey("traceparent");
			// The other service:
			AiTraceContext parent = tracer.extract(headers);
			assertThat(parent.isRemote()).isTrue();
			try (AiSpan handler = tracer.startSpan("retrieve", parent)) {
				assertThat(handler.traceId()).isEqualTo(parent.traceId());
			}
			SpanData caller = FinishedSpans.named(context, "call_retrieval_service");
			SpanData handler = FinishedSpans.named(context, "retrieve");
			assertThat(handler.getTraceId()).isEqualTo(caller.getTraceId());
			assertThat(handler.getParentSpanId()).isEqualTo(callerSpanId);
			assertThat(handler.getParentSpanContext().isRemote()).isTrue();
		});
	}

	@Test
	void malformedOrMissingTraceparentStartsANewRoot() {
		this.contextRunner.run((context) -> {
			AiTracer tracer = context.getBean(AiTracer.class);
			List<Map<String, String>> headers = List.of(Map.of("traceparent", "00-not-a-trace-01"),
					Map.of("traceparent", "00-00000000000000000000000000000000-00f067aa0ba902b7-01"), Map.of(),
					Map.of("other", "value"));
			try (AiSpan current = tracer.startSpan("unrelated_current_span")) {
				for (Map<String, String> header : headers) {
					AiTraceContext parent = tracer.extract(header);
					assertThat(parent.isValid()).isFalse();
					tracer.startSpan("handle", parent).close();
				}
			}
			List<SpanData> handled = FinishedSpans.of(context)
				.stream()
				.filter((span) -> span.getName().equals("handle"))
				.toList();
			assertThat(handled).hasSize(4)
				.allSatisfy((span) -> assertThat(span.getParentSpanId()).isEqualTo(SpanId.getInvalid()));
			assertThat(handled).extracting(SpanData::getTraceId).doesNotHaveDuplicates();
		});
	}

	@Test
	void errorsAreTrackedAndTheExceptionReachesTheCallerUnchanged() {
		this.contextRunner.run((context) -> {
			AiTracer tracer = context.getBean(AiTracer.class);
			IllegalStateException failure = new IllegalStateException("quota exceeded");
			assertThatIllegalStateException().isThrownBy(() -> {
				try (AiSpan span = tracer.startSpan("call_model")) {
					try {
						throw failure;
					}
					catch (IllegalStateException ex) {
						span.recordException(ex);
						span.setStatus(StatusCode.ERROR, "quota exceeded");
						throw ex;
					}
				}
			}).isSameAs(failure);
			SpanData span = FinishedSpans.named(context, "call_model");
			assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
			assertThat(span.getStatus().getDescription()).isEqualTo("quota exceeded");
			EventData exception = span.getEvents().get(0);
			assertThat(exception.getName()).isEqualTo("exception");
			assertThat(exception.getAttributes().get(AttributeKey.stringKey("exception.type")))
				.isEqualTo(IllegalStateException.class.getName());
			assertThat(exception.getAttributes().get(AttributeKey.stringKey("exception.message")))
				.isEqualTo("quota exceeded");
			assertThat(AiTraceContext.current().isValid()).as("closed although the block threw").isFalse();
		});
	}

	@Test
	void logLinesInsideASpanCarryItsTraceAndSpanIds() {
		this.contextRunner.run((context) -> {
			AiTracer tracer = context.getBean(AiTracer.class);
			Logger logger = (Logger) LoggerFactory.getLogger("ai.infra.example");
			ListAppender<ILoggingEvent> appender = new ListAppender<>();
			appender.start();
			logger.addAppender(appender);
			try {
				String traceId;
				String spanId;
				try (AiSpan span = tracer.startSpan("classify")) {
					traceId = span.traceId();
					spanId = span.spanId();
					logger.info("classifying");
				}
				logger.info("done");
				assertThat(appender.list).hasSize(2);
				assertThat(appender.list.get(0).getMDCPropertyMap()).containsEntry("trace_id", traceId)
					.containsEntry("span_id", spanId);
				assertThat(appender.list.get(1).getMDCPropertyMap()).doesNotContainKeys("trace_id", "span_id");
				assertThat(FinishedSpans.named(context, "classify").getTraceId()).isEqualTo(traceId);
			}
			finally {
				logger.detachAppender(appender);
			}
		});
	}

	private static String sleepAndReturn(String value) {
		try {
			Thread.sleep(60);
			return value;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new CompletionException(ex);
		}
	}

}
