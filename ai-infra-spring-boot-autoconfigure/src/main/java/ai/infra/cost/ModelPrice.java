package ai.infra.cost;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Prices of one model in US dollars per million tokens. A missing cached-input or
 * cache-write price means those input tokens cost the same as other input tokens; a
 * missing output price means the model has none (embedding models), so output tokens
 * cannot be priced. Long-context {@link Tier tiers} replace every price of a call whose
 * input reaches their size.
 *
 * @param inputPerMillion the price of a million input tokens
 * @param outputPerMillion the price of a million output tokens, or {@code null} if unknown
 * @param cachedInputPerMillion the price of a million input tokens read from the
 * provider's prompt cache, or {@code null} to charge them at the input price
 * @param cacheWriteInputPerMillion the price of a million input tokens written to the
 * provider's prompt cache, or {@code null} to charge them at the input price
 * @param tiers the prices of calls with larger inputs, by ascending size, none for a
 * model with one price
 */
public record ModelPrice(double inputPerMillion, @Nullable Double outputPerMillion,
		@Nullable Double cachedInputPerMillion, @Nullable Double cacheWriteInputPerMillion, List<Tier> tiers) {

	public ModelPrice {
		requireValidRate("inputPerMillion", inputPerMillion);
		if (outputPerMillion != null) {
			requireValidRate("outputPerMillion", outputPerMillion);
		}
		if (cachedInputPerMillion != null) {
			requireValidRate("cachedInputPerMillion", cachedInputPerMillion);
		}
		if (cacheWriteInputPerMillion != null) {
			requireValidRate("cacheWriteInputPerMillion", cacheWriteInputPerMillion);
		}
		List<Tier> sorted = new ArrayList<>(tiers);
		sorted.sort(Comparator.comparingLong(Tier::fromInputTokens));
		for (int i = 1; i < sorted.size(); i++) {
			if (sorted.get(i).fromInputTokens() == sorted.get(i - 1).fromInputTokens()) {
				throw new IllegalArgumentException(
						"Two tiers start at " + sorted.get(i).fromInputTokens() + " input tokens");
			}
		}
		tiers = List.copyOf(sorted);
	}

	/**
	 * Create a price without cache-write price and tiers.
	 * @param inputPerMillion the price of a million input tokens
	 * @param outputPerMillion the price of a million output tokens, or {@code null} if
	 * unknown
	 * @param cachedInputPerMillion the price of a million cached input tokens, or
	 * {@code null} to charge them at the input price
	 */
	public ModelPrice(double inputPerMillion, @Nullable Double outputPerMillion,
			@Nullable Double cachedInputPerMillion) {
		this(inputPerMillion, outputPerMillion, cachedInputPerMillion, null, List.of());
	}

	/**
	 * Create a price with no separate cached-input price.
	 * @param inputPerMillion the price of a million input tokens
	 * @param outputPerMillion the price of a million output tokens
	 * @return the price
	 */
	public static ModelPrice of(double inputPerMillion, double outputPerMillion) {
		return new ModelPrice(inputPerMillion, outputPerMillion, null);
	}

	/**
	 * Create a price with a cached-input price.
	 * @param inputPerMillion the price of a million input tokens
	 * @param outputPerMillion the price of a million output tokens
	 * @param cachedInputPerMillion the price of a million cached input tokens
	 * @return the price
	 */
	public static ModelPrice of(double inputPerMillion, double outputPerMillion, double cachedInputPerMillion) {
		return new ModelPrice(inputPerMillion, outputPerMillion, cachedInputPerMillion);
	}

	/**
	 * Return a copy of this price with a price for input tokens written to the prompt
	 * cache, such as Anthropic's cache writes.
	 * @param cacheWriteInputPerMillion the price of a million cache-write input tokens
	 * @return the new price
	 */
	public ModelPrice withCacheWritePrice(double cacheWriteInputPerMillion) {
		return new ModelPrice(this.inputPerMillion, this.outputPerMillion, this.cachedInputPerMillion,
				cacheWriteInputPerMillion, this.tiers);
	}

	/**
	 * Return a copy of this price with a long-context tier: a call whose input tokens
	 * (cached ones included) number at least {@code fromInputTokens} is priced entirely
	 * at the tier's prices.
	 * @param fromInputTokens the smallest input of a call the tier applies to
	 * @param price the prices of such a call, without tiers of its own
	 * @return the new price
	 */
	public ModelPrice withTier(long fromInputTokens, ModelPrice price) {
		List<Tier> more = new ArrayList<>(this.tiers);
		more.add(new Tier(fromInputTokens, price));
		return new ModelPrice(this.inputPerMillion, this.outputPerMillion, this.cachedInputPerMillion,
				this.cacheWriteInputPerMillion, more);
	}

	/**
	 * Return the prices that apply to a call with a given input.
	 * @param inputTokens every input token of the call, cached ones included
	 * @return the prices of the largest tier the call reaches, or this price
	 */
	public ModelPrice forInputTokens(long inputTokens) {
		ModelPrice applied = this;
		for (Tier tier : this.tiers) {
			if (inputTokens >= tier.fromInputTokens()) {
				applied = tier.price();
			}
		}
		return applied;
	}

	/**
	 * Return the price applied to a million cached input tokens.
	 * @return the cached-input price, or the input price when there is none
	 */
	public double effectiveCachedInputPerMillion() {
		return (this.cachedInputPerMillion != null) ? this.cachedInputPerMillion : this.inputPerMillion;
	}

	/**
	 * Return the price applied to a million input tokens written to the prompt cache.
	 * @return the cache-write price, or the input price when there is none
	 */
	public double effectiveCacheWriteInputPerMillion() {
		return (this.cacheWriteInputPerMillion != null) ? this.cacheWriteInputPerMillion : this.inputPerMillion;
	}

	private static void requireValidRate(String name, double rate) {
		if (!Double.isFinite(rate) || rate < 0) {
			throw new IllegalArgumentException(name + " must be a finite, non-negative number but was " + rate);
		}
	}

	/**
	 * The prices of calls whose input reaches a size, such as Gemini's prices for prompts
	 * of more than 200,000 tokens.
	 *
	 * @param fromInputTokens the smallest input of a call the tier applies to
	 * @param price the prices of every token of such a call
	 */
	public record Tier(long fromInputTokens, ModelPrice price) {

		public Tier {
			if (fromInputTokens <= 0) {
				throw new IllegalArgumentException("A tier must start above 0 input tokens but was " + fromInputTokens);
			}
			if (!price.tiers().isEmpty()) {
				throw new IllegalArgumentException("The price of a tier cannot have tiers of its own");
			}
		}

	}

}
