package ai.infra.internal.llm;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;

import ai.infra.internal.budget.Budgets;
import ai.infra.internal.cost.CostCalculator;
import ai.infra.internal.cost.TokenUsage;
import ai.infra.internal.metrics.AiMetrics;
import ai.infra.internal.observation.AgentRun;
import ai.infra.internal.observation.AiAttributes;
import ai.infra.internal.observation.ObservationLineage;
import ai.infra.internal.observation.RequestParameters;
import ai.infra.internal.observation.SpanFailures;
import ai.infra.internal.provider.ProviderNames;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.otel.bridge.OtelSpan;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes;
import org.jspecify.annotations.Nullable;

import org.springframework.ai.chat.metadata.ChatResponseMetadata;
import org.springframework.ai.chat.metadata.Usage;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.observation.ChatModelObservationContext;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.util.StringUtils;

/**
 * Writes what is known of a model round trip onto its {@code llm.generate} span (both
 * the {@code ai.*} keys and the GenAI semantic-convention keys, with real types), prices
 * it and records its meters.
 */
public final class LlmCallRecorder {

	static final String UNKNOWN = "unknown";

	private static final double NANOS_PER_SECOND = 1_000_000_000d;

	private final Tracer tracer;

	private final CostCalculator costCalculator;

	private final @Nullable AiMetrics metrics;

	private final @Nullable ChatContentRenderer contentRenderer;

	private final @Nullable Budgets budgets;

	/**
	 * Create a recorder.
	 * @param tracer Micrometer's tracer
	 * @param costCalculator prices calls
	 * @param metrics the meters, or {@code null} when metrics are disabled
	 * @param contentRenderer renders prompts and completions, or {@code null} unless
	 * content capture is on
	 */
	public LlmCallRecorder(Tracer tracer, CostCalculator costCalculator, @Nullable AiMetrics metrics,
			@Nullable ChatContentRenderer contentRenderer) {
		this(tracer, costCalculator, metrics, contentRenderer, null);
	}

	/**
	 * Create a recorder that also applies budgets.
	 * @param tracer Micrometer's tracer
	 * @param costCalculator prices calls
	 * @param metrics the meters, or {@code null} when metrics are disabled
	 * @param contentRenderer renders prompts and completions, or {@code null} unless
	 * content capture is on
	 * @param budgets admits calls and records their spend, or {@code null} without budgets
	 */
	public LlmCallRecorder(Tracer tracer, CostCalculator costCalculator, @Nullable AiMetrics metrics,
			@Nullable ChatContentRenderer contentRenderer, @Nullable Budgets budgets) {
		this.tracer = tracer;
		this.costCalculator = costCalculator;
		this.metrics = metrics;
		this.contentRenderer = contentRenderer;
		this.budgets = budgets;
	}

	LlmCall start(Span span, ChatModelObservationContext context, ObservationLineage lineage) {
		String provider = textOr(ProviderNames.openTelemetryName(context.getOperationMetadata().provider()), UNKNOWN);
		Prompt prompt = context.getRequest();
		ChatOptions options = prompt.getOptions();
		String requestModel = textOr((options != null) ? options.getModel() : null, UNKNOWN);
		// An unsampled span drops its attributes: rendering the prompt for it would be wasted.
		if (span.isRecording()) {
			span.setAttribute(GenAiIncubatingAttributes.GEN_AI_OPERATION_NAME, "chat");
			span.setAttribute(GenAiIncubatingAttributes.GEN_AI_PROVIDER_NAME, provider);
			span.setAttribute(GenAiIncubatingAttributes.GEN_AI_REQUEST_MODEL, requestModel);
			span.setAttribute(AiAttributes.PROVIDER, provider);
			span.setAttribute(AiAttributes.STREAM, context.isStreaming());
			String conversationId = RequestParameters.conversationId(lineage);
			if (conversationId != null) {
				span.setAttribute(GenAiIncubatingAttributes.GEN_AI_CONVERSATION_ID, conversationId);
			}
			if (this.contentRenderer != null) {
				span.setAttribute(AiAttributes.GEN_AI_INPUT_MESSAGES, this.contentRenderer.input(prompt));
			}
		}
		StreamTiming timing = context.isStreaming()
				&& lineage.parameter(StreamTiming.CONTEXT_KEY) instanceof StreamTiming found ? found : null;
		LlmCall call = new LlmCall(span, System.nanoTime(), provider, requestModel, context.isStreaming(), timing,
				lineage.agentRun());
		if (context.isStreaming() && lineage.parameter(StreamUsage.CONTEXT_KEY) instanceof StreamUsage usage) {
			call.streamUsage(usage);
		}
		if (this.budgets != null) {
			call.budgetCharge(this.budgets.admit(span, call.agentRun()));
		}
		return call;
	}

