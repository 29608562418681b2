package ai.infra.benchmarks;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import ai.infra.internal.budget.Budgets;
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
 * Cost of budgets per model call: {@code ChatModel.call(prompt)} on a model that answers
 * at once, with a tenant in the baggage, in ai-infra at sample rate 1.0 without budgets
 * ({@code off}, the baseline), with a tenant limit that only warns ({@code warn}: the
 * spend is added to the in-memory store after the call) and one that blocks
 * ({@code block}: the store is also read before the call). The limit is high enough
 * never to be reached, so every call is made.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 30, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(value = 1, jvmArgsAppend = { "-Xms2g", "-Xmx2g" })
@Threads(1)
@State(org.openjdk.jmh.annotations.Scope.Benchmark)
public class BudgetBenchmark {

	@Param({ "off", "warn", "block" })
	public String budgets;

	private BenchmarkContext context;

	private ChatModel chatModel;

	private Prompt prompt;

	private Context tenant;

	@Setup(Level.Trial)
	public void start() {
		Map<String, Object> properties = switch (this.budgets) {
			case "off" -> Map.of();
			case "warn" -> Map.of("ai-infra.budget.limits.acme", "1000000");
			case "block" -> Map.of("ai-infra.budget.limits.acme", "1000000", "ai-infra.budget.action", "block");
			default -> throw new IllegalArgumentException("Unknown budgets " + this.budgets);
		};
		this.context = BenchmarkContext.start(Variant.AI_INFRA, properties);
		this.chatModel = this.context.bean(ChatModel.class);
		this.prompt = new Prompt("What should I pack for a weekend in Paris?");
		// Every variant runs its calls in the same baggage; only budgets differ.
		this.tenant = Context.root().with(Baggage.builder().put("tenant.id", "acme").build());
	}

	@TearDown(Level.Trial)
	public void stop() {
		// What the store holds shows that the spend of every call was recorded.
		System.out.println("[benchmark budgets=" + this.budgets + "] "
				+ this.context.bean(Budgets.class).report().tenants());
		this.context.close();
	}

	@Benchmark
	public ChatResponse call() {
		try (Scope scope = this.tenant.makeCurrent()) {
			return this.chatModel.call(this.prompt);
		}
	}

}
