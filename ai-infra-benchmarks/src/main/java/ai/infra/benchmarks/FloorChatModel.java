package ai.infra.benchmarks;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;

import org.springframework.ai.chat.metadata.ChatResponseMetadata;
import org.springframework.ai.chat.metadata.Usage;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.model.tool.ToolCallingChatOptions;

/**
 * The floor: the same model as {@link InstantChatModel}, instrumented by hand with the
 * least code that produces the same {@code llm.generate} span (the same sixteen
 * attributes, made current while the call runs) and the same meter updates as ai-infra,
 * around the model rather than through its observation. Meters and prices are looked up
 * once per model name and kept, as any careful hand-written instrumentation would.
 */
public final class FloorChatModel implements ChatModel {

	static final AttributeKey<String> OPERATION_NAME = AttributeKey.stringKey("gen_ai.operation.name");

	static final AttributeKey<String> PROVIDER_NAME = AttributeKey.stringKey("gen_ai.provider.name");

	static final AttributeKey<String> REQUEST_MODEL = AttributeKey.stringKey("gen_ai.request.model");

	static final AttributeKey<String> RESPONSE_MODEL = AttributeKey.stringKey("gen_ai.response.model");

	static final AttributeKey<String> RESPONSE_ID = AttributeKey.stringKey("gen_ai.response.id");

	static final AttributeKey<Long> INPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.input_tokens");

	static final AttributeKey<Long> OUTPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.output_tokens");

	static final AttributeKey<List<String>> FINISH_REASONS = AttributeKey
		.stringArrayKey("gen_ai.response.finish_reasons");

	static final AttributeKey<String> AI_PROVIDER = AttributeKey.stringKey("ai.provider");

	static final AttributeKey<String> AI_MODEL = AttributeKey.stringKey("ai.model");

	static final AttributeKey<Boolean> AI_STREAM = AttributeKey.booleanKey("ai.stream");

	static final AttributeKey<Long> AI_PROMPT_TOKENS = AttributeKey.longKey("ai.prompt_tokens");

	static final AttributeKey<Long> AI_COMPLETION_TOKENS = AttributeKey.longKey("ai.completion_tokens");

	static final AttributeKey<Long> AI_TOTAL_TOKENS = AttributeKey.longKey("ai.total_tokens");

	static final AttributeKey<Double> AI_COST = AttributeKey.doubleKey("ai.cost");

	static final AttributeKey<Long> AI_DURATION_MS = AttributeKey.longKey("ai.duration_ms");