	void finish(LlmCall call, @Nullable ChatResponse response) {
		finish(call, response, false);
	}

	/**
	 * Finish a call whose span is still current, as it is while the observation's scope
	 * is open.
	 * @param call the call
	 * @param response the model's response
	 */
	void finishInScope(LlmCall call, ChatResponse response) {
		finish(call, response, true);
	}

	private void finish(LlmCall call, @Nullable ChatResponse response, boolean spanIsCurrent) {
		if (!call.finish()) {
			return;
		}
		long durationNanos = System.nanoTime() - call.startNanos();
		Span span = call.span();
		String model = call.requestModel();
		// A call that failed before the model answered was not billed.
		TokenUsage tokens = TokenUsage.NONE;
		OptionalDouble cost = OptionalDouble.of(0);
		if (response != null) {
			ChatResponseMetadata metadata = response.getMetadata();
			if (StringUtils.hasText(metadata.getModel())) {
				model = metadata.getModel();
			}
			tokens = UsageNormalizer.normalize(call.provider(), usage(call, metadata));
			cost = this.costCalculator.cost(call.provider(), model, tokens);
		}
		long promptTokens = tokens.inputTokens();
		long completionTokens = tokens.outputTokens();
		// Tokens and cost count for the meters whether sampled or not; the attributes are
		// only worth writing on a span that is recorded.
		if (span.isRecording()) {
			writeAttributes(span, call, response, model, tokens, cost, durationNanos);
		}
		Throwable error = call.error();
		if (error != null) {
			SpanFailures.record(span, error);
		}
		if (this.budgets != null) {
			this.budgets.charge(call.budgetCharge(), span, cost);
		}
		span.end();
		AgentRun run = call.agentRun();
		if (run != null) {
			run.modelCallFinished(promptTokens, completionTokens, cost, error);
		}
		if (this.metrics != null) {
			String status = (error != null) ? AiMetrics.ERROR : AiMetrics.SUCCESS;
			// Current while recorded, so that histogram exemplars point at this span, through
			// Micrometer's tracer, which the exemplar sampler asks. Not made current when it
			// already is, or when it is unsampled and so never an exemplar: that would only
			// pass two more scope events through every listener and the MDC per call.
			Tracer.@Nullable SpanInScope scope = (!spanIsCurrent && span.getSpanContext().isSampled())
					? this.tracer.withSpan(OtelSpan.fromOtel(span)) : null;
			try {
				this.metrics.recordLlmCall(call.provider(), model, status, durationNanos, promptTokens,
						completionTokens, cost.orElse(-1));
			}
			finally {
				if (scope != null) {
					scope.close();
				}
			}
		}
	}

	// A stream's aggregate keeps only prompt, completion and total tokens: its chunks
	// have the rest.
	private static @Nullable Usage usage(LlmCall call, ChatResponseMetadata metadata) {
		StreamUsage streamUsage = call.streamUsage();
		Usage fromChunks = (streamUsage != null) ? streamUsage.last() : null;
		return (fromChunks != null) ? fromChunks : metadata.getUsage();
	}

