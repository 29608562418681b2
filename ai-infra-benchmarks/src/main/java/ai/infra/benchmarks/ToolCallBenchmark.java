package ai.infra.benchmarks;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
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

import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.model.tool.ToolCallingChatOptions;
import org.springframework.ai.model.tool.ToolCallingManager;
import org.springframework.ai.model.tool.ToolExecutionResult;
import org.springframework.ai.support.ToolCallbacks;
import org.springframework.ai.tool.ToolCallback;

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
		ToolCallback[] tools = ToolCallbacks.from(this.context.bean(WeatherTools.class));
		if (this.context.variant().instrumentsByHand()) {
			OpenTelemetry openTelemetry = this.context.bean(OpenTelemetry.class);
			MeterRegistry meterRegistry = this.context.bean(MeterRegistry.class);
			tools = Arrays.stream(tools)
				.map((tool) -> new FloorToolCallback(tool,
						openTelemetry.getTracer(BenchmarkApplication.FLOOR_SCOPE), meterRegistry))
				.toArray(ToolCallback[]::new);
		}
		this.prompt = new Prompt(List.of(new UserMessage("What is the weather in Paris?")),
				ToolCallingChatOptions.builder()
					.model(ScriptedResponses.REQUEST_MODEL)
					.toolCallbacks(tools)
					.build());
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
