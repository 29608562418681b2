package ai.infra.internal.sampling;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import ai.infra.internal.observation.AiAttributes;
import ai.infra.tracing.AiSampler;
import ai.infra.tracing.AiTraceSummary;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests of {@link KeepSamplingSpanProcessor} in a real tracer provider whose head sampler
 * drops every trace, with a clock the tests move.
 */
class KeepSamplingSpanProcessorTests {

	private static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

	private static final KeepRules DEFAULT_RULES = new KeepRules(true, null, null, true, Duration.ofMinutes(5),
			50_000);

	private final InMemorySpanExporter exporter = InMemorySpanExporter.create();

	private final AtomicLong nanoTime = new AtomicLong(1_000_000_000L);

	private final List<String> decisions = new ArrayList<>();

	private @Nullable SdkTracerProvider tracerProvider;

	private @Nullable KeepSamplingSpanProcessor processor;

	@AfterEach
	void shutdown() {
		if (this.tracerProvider != null) {
			this.tracerProvider.shutdown().join(5, TimeUnit.SECONDS);
		}
	}

	private Tracer tracer(KeepRules rules) {
		return tracer(rules, 0.0, null);
	}

	private Tracer tracer(KeepRules rules, double rate, @Nullable AiSampler sampler) {
		SimpleSpanProcessor export = (SimpleSpanProcessor) SimpleSpanProcessor.create(this.exporter);
		TraceDecisions recorder = (kept, reason) -> {
			synchronized (this.decisions) {
				this.decisions.add((kept ? "kept:" : "dropped:") + reason.tag());
			}
		};
		this.processor = new KeepSamplingSpanProcessor(rules, sampler, recorder, () -> List.of(export),
				this.nanoTime::get, false);
		this.tracerProvider = SdkTracerProvider.builder()
			.setSampler(AiSamplers.keeping(rate, sampler))
			.addSpanProcessor(this.processor)
			.addSpanProcessor(export)
			.build();
		return this.tracerProvider.get("test");
	}

