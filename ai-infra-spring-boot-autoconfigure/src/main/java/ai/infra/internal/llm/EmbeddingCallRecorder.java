package ai.infra.internal.llm;

import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;

import ai.infra.internal.budget.Budgets;
import ai.infra.internal.cost.CostCalculator;
import ai.infra.internal.metrics.AiMetrics;
import ai.infra.internal.observation.AiAttributes;
import ai.infra.internal.observation.SpanFailures;
import ai.infra.internal.provider.ProviderNames;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes;
import io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes.GenAiOperationNameIncubatingValues;
import org.jspecify.annotations.Nullable;

import org.springframework.ai.chat.metadata.Usage;
import org.springframework.ai.embedding.Embedding;
import org.springframework.ai.embedding.EmbeddingOptions;
import org.springframework.ai.embedding.EmbeddingResponse;
import org.springframework.ai.embedding.observation.EmbeddingModelObservationContext;
import org.springframework.util.StringUtils;

/**
 * Writes what is known of an embedding call onto its {@code llm.embed} span, prices its
 * input tokens with the same {@link CostCalculator} as model round trips and records it
 * in the {@code ai.llm.*} meters with {@code operation=embeddings}.
 */
public final class EmbeddingCallRecorder {

	private final CostCalculator costCalculator;

	private final @Nullable AiMetrics metrics;

	private final @Nullable Budgets budgets;

	/**
	 * Create a recorder.
	 * @param costCalculator prices calls
	 * @param metrics the meters, or {@code null} when metrics are disabled
	 */
	public EmbeddingCallRecorder(CostCalculator costCalculator, @Nullable AiMetrics metrics) {
		this(costCalculator, metrics, null);
	}

	/**
	 * Create a recorder that also applies budgets.
	 * @param costCalculator prices calls
	 * @param metrics the meters, or {@code null} when metrics are disabled
	 * @param budgets admits calls and records their spend, or {@code null} without budgets
	 */
	public EmbeddingCallRecorder(CostCalculator costCalculator, @Nullable AiMetrics metrics,
			@Nullable Budgets budgets) {
		this.costCalculator = costCalculator;
		this.metrics = metrics;
		this.budgets = budgets;
	}

	LlmCall start(Span span, EmbeddingModelObservationContext context) {
		String provider = textOr(ProviderNames.openTelemetryName(context.getOperationMetadata().provider()),
				LlmCallRecorder.UNKNOWN);
		EmbeddingOptions options = context.getRequest().getOptions();
		String requestModel = textOr((options != null) ? options.getModel() : null, LlmCallRecorder.UNKNOWN);
		if (span.isRecording()) {
			span.setAttribute(GenAiIncubatingAttributes.GEN_AI_OPERATION_NAME,
					GenAiOperationNameIncubatingValues.EMBEDDINGS);
			span.setAttribute(GenAiIncubatingAttributes.GEN_AI_PROVIDER_NAME, provider);
			span.setAttribute(GenAiIncubatingAttributes.GEN_AI_REQUEST_MODEL, requestModel);
			span.setAttribute(AiAttributes.PROVIDER, provider);
		}
		LlmCall call = new LlmCall(span, System.nanoTime(), provider, requestModel, false, null, null);
		if (this.budgets != null) {
			call.budgetCharge(this.budgets.admit(span, null));
		}
		return call;
	}

	/**
	 * Finish a call, once: its attributes, failure, cost and meters.
	 * @param call the call
	 * @param context the call's observation, with the response unless it failed
	 */
	void finish(LlmCall call, EmbeddingModelObservationContext context) {
		EmbeddingResponse response = context.getResponse();
		if (!call.finish()) {
			return;
		}
		long durationNanos = System.nanoTime() - call.startNanos();
		Span span = call.span();
		String model = call.requestModel();
		long inputTokens = 0;
		// A call that failed before the model answered was not billed.
		OptionalDouble cost = OptionalDouble.of(0);
		if (response != null) {
			if (StringUtils.hasText(response.getMetadata().getModel())) {
				model = response.getMetadata().getModel();
			}
			inputTokens = inputTokens(response.getMetadata().getUsage());
			cost = this.costCalculator.cost(call.provider(), model, inputTokens, 0, 0);
		}
		if (span.isRecording()) {
			writeAttributes(span, requestedDimensions(context), response, model, inputTokens, cost, durationNanos);
		}
		Throwable error = call.error();
		if (error != null) {
			SpanFailures.record(span, error);
		}
		if (this.budgets != null) {
			this.budgets.charge(call.budgetCharge(), span, cost);
		}
		span.end();
		if (this.metrics != null) {
			String status = (error != null) ? AiMetrics.ERROR : AiMetrics.SUCCESS;
			this.metrics.recordEmbeddingCall(call.provider(), model, status, durationNanos, inputTokens,
					cost.orElse(-1));
		}
	}

	private static void writeAttributes(Span span, int requestedDimensions, @Nullable EmbeddingResponse response,
			String model, long inputTokens, OptionalDouble cost, long durationNanos) {
		// The convention's count is the one asked for; without one, what the model returned.
		long dimensions = (requestedDimensions > 0) ? requestedDimensions
				: (response != null) ? dimensions(response) : 0;
		if (dimensions > 0) {
			span.setAttribute(GenAiIncubatingAttributes.GEN_AI_EMBEDDINGS_DIMENSION_COUNT, dimensions);
		}
		if (response != null) {
			if (StringUtils.hasText(response.getMetadata().getModel())) {
				span.setAttribute(GenAiIncubatingAttributes.GEN_AI_RESPONSE_MODEL, model);
			}
			span.setAttribute(AiAttributes.PROMPT_TOKENS, inputTokens);
			span.setAttribute(AiAttributes.TOTAL_TOKENS, inputTokens);
			span.setAttribute(GenAiIncubatingAttributes.GEN_AI_USAGE_INPUT_TOKENS, inputTokens);
			if (cost.isPresent()) {
				span.setAttribute(AiAttributes.COST, cost.getAsDouble());
			}
		}
		span.setAttribute(AiAttributes.MODEL, model);
		span.setAttribute(AiAttributes.DURATION_MS, TimeUnit.NANOSECONDS.toMillis(durationNanos));
	}

	// Embedding APIs bill input only; a provider that reports only a total reports the input.
	private static long inputTokens(@Nullable Usage usage) {
		if (usage == null) {
			return 0;
		}
		Integer prompt = usage.getPromptTokens();
		if (prompt != null && prompt > 0) {
			return prompt;
		}
		Integer total = usage.getTotalTokens();
		return (total != null) ? Math.max(total, 0) : 0;
	}

	private static int requestedDimensions(EmbeddingModelObservationContext context) {
		EmbeddingOptions options = context.getRequest().getOptions();
		Integer dimensions = (options != null) ? options.getDimensions() : null;
		return (dimensions != null) ? dimensions : 0;
	}

	private static int dimensions(EmbeddingResponse response) {
		Embedding first = response.getResults().isEmpty() ? null : response.getResults().get(0);
		return (first != null && first.getOutput() != null) ? first.getOutput().length : 0;
	}

	private static String textOr(@Nullable String value, String fallback) {
		return StringUtils.hasText(value) ? value : fallback;
	}

}
