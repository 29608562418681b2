package ai.infra.internal.cost;

import java.util.Locale;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import ai.infra.cost.ModelPrice;
import ai.infra.cost.PriceTable;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Calculates the cost in US dollars of a model call from its token counts and a
 * {@link PriceTable}. A model without a price has no cost rather than an estimated one,
 * and is reported by a single warning.
 */
public final class CostCalculator {

	private static final Log logger = LogFactory.getLog(CostCalculator.class);

	// Bounds the memory held for warnings when model names come from untrusted input.
	private static final int WARNED_MODELS_LIMIT = 1000;

	private static final double TOKENS_PER_PRICE_UNIT = 1_000_000d;

	private final PriceTable prices;

	private final int warnedModelsLimit;

	private final Set<String> warnedModels = ConcurrentHashMap.newKeySet();

	private final AtomicBoolean warnedAboutLimit = new AtomicBoolean();

	/**
	 * Create a calculator.
	 * @param prices the prices to calculate with
	 */
	public CostCalculator(PriceTable prices) {
		this(prices, WARNED_MODELS_LIMIT);
	}

	CostCalculator(PriceTable prices, int warnedModelsLimit) {
		this.prices = prices;
		this.warnedModelsLimit = warnedModelsLimit;
	}

	/**
	 * Calculate the cost of a model call. Cached input tokens are the part of the input
	 * tokens read from the provider's prompt cache; negative counts are treated as zero.
	 * @param provider the provider as Spring AI reports it, or {@code null} if unknown
	 * @param model the model name
	 * @param inputTokens the input (prompt) tokens, including cached ones
	 * @param outputTokens the output (completion) tokens
	 * @param cachedInputTokens the input tokens read from the prompt cache
	 * @return the cost in US dollars, or empty if the model has no known price
	 */
	public OptionalDouble cost(@Nullable String provider, @Nullable String model, long inputTokens,
			long outputTokens, long cachedInputTokens) {
		if (model == null || model.isBlank()) {
			return OptionalDouble.empty();
		}
		ModelPrice price = this.prices.find(provider, model).orElse(null);
		if (price == null) {
			warnOnce(provider, model, "has no price");
			return OptionalDouble.empty();
		}
		long input = Math.max(inputTokens, 0);
		long output = Math.max(outputTokens, 0);
		// Cached tokens are part of the input, so more cached than input tokens is a
		// counting error that must not produce a negative uncached share.
		long cached = Math.min(Math.max(cachedInputTokens, 0), input);
		Double outputRate = price.outputPerMillion();
		if (output > 0 && outputRate == null) {
			warnOnce(provider, model, "has no output price");
			return OptionalDouble.empty();
		}
		double outputDollars = (outputRate != null) ? output * outputRate : 0;
		double dollars = (input - cached) * price.inputPerMillion() + cached * price.effectiveCachedInputPerMillion()
				+ outputDollars;
		return OptionalDouble.of(Dollars.round(dollars / TOKENS_PER_PRICE_UNIT));
	}

	private void warnOnce(@Nullable String provider, String model, String problem) {
		String key = model.trim().toLowerCase(Locale.ROOT);
		if (this.warnedModels.contains(key)) {
			return;
		}
		if (this.warnedModels.size() >= this.warnedModelsLimit) {
			if (this.warnedAboutLimit.compareAndSet(false, true)) {
				logger.warn("More than " + this.warnedModelsLimit
						+ " AI models have no price; further ones are not reported");
			}
			return;
		}
		if (this.warnedModels.add(key)) {
			String of = (provider != null) ? " of provider '" + provider + "'" : "";
			logger.warn("AI model '" + model + "'" + of + " " + problem + " in the price table of "
					+ this.prices.date() + ", so its calls get no cost; add a price override for it. "
					+ "This is reported once per model.");
		}
	}

}