	@Test
	void shouldExportWholeTraceWithRealParentsAndSampledFlagsWhenOneSpanEndsInError() {
		Tracer tracer = tracer(DEFAULT_RULES);
		Span root = tracer.spanBuilder("agent.run").startSpan();
		try (Scope scope = root.makeCurrent()) {
			Span step = tracer.spanBuilder("agent.step.1").startSpan();
			try (Scope stepScope = step.makeCurrent()) {
				Span call = tracer.spanBuilder("llm.generate").setAttribute(ERROR_TYPE, "500").startSpan();
				call.setStatus(StatusCode.ERROR);
				call.end();
			}
			step.end();
		}
		root.end();

		List<SpanData> spans = this.exporter.getFinishedSpanItems();
		assertThat(spans).extracting(SpanData::getName).containsExactly("llm.generate", "agent.step.1", "agent.run");
		assertThat(spans).allSatisfy((span) -> {
			assertThat(span.getTraceId()).isEqualTo(root.getSpanContext().getTraceId());
			assertThat(span.getSpanContext().isSampled()).isTrue();
		});
		assertThat(spans.get(0).getParentSpanId()).isEqualTo(spans.get(1).getSpanId());
		assertThat(spans.get(0).getParentSpanContext().isSampled()).isTrue();
		assertThat(spans.get(1).getParentSpanId()).isEqualTo(spans.get(2).getSpanId());
		assertThat(spans.get(2).getParentSpanContext().isValid()).isFalse();
		assertThat(spans.get(0).getAttributes().get(ERROR_TYPE)).isEqualTo("500");
		assertThat(spans.get(0).getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
		assertThat(this.decisions).containsExactly("kept:error");
		assertThat(this.processor.pendingSpans()).isZero();
		assertThat(this.processor.pendingTraces()).isZero();
	}

	@Test
	void shouldReleaseTraceThatNoRuleKeeps() {
		Tracer tracer = tracer(DEFAULT_RULES);
		Span root = tracer.spanBuilder("agent.run").startSpan();
		try (Scope scope = root.makeCurrent()) {
			tracer.spanBuilder("llm.generate").startSpan().end();
			assertThat(this.processor.pendingSpans()).isEqualTo(2);
		}
		root.end();

		assertThat(this.exporter.getFinishedSpanItems()).isEmpty();
		assertThat(this.decisions).containsExactly("dropped:ratio");
		assertThat(this.processor.pendingSpans()).isZero();
		assertThat(this.processor.pendingTraces()).isZero();
	}

	@Test
	void shouldKeepTraceWhoseLocalRootTookLongerThanTheThreshold() {
		Tracer tracer = tracer(new KeepRules(false, Duration.ofSeconds(2), null, false, Duration.ofMinutes(5), 100));
		runWithRootDuration(tracer, "fast", Duration.ofMillis(1999));
		runWithRootDuration(tracer, "slow", Duration.ofMillis(2001));

		assertThat(this.exporter.getFinishedSpanItems()).extracting(SpanData::getName)
			.containsExactly("child-of-slow", "slow");
		assertThat(this.decisions).containsExactly("dropped:ratio", "kept:slow");
	}

	private static void runWithRootDuration(Tracer tracer, String name, Duration duration) {
		long start = TimeUnit.SECONDS.toNanos(1_700_000_000L);
		Span root = tracer.spanBuilder(name).setStartTimestamp(start, TimeUnit.NANOSECONDS).startSpan();
		try (Scope scope = root.makeCurrent()) {
			tracer.spanBuilder("child-of-" + name).startSpan().end();
		}
		root.end(start + duration.toNanos(), TimeUnit.NANOSECONDS);
	}

	@Test
	void shouldKeepTraceWhoseModelCallsCostMoreThanTheThresholdCountingNoRunTotal() {
		Tracer tracer = tracer(new KeepRules(false, null, 0.10, false, Duration.ofMinutes(5), 100));
		// Two calls of $0.06 each: $0.12 in all, above $0.10.
		runWithCalls(tracer, 0.06, 0.06);
		// One call of $0.04: below, even with its run's total of $0.04 counted too.
		runWithCalls(tracer, 0.04);

		assertThat(this.exporter.getFinishedSpanItems()).extracting(SpanData::getName)
			.containsExactly("llm.generate", "llm.generate", "agent.run");
		assertThat(this.decisions).containsExactly("kept:costly", "dropped:ratio");
	}

	@Test
	void shouldNotCountTheRunTotalOnTopOfItsModelCalls() {
		Tracer tracer = tracer(new KeepRules(false, null, 0.10, false, Duration.ofMinutes(5), 100));
		// $0.06 of calls and a run total of $0.06: above $0.10 only if counted twice.
		runWithCalls(tracer, 0.06);

		assertThat(this.exporter.getFinishedSpanItems()).isEmpty();
		assertThat(this.decisions).containsExactly("dropped:ratio");
	}

	private static void runWithCalls(Tracer tracer, double... costs) {
		double total = 0;
		Span run = tracer.spanBuilder("agent.run").startSpan();
		try (Scope scope = run.makeCurrent()) {
			for (double cost : costs) {
				tracer.spanBuilder("llm.generate").setAttribute(AiAttributes.COST, cost).startSpan().end();
				total += cost;
			}
		}
		run.setAttribute(AiAttributes.COST, total);
		run.end();
	}

	@Test
	void shouldKeepTracesWithBudgetWarningOrBlock() {
		Tracer tracer = tracer(new KeepRules(false, null, null, true, Duration.ofMinutes(5), 100));
		Span warned = tracer.spanBuilder("agent.run").startSpan();
		try (Scope scope = warned.makeCurrent()) {
			tracer.spanBuilder("llm.generate")
				.startSpan()
				.addEvent(AiAttributes.BUDGET_WARNING_EVENT, Attributes.of(AiAttributes.BUDGET_LEVEL, 80L))
				.end();
		}
		warned.end();
		Span blocked = tracer.spanBuilder("agent.run").startSpan();
		blocked.setAttribute(ERROR_TYPE, AiAttributes.BUDGET_EXCEEDED_ERROR_TYPE);
		blocked.end();
		tracer.spanBuilder("agent.run").startSpan().addEvent("ai.budget.other").end();

		assertThat(this.exporter.getFinishedSpanItems()).extracting(SpanData::getName)
			.containsExactly("llm.generate", "agent.run", "agent.run");
		assertThat(this.decisions).containsExactly("kept:budget", "kept:budget", "dropped:ratio");
	}

	@Test
	void shouldPassTheHeadDecisionOnInTheTraceparentOfAnUndecidedTrace() {
		Tracer tracer = tracer(DEFAULT_RULES);
		Map<String, String> headers = new HashMap<>();
		Span root = tracer.spanBuilder("GET /plan").setSpanKind(SpanKind.SERVER).startSpan();
		try (Scope scope = root.makeCurrent()) {
			Span client = tracer.spanBuilder("POST").setSpanKind(SpanKind.CLIENT).startSpan();
			W3CTraceContextPropagator.getInstance().inject(Context.current().with(client), headers, Map::put);
			assertThat(client.isRecording()).isTrue();
			client.setStatus(StatusCode.ERROR);
			client.end();
		}
		root.end();

		SpanData client = this.exporter.getFinishedSpanItems().get(0);
		String traceparent = headers.get("traceparent");
		assertThat(traceparent).startsWith("00-" + client.getTraceId() + "-" + client.getSpanId() + "-");
		// The sampled bit is clear: downstream services drop the trace, as the ratio did.
		// (SDK 1.62 also sets W3C's random trace id flag, 0x02.)
		int flags = Integer.parseInt(traceparent.substring(traceparent.length() - 2), 16);
		assertThat(flags & 0x01).isZero();
		assertThat(client.getSpanContext().isSampled()).isTrue();
		assertThat(client.getSpanContext().getTraceFlags().asByte() & ~0x01).isEqualTo(flags);
	}

	@Test
	void shouldDecideTraceStillOpenAfterMaxWaitAndExportItsLaterSpans() {
		Tracer tracer = tracer(new KeepRules(true, null, null, false, Duration.ofSeconds(30), 100));
		Span root = tracer.spanBuilder("agent.run").startSpan();
		try (Scope scope = root.makeCurrent()) {
			tracer.spanBuilder("llm.generate").startSpan().setStatus(StatusCode.ERROR).end();
			this.nanoTime.addAndGet(Duration.ofSeconds(30).toNanos());
			this.processor.sweep();
			assertThat(this.exporter.getFinishedSpanItems()).isEmpty();
			this.nanoTime.addAndGet(1);
			this.processor.sweep();
			assertThat(this.exporter.getFinishedSpanItems()).extracting(SpanData::getName)
				.containsExactly("llm.generate");
			assertThat(this.processor.pendingSpans()).isZero();
			tracer.spanBuilder("tool.search").startSpan().end();
		}
		root.end();

		assertThat(this.exporter.getFinishedSpanItems()).extracting(SpanData::getName)
			.containsExactly("llm.generate", "tool.search", "agent.run");
		assertThat(this.decisions).containsExactly("kept:error");
	}

	@Test
	void shouldGiveTheAiSamplerWhatItNeedsToDecideOnTheWholeTraceWhenMaxWaitPasses() {
		List<AiTraceSummary> summaries = new ArrayList<>();
		AiSampler sampler = new AiSampler() {

			@Override
			public boolean shouldSample(String spanName, Context parent, String traceId) {
				return false;
			}

			@Override
			public boolean shouldKeep(AiTraceSummary trace) {
				summaries.add(trace);
				return false;
			}

		};
		Tracer tracer = tracer(new KeepRules(true, null, null, false, Duration.ofSeconds(30), 100), 1.0, sampler);
		Span root = tracer.spanBuilder("agent.run").startSpan();
		try (Scope scope = root.makeCurrent()) {
			tracer.spanBuilder("llm.generate")
				.startSpan()
				.setAttribute(AiAttributes.COST, 0.25)
				.setStatus(StatusCode.ERROR)
				.end();
			this.nanoTime.addAndGet(Duration.ofSeconds(31).toNanos());
			// The next local root to start looks for traces past max-wait.
			tracer.spanBuilder("other").setNoParent().startSpan().end();
			tracer.spanBuilder("tool.search").startSpan().end();
		}
		root.end();

		assertThat(summaries).hasSize(2);
		AiTraceSummary open = summaries.get(0);
		assertThat(open.traceId()).isEqualTo(root.getSpanContext().getTraceId());
		assertThat(open.rootSpanName()).isEqualTo("agent.run");
		assertThat(open.error()).isTrue();
		assertThat(open.cost()).isEqualTo(0.25);
		assertThat(open.duration()).isEqualTo(Duration.ofSeconds(31));
		assertThat(open.matchesKeepRules()).isTrue();
		assertThat(open.complete()).isFalse();
		assertThat(summaries.get(1).rootSpanName()).isEqualTo("other");
		assertThat(summaries.get(1).complete()).isTrue();
		assertThat(summaries.get(1).matchesKeepRules()).isFalse();
		assertThat(this.exporter.getFinishedSpanItems()).isEmpty();
		assertThat(this.decisions).containsExactly("dropped:sampler", "dropped:ratio");
	}

	@Test
	void shouldHoldNoMoreThanMaxPendingSpansAndEvictTheOldestTraces() {
		Tracer tracer = tracer(new KeepRules(true, null, null, false, Duration.ofMinutes(5), 10));
		List<Span> roots = new ArrayList<>();
		for (int i = 0; i < 6; i++) {
			Span root = tracer.spanBuilder("run-" + i).startSpan();
			try (Scope scope = root.makeCurrent()) {
				tracer.spanBuilder("llm.generate").startSpan().setStatus(StatusCode.ERROR).end();
			}
			roots.add(root);
			assertThat(this.processor.pendingSpans()).isLessThanOrEqualTo(10);
		}
		// Six open traces of two spans each: the oldest was evicted when the eleventh span
		// was held.
		assertThat(this.processor.pendingTraces()).isEqualTo(5);
		assertThat(this.decisions).containsExactly("dropped:evicted");
		roots.forEach(Span::end);

		assertThat(this.exporter.getFinishedSpanItems()).extracting(SpanData::getName)
			.containsExactly("llm.generate", "run-1", "llm.generate", "run-2", "llm.generate", "run-3",
					"llm.generate", "run-4", "llm.generate", "run-5");
		assertThat(this.decisions).containsExactly("dropped:evicted", "kept:error", "kept:error", "kept:error",
				"kept:error", "kept:error");
		assertThat(this.processor.pendingSpans()).isZero();
	}

	@Test
	void shouldLeaveSampledTracesToTheExportProcessorsAndCountThem() {
		Tracer tracer = tracer(DEFAULT_RULES, 1.0, null);
		Span root = tracer.spanBuilder("agent.run").startSpan();
		try (Scope scope = root.makeCurrent()) {
			tracer.spanBuilder("llm.generate").startSpan().end();
			assertThat(this.processor.pendingSpans()).isZero();
		}
		root.end();

		assertThat(this.exporter.getFinishedSpanItems()).extracting(SpanData::getName)
			.containsExactly("llm.generate", "agent.run");
		assertThat(this.decisions).containsExactly("kept:ratio");
	}

	@Test
	void shouldDropChildrenOfAnUnrecordedParent() {
		Tracer tracer = tracer(DEFAULT_RULES);
		Span child = tracer.spanBuilder("llm.generate")
			.setParent(Context.root()
				.with(Span.wrap(SpanContext.create("0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331",
						TraceFlags.getDefault(), TraceState.getDefault()))))
			.startSpan();

		assertThat(child.isRecording()).isFalse();
		child.end();
		assertThat(this.processor.pendingSpans()).isZero();
	}

}
