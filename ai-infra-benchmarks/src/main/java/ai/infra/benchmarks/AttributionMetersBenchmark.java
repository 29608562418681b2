package ai.infra.benchmarks;

import java.util.List;
import java.util.concurrent.TimeUnit;

import ai.infra.internal.metrics.AiMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.context.Context;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The attribution part of a model call's meters on its own, without an application:
 * reading the tag values from the caller's context and recording the {@code ai.llm.*}
 * meters, as {@code LlmCallRecorder} does for every call, with no tags configured
 * ({@code untagged}), with {@code tenant.id} and {@code feature} present in the baggage
 * ({@code tagged}), and with them configured but the context without baggage
 * ({@code tagged-no-baggage}). Small enough to resolve the few bytes the full call's
 * allocation cannot.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = { "-Xms1g", "-Xmx1g" })
@Threads(1)
@State(Scope.Benchmark)
public class AttributionMetersBenchmark {

	@Param({ "untagged", "tagged", "tagged-no-baggage" })
	public String attribution;

	private AiMetrics metrics;

	private Context caller;

	@Setup(Level.Trial)
	public void start() {
		List<String> tags = this.attribution.equals("untagged") ? List.of() : List.of("tenant.id", "feature");
		this.metrics = new AiMetrics(new SimpleMeterRegistry(), tags, 100);
		this.caller = this.attribution.equals("tagged-no-baggage") ? Context.root()
				: Context.root().with(Baggage.builder().put("tenant.id", "acme").put("feature", "packing").build());
	}

	@Benchmark
	public void record() {
		this.metrics.recordLlmCall(this.metrics.attribution(this.caller), "openai", "gpt-4o-mini-2024-07-18",
				AiMetrics.SUCCESS, 1_000_000, 120, 40, 0.000042);
	}

}
