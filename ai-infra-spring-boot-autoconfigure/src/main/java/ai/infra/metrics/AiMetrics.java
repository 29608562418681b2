package ai.infra.metrics;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The {@code ai.*} meters. Meters are looked up once per tag combination and kept, so a
 * model call costs a map lookup and a few atomic adds. Tag values come only from bounded
 * sets: provider, model, tool and agent names and a status.
 */
public final class AiMetrics {

	/** Status tag value of a call that returned. */
	public static final String SUCCESS = "success";

	/** Status tag value of a call that threw. */
	public static final String ERROR = "error";

	static final Duration[] LLM_LATENCY_BUCKETS = { Duration.ofMillis(100), Duration.ofMillis(250),
			Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5),
			Duration.ofSeconds(10), Duration.ofSeconds(20), Duration.ofSeconds(30), Duration.ofSeconds(60),
			Duration.ofSeconds(120) };

	private final MeterRegistry registry;

	private final Map<LlmKey, LlmMeters> llmMeters = new ConcurrentHashMap<>();

	/**
	 * Create meters in the given registry.
	 * @param registry where meters are registered
	 */
	public AiMetrics(MeterRegistry registry) {
		this.registry = registry;
	}

	/**
	 * Record one model round trip.
	 * @param provider the provider name
	 * @param model the model name
	 * @param status {@link #SUCCESS} or {@link #ERROR}
	 * @param durationNanos how long the call took
	 * @param promptTokens input tokens, 0 when unknown
	 * @param completionTokens output tokens, 0 when unknown
	 * @param cost cost in dollars, or a negative number when the price is unknown
	 */
	public void recordLlmCall(String provider, String model, String status, long durationNanos, long promptTokens,
			long completionTokens, double cost) {
		LlmMeters meters = this.llmMeters.computeIfAbsent(new LlmKey(provider, model, status), this::llmMeters);
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
		Counter requests = Counter.builder("ai.llm.requests")
			.description("Model round trips")
			.tag("provider", key.provider())
			.tag("model", key.model())
			.tag("status", key.status())
			.register(this.registry);
		Counter promptTokens = tokens(key, "prompt");
		Counter completionTokens = tokens(key, "completion");
		Timer duration = Timer.builder("ai.llm.duration")
			.description("Duration of model round trips")
			.tag("provider", key.provider())
			.tag("model", key.model())
			.serviceLevelObjectives(LLM_LATENCY_BUCKETS)
			.register(this.registry);
		Counter cost = Counter.builder("ai.llm.cost")
			.description("Cost of model round trips in US dollars")
			.baseUnit("dollars")
			.tag("provider", key.provider())
			.tag("model", key.model())
			.register(this.registry);
		return new LlmMeters(requests, promptTokens, completionTokens, duration, cost);
	}

	private Counter tokens(LlmKey key, String type) {
		return Counter.builder("ai.llm.tokens")
			.description("Tokens used by model round trips")
			.tag("provider", key.provider())
			.tag("model", key.model())
			.tag("type", type)
			.register(this.registry);
	}

	private record LlmKey(String provider, String model, String status) {
	}

	private record LlmMeters(Counter requests, Counter promptTokens, Counter completionTokens, Timer duration,
			Counter cost) {
	}

}
