package ai.infra.cost;

import org.jspecify.annotations.Nullable;

/**
 * Prices of one model in US dollars per million tokens. A missing cached-input price
 * means cached input tokens cost the same as other input tokens; a missing output price
 * means the model has none (embedding models), so output tokens cannot be priced.
 *
 * @param inputPerMillion the price of a million input tokens
 * @param outputPerMillion the price of a million output tokens, or {@code null} if unknown
 * @param cachedInputPerMillion the price of a million input tokens read from the
 * provider's prompt cache, or {@code null} to charge them at the input price
 */
public record ModelPrice(double inputPerMillion, @Nullable Double outputPerMillion,
		@Nullable Double cachedInputPerMillion) {

	public ModelPrice {
		requireValidRate("inputPerMillion", inputPerMillion);
		if (outputPerMillion != null) {
			requireValidRate("outputPerMillion", outputPerMillion);
		}
		if (cachedInputPerMillion != null) {
			requireValidRate("cachedInputPerMillion", cachedInputPerMillion);
		}
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
	 * Return the price applied to a million cached input tokens.
	 * @return the cached-input price, or the input price when there is none
	 */
	public double effectiveCachedInputPerMillion() {
		return (this.cachedInputPerMillion != null) ? this.cachedInputPerMillion : this.inputPerMillion;
	}

	private static void requireValidRate(String name, double rate) {
		if (!Double.isFinite(rate) || rate < 0) {
			throw new IllegalArgumentException(name + " must be a finite, non-negative number but was " + rate);
		}
	}

}
