package ai.infra.internal.cost;

import java.util.Collection;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import ai.infra.cost.ModelPrice;
import ai.infra.cost.PriceTable;
import ai.infra.internal.provider.ProviderNames;
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

	private final Set<String> freeProviders;

	private final int warnedModelsLimit;

	private final Set<String> warnedModels = ConcurrentHashMap.newKeySet();

	private final AtomicBoolean warnedAboutLimit = new AtomicBoolean();

	/**
	 * Create a calculator.
	 * @param prices the prices to calculate with
	 */
	public CostCalculator(PriceTable prices) {
		this(prices, Set.of());
	}

	/**
	 * Create a calculator for which the models of some providers, besides the
	 * self-hosted ones ai-infra knows, cost nothing unless they have a price.
	 * @param prices the prices to calculate with
	 * @param freeProviders names of providers whose models run on the user's own
	 * hardware, in Spring AI's or OpenTelemetry's spelling
	 */
	public CostCalculator(PriceTable prices, Collection<String> freeProviders) {
		this(prices, freeProviders, WARNED_MODELS_LIMIT);
	}

	CostCalculator(PriceTable prices, int warnedModelsLimit) {
		this(prices, Set.of(), warnedModelsLimit);
	}

	private CostCalculator(PriceTable prices, Collection<String> freeProviders, int warnedModelsLimit) {
		this.prices = prices;
		this.freeProviders = freeProviders.stream()
			.map(ProviderNames::openTelemetryName)
			.collect(Collectors.toUnmodifiableSet());
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
		return cost(provider, model, new TokenUsage(inputTokens, outputTokens, cachedInputTokens, 0, 0));
	}

	/**
	 * Calculate the cost of a model call by its provider's billing formula: fresh input
	 * at the input price, cache reads at the cached-input price, cache writes at the
	 * cache-write price, and all output, reasoning included, at the output price, each
	 * price taken from the long-context tier the call's input reaches. A model of a
	 * self-hosted provider without a price of its own costs nothing. Negative counts are
	 * treated as zero.
	 * @param provider the provider as Spring AI or OpenTelemetry names it, or
	 * {@code null} if unknown
	 * @param model the model name
	 * @param usage the call's normalized tokens
	 * @return the cost in US dollars, or empty if the model has no known price
	 */
	public OptionalDouble cost(@Nullable String provider, @Nullable String model, TokenUsage usage) {
		if (model == null || model.isBlank()) {
			return OptionalDouble.empty();
		}
		boolean free = isFree(provider);
		// A hosted model's price must not be charged for the same model served locally.
		ModelPrice price = (free ? this.prices.findOverride(model) : this.prices.find(provider, model)).orElse(null);
		if (price == null) {
			if (free) {
				return OptionalDouble.of(0);
			}
			warnOnce(provider, model, "has no price");
			return OptionalDouble.empty();
		}
		long input = Math.max(usage.inputTokens(), 0);
		long output = Math.max(usage.outputTokens(), 0);
		// Cache reads and writes are part of the input, so more of them than input tokens
		// is a counting error that must not produce a negative fresh share.
		long cacheRead = Math.min(Math.max(usage.cacheReadInputTokens(), 0), input);
		long cacheWrite = Math.min(Math.max(usage.cacheCreationInputTokens(), 0), input - cacheRead);
		ModelPrice rates = price.forInputTokens(input);
		Double outputRate = rates.outputPerMillion();
		if (output > 0 && outputRate == null) {
			warnOnce(provider, model, "has no output price");
			return OptionalDouble.empty();
		}
		double outputDollars = (outputRate != null) ? output * outputRate : 0;
		double dollars = (input - cacheRead - cacheWrite) * rates.inputPerMillion()
				+ cacheRead * rates.effectiveCachedInputPerMillion()
				+ cacheWrite * rates.effectiveCacheWriteInputPerMillion() + outputDollars;
		return OptionalDouble.of(Dollars.round(dollars / TOKENS_PER_PRICE_UNIT));
	}

	private boolean isFree(@Nullable String provider) {
		return ProviderNames.isSelfHosted(provider)
				|| this.freeProviders.contains(ProviderNames.openTelemetryName(provider));
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
