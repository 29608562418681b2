package ai.infra.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import ai.infra.internal.sampling.KeepSamplingSpanProcessor;
import ai.infra.tracing.AiSpan;
import ai.infra.tracing.AiTracer;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.trace.SdkTracerProvider;

import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.prompt.Prompt;

/**
 * Heap held per pending span: in the {@code ai-infra-keep} application, one local root
 * stays open while {@value #SPANS} spans end under it and are held, the heap in use is
 * compared before and after (each after several collections), and the difference is
 * divided by the spans held. Two kinds of span: real {@code llm.generate} spans of
 * {@code ChatModel.call} (about twenty attributes each), and spans without attributes,
 * which show what holding costs apart from the span's own data. Run with
 * {@code java -cp ai-infra-benchmarks/target/benchmarks.jar ai.infra.benchmarks.PendingSpanHeap}.
 */
public final class PendingSpanHeap {

	private static final int SPANS = 40_000;

	private PendingSpanHeap() {
	}

	public static void main(String[] args) {
		try (BenchmarkContext context = BenchmarkContext.start(Variant.AI_INFRA_KEEP,
				Map.of("ai-infra.tracing.keep.max-pending-spans", SPANS + 10, "ai-infra.tracing.sample-rate", "0.0",
						"ai-infra.tracing.keep.costlier-than", "1000000"))) {
			KeepSamplingSpanProcessor processor = context.bean(KeepSamplingSpanProcessor.class);
			AiTracer aiTracer = context.bean(AiTracer.class);
			ChatModel chatModel = context.bean(ChatModel.class);
			Prompt prompt = new Prompt("What should I pack for a weekend in Paris?");
			Tracer tracer = context.floorTracer();
			Runnable modelCall = () -> chatModel.call(prompt);
			Runnable bareSpan = () -> tracer.spanBuilder("bare").startSpan().end();
			// Warmed up first, so that what is measured is not class loading or JIT state.
			for (int i = 0; i < 3; i++) {
				measure("warm-up", aiTracer, processor, SPANS / 4, modelCall);
			}
			measure("llm.generate", aiTracer, processor, SPANS, modelCall);
			measure("bare", aiTracer, processor, SPANS, bareSpan);
		}
		holdBareSpansWithoutKeepSampling();
	}

	// The same bare spans, recorded by a tracer provider of their own and held in a list:
	// what a span itself takes, without keep-sampling's bookkeeping.
	private static void holdBareSpansWithoutKeepSampling() {
		try (SdkTracerProvider provider = SdkTracerProvider.builder().build()) {
			Tracer tracer = provider.get("bare");
			List<Span> spans = new ArrayList<>(SPANS);
			long heapBefore = usedHeap();
			for (int i = 0; i < SPANS; i++) {
				Span span = tracer.spanBuilder("bare").startSpan();
				span.end();
				spans.add(span);
			}
			long heap = usedHeap() - heapBefore;
			System.out.printf("pending-span-heap kind=bare-without-keep-sampling heldSpans=%d heapDelta=%d "
					+ "bytesPerSpan=%.0f%n", spans.size(), heap, (double) heap / spans.size());
		}
	}

	private static void measure(String kind, AiTracer aiTracer, KeepSamplingSpanProcessor processor, int spans,
			Runnable span) {
		try (AiSpan root = aiTracer.startSpan("task")) {
			int heldBefore = processor.pendingSpans();
			long heapBefore = usedHeap();
			for (int i = 0; i < spans; i++) {
				span.run();
			}
			long heap = usedHeap() - heapBefore;
			int held = processor.pendingSpans() - heldBefore;
			System.out.printf("pending-span-heap kind=%s heldSpans=%d heapDelta=%d bytesPerSpan=%.0f%n", kind, held,
					heap, (double) heap / held);
		}
	}

	private static long usedHeap() {
		MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
		for (int i = 0; i < 5; i++) {
			System.gc();
		}
		return memory.getHeapMemoryUsage().getUsed();
	}

}
