package ai.infra.benchmarks;

import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
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

import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.support.ToolCallbacks;
import org.springframework.ai.tool.ToolCallback;

/**
 * Cost of a three-step agent run: a {@code ChatClient} request offering a tool, whose
 * model asks for the tool twice and then answers, so Spring AI's tool loop makes three
 * model calls and two tool calls. The floor wraps the run, its steps, its model calls and
 * its tools by hand ({@link FloorAgent}, {@link FloorChatModel}, {@link FloorToolCallback}).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 30, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(value = 1, jvmArgsAppend = { "-Xms2g", "-Xmx2g" })
@Threads(1)
@State(Scope.Benchmark)
public class AgentRunBenchmark {

	@Param({ "none", "metrics-only", "ai-infra", "ai-infra-unsampled", "peer", "floor", "floor-unsampled",
			"floor-metrics" })
	public String variant;

	private BenchmarkContext context;

	private ChatClient chatClient;

	private ToolCallback[] tools;

	private FloorAgent floorAgent;

	@Setup(Level.Trial)
	public void start() {
		this.context = BenchmarkContext.start(this.variant);
		this.chatClient = this.context.bean(ChatClient.Builder.class).build();
		this.tools = this.context.tools(ToolCallbacks.from(this.context.bean(WeatherTools.class)));
		if (this.context.variant().instrumentsByHand()) {
			this.floorAgent = new FloorAgent(this.context.floorTracer(), this.context.bean(MeterRegistry.class),
					"benchmark-agent");
		}
	}

	@TearDown(Level.Trial)
	public void stop() {
		this.context.close();
	}

	@Benchmark
	public ChatResponse run() {
		return (this.floorAgent != null) ? this.floorAgent.run(this::prompt) : prompt();
	}

	private ChatResponse prompt() {
		return this.chatClient.prompt().user("Plan a weekend in Paris").toolCallbacks(this.tools).call().chatResponse();
	}

}
