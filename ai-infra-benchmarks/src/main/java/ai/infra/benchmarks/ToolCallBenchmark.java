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

import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.model.tool.ToolCallingManager;
import org.springframework.ai.model.tool.ToolExecutionResult;
import org.springframework.ai.support.ToolCallbacks;

/**
 * Cost of one tool call the model asked for, executed by the application's
 * {@link ToolCallingManager} (Spring AI's {@code DefaultToolCallingManager}) on a
 * {@code @Tool} method, in each {@link Variant}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 30, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(value = 1, jvmArgsAppend = { "-Xms2g", "-Xmx2g" })
@Threads(1)
@State(Scope.Benchmark)
public class ToolCallBenchmark {

	@Param({ "none", "metrics-only", "ai-infra", "ai-infra-unsampled", "peer", "floor", "floor-unsampled",
			"floor-metrics" })
	public String variant;

	private BenchmarkContext context;

	private ToolCallingManager toolCallingManager;

	private Prompt prompt;

	private ChatResponse toolCallResponse;

	@Setup(Level.Trial)
	public void start() {
		this.context = BenchmarkContext.start(this.variant);
		this.toolCallingManager = this.context.bean(ToolCallingManager.class);
		this.prompt = ScriptedResponses
			.weatherPrompt(this.context.tools(ToolCallbacks.from(this.context.bean(WeatherTools.class))));
		// The model's first answer to a prompt that offers tools asks for the tool.
		this.toolCallResponse = ScriptedResponses.respond(this.prompt);
	}

	@TearDown(Level.Trial)
	public void stop() {
		this.context.close();
	}

	@Benchmark
	public ToolExecutionResult execute() {
		return this.toolCallingManager.executeToolCalls(this.prompt, this.toolCallResponse);
	}

}
