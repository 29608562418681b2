package ai.infra.benchmarks;

import java.util.Map;
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
 * The latency a caller sees for one model round trip, {@code ChatModel.call(prompt)} on
 * a model that answers at once, traced by ai-infra at sample rate 1.0 and exported over
 * OTLP/HTTP with Boot's default batch settings, while the endpoint is healthy (a real
 * OTLP receiver), down (connections refused) or black-holed (connections accepted, never
 * answered). Sampled per call, so that the percentiles, not only the mean, can be
 * compared: the outage must not show in the caller's p99.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 30, time = 1)
@Measurement(iterations = 20, time = 1)
// Without TCP_NODELAY the JDK's HTTP server under the OTLP receiver delays every answer by
// about 40 ms (Nagle against delayed ACK), which would make the healthy exporter slow.
@Fork(value = 1, jvmArgsAppend = { "-Xms2g", "-Xmx2g", "-Dsun.net.httpserver.nodelay=true" })
@Threads(1)
@State(Scope.Benchmark)
public class ExporterOutageBenchmark {

	@Param({ "healthy", "down", "blackholed" })
	public String exporter;

	private ExporterEndpoint endpoint;

	private BenchmarkContext context;

	private ChatModel chatModel;

	private Prompt prompt;

	private long received;

	@Setup(Level.Trial)
	public void start() {
		this.endpoint = ExporterEndpoint.start(this.exporter);
		this.context = BenchmarkContext.start(Variant.AI_INFRA,
				Map.of("ai-infra.tracing.exporter", "otlp", "ai-infra.tracing.endpoint", this.endpoint.url(),
						"ai-infra.tracing.protocol", "http/protobuf"));
		this.chatModel = this.context.bean(ChatModel.class);
		this.prompt = new Prompt("What should I pack for a weekend in Paris?");
	}

	@TearDown(Level.Iteration)
	public void forgetReceivedSpans() {
		this.received += this.endpoint.forgetReceived();
	}

	@TearDown(Level.Trial)
	public void stop() throws Exception {
		try {
			this.context.close();
			this.received += this.endpoint.forgetReceived();
			System.out.println("[benchmark " + this.exporter + "] receivedSpans=" + this.received);
		}
		finally {
			this.endpoint.close();
		}
	}

	@Benchmark
	public ChatResponse call() {
		return this.chatModel.call(this.prompt);
	}

}
