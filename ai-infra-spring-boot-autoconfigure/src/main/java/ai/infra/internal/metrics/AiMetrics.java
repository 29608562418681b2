package ai.infra.internal.metrics;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.context.Context;
import io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes;

/**
 * The {@code ai.*} meters. Meters are looked up once per tag combination and kept, so a
 * model call costs a map lookup and a few atomic adds. Tag values come only from bounded
 * sets: provider, model, tool and agent names, a status and the kind of model operation
 * ({@code chat} or {@code embeddings}), plus the values of configured baggage keys
 * (attribution tags, such as the tenant), each capped at a number of distinct values.
 * Attribution is read where an operation starts ({@link #attribution(Context)}), so an
 * operation that finishes on another thread is still counted for its caller.
 */
public final class AiMetrics {

	/** Status tag value of a call that returned. */
	public static final String SUCCESS = "success";

	/** Status tag value of a call that threw. */
	public static final String ERROR = "error";

	// The operation tag of the ai.llm.* meters takes the GenAI operation names.
	private static final String CHAT = GenAiIncubatingAttributes.GenAiOperationNameIncubatingValues.CHAT;

	private static final String EMBEDDINGS = GenAiIncubatingAttributes.GenAiOperationNameIncubatingValues.EMBEDDINGS;

	static final Duration[] LLM_LATENCY_BUCKETS = { Duration.ofMillis(100), Duration.ofMillis(250),
			Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5),
			Duration.ofSeconds(10), Duration.ofSeconds(20), Duration.ofSeconds(30), Duration.ofSeconds(60),
			Duration.ofSeconds(120) };

	static final double[] AGENT_STEP_BUCKETS = { 1, 2, 3, 5, 8, 13, 21 };

	private static final String TOKENS = "Tokens used by model round trips";

	private final MeterRegistry registry;

	private final AttributionTags attributionTags;

	private final Map<LlmKey, LlmMeters> llmMeters = new ConcurrentHashMap<>();

	private final Map<ToolKey, ToolMeters> toolMeters = new ConcurrentHashMap<>();

	private final Map<AgentKey, AgentMeters> agentMeters = new ConcurrentHashMap<>();

	/**
	 * Create meters in the given registry.
	 * @param registry where meters are registered
	 */
	public AiMetrics(MeterRegistry registry) {
		this(registry, List.of(), 1);
	}

	/**
	 * Create meters in the given registry, tagged with the values of baggage entries.
	 * @param registry where meters are registered
	 * @param tagKeys the baggage keys whose values tag every meter, none for no
	 * attribution; each is a tag of that name on every meter, {@code none} where an
	 * operation's baggage lacks it
	 * @param maxTagValues the most distinct values per key; later ones are tagged
	 * {@code other}
	 */
	public AiMetrics(MeterRegistry registry, List<String> tagKeys, int maxTagValues) {
		this.registry = registry;
		this.attributionTags = new AttributionTags(registry, tagKeys, maxTagValues);
	}

	/**
	 * Read the attribution tag values of an operation that starts in the given context.
	 * @param context the context the operation starts in, whose baggage is read
	 * @return the values, {@link Attribution#NONE} when no keys are configured
	 */
	public Attribution attribution(Context context) {
		return this.attributionTags.capture(context);
	}

	/**
	 * Record one model round trip.
	 * @param attribution the call's attribution, read when it started
	 * @param provider the provider name
	 * @param model the model name
	 * @param status {@link #SUCCESS} or {@link #ERROR}
	 * @param durationNanos how long the call took
	 * @param promptTokens input tokens, 0 when unknown
	 * @param completionTokens output tokens, 0 when unknown
	 * @param cost cost in dollars, or a negative number when the price is unknown
	 */
	public void recordLlmCall(Attribution attribution, String provider, String model, String status,
			long durationNanos, long promptTokens, long completionTokens, double cost) {
		record(new LlmKey(CHAT, provider, model, status, attribution), durationNanos, promptTokens, completionTokens,
				cost);
	}

	/**
	 * Record one embedding call, in the same meters as model round trips.
	 * @param attribution the call's attribution, read when it started
	 * @param provider the provider name
	 * @param model the model name
	 * @param status {@link #SUCCESS} or {@link #ERROR}
	 * @param durationNanos how long the call took
	 * @param inputTokens input tokens, 0 when unknown
	 * @param cost cost in dollars, or a negative number when the price is unknown
	 */
	public void recordEmbeddingCall(Attribution attribution, String provider, String model, String status,
			long durationNanos, long inputTokens, double cost) {
		record(new LlmKey(EMBEDDINGS, provider, model, status, attribution), durationNanos, inputTokens, 0, cost);
	}

	private void record(LlmKey key, long durationNanos, long promptTokens, long completionTokens, double cost) {
		LlmMeters meters = this.llmMeters.computeIfAbsent(key, this::llmMeters);
		meters.requests.increment();
		meters.duration.record(durationNanos, TimeUnit.NANOSECONDS);
		if (promptTokens > 0) {
			meters.promptTokens.increment(promptTokens);
		}
		if (completionTokens > 0) {
			meters.completionTokens.increment(completionTokens);
		}
		if (cost >= 0) {
			meters.cost.increment(cost);
		}
	}

	private LlmMeters llmMeters(LlmKey key) {
		Tags model = Tags.of("provider", key.provider(), "model", key.model(), "operation", key.operation())
			.and(this.attributionTags.tags(key.attribution()));
		Counter requests = counter("ai.llm.requests", "Model round trips", model.and("status", key.status()));
		Counter promptTokens = counter("ai.llm.tokens", TOKENS, model.and("type", "prompt"));
		Counter completionTokens = counter("ai.llm.tokens", TOKENS, model.and("type", "completion"));
		Timer duration = Timer.builder("ai.llm.duration")
			.description("Duration of model round trips")
			.tags(model)
			.serviceLevelObjectives(LLM_LATENCY_BUCKETS)
			.register(this.registry);
		Counter cost = Counter.builder("ai.llm.cost")
			.description("Cost of model round trips in US dollars")
			.baseUnit("dollars")
			.tags(model)
			.register(this.registry);
		return new LlmMeters(requests, promptTokens, completionTokens, duration, cost);
	}

	private Counter counter(String name, String description, Tags tags) {
		return Counter.builder(name).description(description).tags(tags).register(this.registry);
	}

	/**
	 * Record one tool call.
	 * @param attribution the call's attribution, read when it started
	 * @param tool the tool name
	 * @param status {@link #SUCCESS} or {@link #ERROR}
	 * @param durationNanos how long the call took
	 */
	public void recordToolCall(Attribution attribution, String tool, String status, long durationNanos) {
		this.toolMeters.computeIfAbsent(new ToolKey(tool, status, attribution), this::toolMeters)
			.record(durationNanos);
	}

	/**
	 * Record one agent run.
	 * @param attribution the run's attribution, read when it started
	 * @param agent the agent name
	 * @param status {@link #SUCCESS} or {@link #ERROR}
	 * @param steps how many steps the run took
	 */
	public void recordAgentRun(Attribution attribution, String agent, String status, int steps) {
		this.agentMeters.computeIfAbsent(new AgentKey(agent, status, attribution), this::agentMeters).record(steps);
	}

	private ToolMeters toolMeters(ToolKey key) {
		Tags tool = Tags.of("tool", key.tool()).and(this.attributionTags.tags(key.attribution()));
		Counter calls = counter("ai.tool.calls", "Tool calls", tool.and("status", key.status()));
		Timer duration = Timer.builder("ai.tool.duration")
			.description("Duration of tool calls")
			.tags(tool)
			.publishPercentileHistogram()
			.register(this.registry);
		return new ToolMeters(calls, duration);
	}

	private AgentMeters agentMeters(AgentKey key) {
		Tags agent = Tags.of("agent", key.agent()).and(this.attributionTags.tags(key.attribution()));
		Counter runs = counter("ai.agent.runs", "Agent runs", agent.and("status", key.status()));
		// Buckets make this a histogram: Prometheus rejects a whole scrape when a summary's
		// count carries an exemplar, which a summary recorded inside a span would.
		DistributionSummary steps = DistributionSummary.builder("ai.agent.steps")
			.description("Steps per agent run")
			.tags(agent)
			.serviceLevelObjectives(AGENT_STEP_BUCKETS)
			.register(this.registry);
		return new AgentMeters(runs, steps);
	}

	private record ToolKey(String tool, String status, Attribution attribution) {
	}

	private record ToolMeters(Counter calls, Timer duration) {

		void record(long durationNanos) {
			this.calls.increment();
			this.duration.record(durationNanos, TimeUnit.NANOSECONDS);
		}

	}

	private record AgentKey(String agent, String status, Attribution attribution) {
	}

	private record AgentMeters(Counter runs, DistributionSummary steps) {

		void record(int steps) {
			this.runs.increment();
			this.steps.record(steps);
		}

	}

	private record LlmKey(String operation, String provider, String model, String status, Attribution attribution) {
	}

	private record LlmMeters(Counter requests, Counter promptTokens, Counter completionTokens, Timer duration,
			Counter cost) {
	}

}
