package ai.infra.benchmarks;

import java.util.concurrent.TimeUnit;

import ai.infra.tool.AiToolRegistry;
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

/**
 * Cost of one tool call, as {@link ToolCallBenchmark}, on an {@code @AiTool} method
 * offered through ai-infra's {@link AiToolRegistry}: with ai-infra's tracing the tool's
 * bean is proxied, so the call also passes ai-infra's method interceptor. Without tracing
 * ({@code none}) the same tool runs unproxied.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 30, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(value = 1, jvmArgsAppend = { "-Xms2g", "-Xmx2g" })
@Threads(1)
@State(Scope.Benchmark)
public class AiToolCallBenchmark {

	@Param({ "none", "ai-infra", "ai-infra-unsampled" })
	public String variant;

	private BenchmarkContext context;

	private ToolCallingManager toolCallingManager;

	private Prompt prompt;

	private ChatResponse toolCallResponse;

	@Setup(Level.Trial)
	public void start() {
		this.context = BenchmarkContext.start(this.variant);
		this.toolCallingManager = this.context.bean(ToolCallingManager.class);
		this.prompt = ScriptedResponses.weatherPrompt(this.context.bean(AiToolRegistry.class).getToolCallbacks());
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
