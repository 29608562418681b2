package ai.infra.benchmarks;

import java.util.concurrent.TimeUnit;

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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.prompt.Prompt;

/**
 * Cost of one model round trip, {@code ChatModel.call(prompt)} on a model that answers at
 * once, in each {@link Variant}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 30, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(value = 1, jvmArgsAppend = { "-Xms2g", "-Xmx2g" })
@Threads(1)
@State(Scope.Benchmark)
public class ModelCallBenchmark {

	@Param({ "none", "metrics-only", "ai-infra", "ai-infra-unsampled", "peer", "floor", "floor-unsampled",
			"floor-metrics" })
	public String variant;

	private BenchmarkContext context;

	private ChatModel chatModel;

	private Prompt prompt;

	@Setup(Level.Trial)
	public void start() {
		this.context = BenchmarkContext.start(this.variant);
		this.chatModel = this.context.bean(ChatModel.class);
		// Like ChatModel.call(String): no options, so the model applies its defaults.
		this.prompt = new Prompt("What should I pack for a weekend in Paris?");
	}

	@TearDown(Level.Trial)
	public void stop() {
		this.context.close();
	}

	@Benchmark
	public ChatResponse call() {
		return this.chatModel.call(this.prompt);
	}

}
