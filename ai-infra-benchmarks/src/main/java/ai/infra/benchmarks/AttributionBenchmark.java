package ai.infra.benchmarks;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import ai.infra.tracing.AiTracing;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.prompt.Prompt;

/**
 * Cost of cost attribution on one model round trip with ai-infra at sample rate 1.0:
 * {@code ChatModel.call(prompt)} inside a context whose baggage has a tenant and a
 * feature, as an incoming {@code baggage} header leaves it, with and without
 * {@code ai-infra.metrics.tags} naming those keys.
 * <ul>
 * <li>{@code untagged}: no tags configured, the baseline;
 * <li>{@code tagged}: {@code tags=tenant.id,feature}, the baggage present;
 * <li>{@code tagged-no-baggage}: the same tags, a context without baggage;
 * <li>{@code scope}: the same tags, and each call inside
 * {@code AiTracing.attribute("tenant.id", ...)}.
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 30, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(value = 1, jvmArgsAppend = { "-Xms2g", "-Xmx2g" })
@Threads(1)
@State(org.openjdk.jmh.annotations.Scope.Benchmark)
public class AttributionBenchmark {

	@Param({ "untagged", "tagged", "tagged-no-baggage", "scope" })
	public String attribution;

	private BenchmarkContext context;

	private ChatModel chatModel;

	private Prompt prompt;

	private Context caller;

	private boolean scope;

	@Setup(Level.Trial)
	public void start() {
		Map<String, Object> tags = this.attribution.equals("untagged") ? Map.of()
				: Map.of("ai-infra.metrics.tags", "tenant.id,feature");
		this.context = BenchmarkContext.start(Variant.AI_INFRA, tags);
		this.chatModel = this.context.bean(ChatModel.class);
		this.prompt = new Prompt("What should I pack for a weekend in Paris?");
		this.caller = this.attribution.equals("tagged-no-baggage") ? Context.root()
				: Context.root().with(Baggage.builder().put("tenant.id", "acme").put("feature", "packing").build());
		this.scope = this.attribution.equals("scope");
	}

	@TearDown(Level.Trial)
	public void stop() {
		this.context.close();
	}

	@Benchmark
	public ChatResponse call() {
		try (Scope scope = this.caller.makeCurrent()) {
			if (!this.scope) {
				return this.chatModel.call(this.prompt);
			}
			try (AiTracing.Attribution tenant = AiTracing.attribute("tenant.id", "globex")) {
				return this.chatModel.call(this.prompt);
			}
		}
	}

}