	private void writeAttributes(Span span, LlmCall call, @Nullable ChatResponse response, String model,
			TokenUsage tokens, OptionalDouble cost, long durationNanos) {
		if (response != null) {
			ChatResponseMetadata metadata = response.getMetadata();
			if (StringUtils.hasText(metadata.getModel())) {
				span.setAttribute(GenAiIncubatingAttributes.GEN_AI_RESPONSE_MODEL, model);
			}
			if (StringUtils.hasText(metadata.getId())) {
				span.setAttribute(GenAiIncubatingAttributes.GEN_AI_RESPONSE_ID, metadata.getId());
			}
			writeTokens(span, tokens);
			List<String> finishReasons = finishReasons(response);
			if (!finishReasons.isEmpty()) {
				span.setAttribute(GenAiIncubatingAttributes.GEN_AI_RESPONSE_FINISH_REASONS, finishReasons);
			}
			if (cost.isPresent()) {
				span.setAttribute(AiAttributes.COST, cost.getAsDouble());
			}
			if (this.contentRenderer != null) {
				span.setAttribute(AiAttributes.GEN_AI_OUTPUT_MESSAGES, this.contentRenderer.output(response));
			}
		}
		else if (call.stream() && call.error() == null) {
			span.addEvent("stream.cancelled");
		}
		StreamTiming timing = call.streamTiming();
		long firstContentNanos = (timing != null) ? timing.firstContentNanos() : 0;
		if (firstContentNanos != 0) {
			span.setAttribute(AiAttributes.TIME_TO_FIRST_TOKEN_MS,
					TimeUnit.NANOSECONDS.toMillis(firstContentNanos - call.startNanos()));
		}
		// The first chunk as the model's stream delivered it; through ChatClient without
		// context propagation, the advisor's first content chunk is the closest known.
		long firstChunkNanos = (call.firstChunkNanos() != 0) ? call.firstChunkNanos() : firstContentNanos;
		if (firstChunkNanos != 0) {
			span.setAttribute(GenAiIncubatingAttributes.GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK,
					(firstChunkNanos - call.startNanos()) / NANOS_PER_SECOND);
		}
		span.setAttribute(AiAttributes.MODEL, model);
		span.setAttribute(AiAttributes.DURATION_MS, TimeUnit.NANOSECONDS.toMillis(durationNanos));
	}

	private static void writeTokens(Span span, TokenUsage tokens) {
		span.setAttribute(AiAttributes.PROMPT_TOKENS, tokens.inputTokens());
		span.setAttribute(AiAttributes.COMPLETION_TOKENS, tokens.outputTokens());
		span.setAttribute(AiAttributes.TOTAL_TOKENS, tokens.totalTokens());
		span.setAttribute(GenAiIncubatingAttributes.GEN_AI_USAGE_INPUT_TOKENS, tokens.inputTokens());
		span.setAttribute(GenAiIncubatingAttributes.GEN_AI_USAGE_OUTPUT_TOKENS, tokens.outputTokens());
		if (tokens.cacheReadInputTokens() > 0) {
			span.setAttribute(AiAttributes.CACHED_PROMPT_TOKENS, tokens.cacheReadInputTokens());
			span.setAttribute(GenAiIncubatingAttributes.GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS,
					tokens.cacheReadInputTokens());
		}
		if (tokens.cacheCreationInputTokens() > 0) {
			span.setAttribute(GenAiIncubatingAttributes.GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS,
					tokens.cacheCreationInputTokens());
		}
		if (tokens.reasoningOutputTokens() > 0) {
			span.setAttribute(GenAiIncubatingAttributes.GEN_AI_USAGE_REASONING_OUTPUT_TOKENS,
					tokens.reasoningOutputTokens());
		}
	}

	private static List<String> finishReasons(ChatResponse response) {
		List<String> reasons = new ArrayList<>(1);
		for (Generation generation : response.getResults()) {
			String reason = generation.getMetadata().getFinishReason();
			if (StringUtils.hasText(reason)) {
				reasons.add(reason.toLowerCase(java.util.Locale.ROOT));
			}
		}
		return reasons;
	}

	private static String textOr(@Nullable String value, String fallback) {
		return StringUtils.hasText(value) ? value : fallback;
	}

}