	private static final Duration[] LATENCY_BUCKETS = { Duration.ofMillis(100), Duration.ofMillis(250),
			Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5),
			Duration.ofSeconds(10), Duration.ofSeconds(20), Duration.ofSeconds(30), Duration.ofSeconds(60),
			Duration.ofSeconds(120) };

	// US dollars per million input and output tokens.
	private static final Map<String, double[]> PRICE_LIST = Map.of("gpt-4o-mini", new double[] { 0.15, 0.60 });

	private final Tracer tracer;

	private final MeterRegistry meterRegistry;

	private final ChatModel model;

	private final ChatOptions defaultOptions = ToolCallingChatOptions.builder()
		.model(ScriptedResponses.REQUEST_MODEL)
		.build();

	private final Map<String, Meters> meters = new ConcurrentHashMap<>();

	private final Map<String, double[]> prices = new ConcurrentHashMap<>();

	private long calls;

	/**
	 * Create a model.
	 * @param tracer makes the spans
	 * @param meterRegistry holds the meters
	 * @param model the model that answers, observed or not as the variant has it
	 */
	public FloorChatModel(Tracer tracer, MeterRegistry meterRegistry, ChatModel model) {
		this.tracer = tracer;
		this.meterRegistry = meterRegistry;
		this.model = model;
	}

	@Override
	public ChatResponse call(Prompt prompt) {
		Prompt request = (prompt.getOptions() != null) ? prompt
				: new Prompt(prompt.getInstructions(), this.defaultOptions);
		FloorAgent.Run run = FloorAgent.current();
		if (run != null) {
			run.beforeModelCall();
		}
		long start = System.nanoTime();
		Span span = this.tracer.spanBuilder("llm.generate")
			.setSpanKind(SpanKind.CLIENT)
			.setAttribute(OPERATION_NAME, "chat")
			.setAttribute(PROVIDER_NAME, ScriptedResponses.PROVIDER)
			.setAttribute(REQUEST_MODEL, request.getOptions().getModel())
			.setAttribute(AI_PROVIDER, ScriptedResponses.PROVIDER)
			.setAttribute(AI_STREAM, false)
			.startSpan();
		try (Scope scope = span.makeCurrent()) {
			this.calls++;
			ChatResponse response = this.model.call(request);
			finish(span, response, start);
			if (run != null) {
				run.afterModelCall(response);
			}
			return response;
		}
		catch (RuntimeException ex) {
			span.setStatus(StatusCode.ERROR, String.valueOf(ex.getMessage()));
			span.recordException(ex);
			throw ex;
		}
		finally {
			span.end();
		}
	}

	private void finish(Span span, ChatResponse response, long start) {
		ChatResponseMetadata metadata = response.getMetadata();
		String model = metadata.getModel();
		Usage usage = metadata.getUsage();
		long promptTokens = usage.getPromptTokens();
		long completionTokens = usage.getCompletionTokens();
		double[] price = this.prices.computeIfAbsent(model, FloorChatModel::price);
		double cost = (promptTokens * price[0] + completionTokens * price[1]) / 1_000_000d;
		Generation generation = response.getResult();
		long durationNanos = System.nanoTime() - start;
		span.setAttribute(RESPONSE_MODEL, model);
		span.setAttribute(RESPONSE_ID, metadata.getId());
		span.setAttribute(AI_PROMPT_TOKENS, promptTokens);
		span.setAttribute(AI_COMPLETION_TOKENS, completionTokens);
		span.setAttribute(AI_TOTAL_TOKENS, promptTokens + completionTokens);
		span.setAttribute(INPUT_TOKENS, promptTokens);
		span.setAttribute(OUTPUT_TOKENS, completionTokens);
		span.setAttribute(FINISH_REASONS,
				List.of(generation.getMetadata().getFinishReason().toLowerCase(Locale.ROOT)));
		span.setAttribute(AI_COST, cost);
		span.setAttribute(AI_MODEL, model);
		span.setAttribute(AI_DURATION_MS, TimeUnit.NANOSECONDS.toMillis(durationNanos));
		Meters meters = this.meters.computeIfAbsent(model, this::meters);
		meters.requests().increment();
		meters.duration().record(durationNanos, TimeUnit.NANOSECONDS);
		meters.promptTokens().increment(promptTokens);
		meters.completionTokens().increment(completionTokens);
		meters.cost().increment(cost);
	}

	private static double[] price(String model) {
		// Dated names such as gpt-4o-mini-2024-07-18 are priced as their family.
		String family = model.replaceFirst("-\\d{4}-\\d{2}-\\d{2}$", "");
		return PRICE_LIST.getOrDefault(family, new double[] { 0, 0 });
	}

	private Meters meters(String model) {
		String provider = ScriptedResponses.PROVIDER;
		return new Meters(
				Counter.builder("ai.llm.requests")
					.tags("provider", provider, "model", model, "status", "success")
					.register(this.meterRegistry),
				Counter.builder("ai.llm.tokens")
					.tags("provider", provider, "model", model, "type", "prompt")
					.register(this.meterRegistry),
				Counter.builder("ai.llm.tokens")
					.tags("provider", provider, "model", model, "type", "completion")
					.register(this.meterRegistry),
				Timer.builder("ai.llm.duration")
					.tags("provider", provider, "model", model)
					.serviceLevelObjectives(LATENCY_BUCKETS)
					.register(this.meterRegistry),
				Counter.builder("ai.llm.cost")
					.baseUnit("dollars")
					.tags("provider", provider, "model", model)
					.register(this.meterRegistry));
	}

	@Override
	public ChatOptions getOptions() {
		return this.defaultOptions;
	}

	/**
	 * Return how many calls this model answered; read after the benchmark thread is done.
	 * @return the number of calls
	 */
	public long calls() {
		return this.calls;
	}

	private record Meters(Counter requests, Counter promptTokens, Counter completionTokens, Timer duration,
			Counter cost) {
	}

}
