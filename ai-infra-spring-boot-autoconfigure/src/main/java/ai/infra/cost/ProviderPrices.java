package ai.infra.cost;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The priced models of one provider of a price table, split into names matched exactly
 * and the other rules, which are tried in table order.
 *
 * @param id the normalized provider id
 * @param exact the prices by lower-case model name from {@code equals} rules
 * @param patterns the remaining rules in table order
 */
record ProviderPrices(String id, Map<String, ModelPrice> exact, List<PatternPrice> patterns) {

	/**
	 * Find the price of a model by exact name.
	 * @param model the lower-case model name
	 * @return the price or {@code null}
	 */
	@Nullable ModelPrice findExact(String model) {
		return this.exact.get(model);
	}

	/**
	 * Find the price of a model by the first matching non-exact rule.
	 * @param model the lower-case model name
	 * @return the price or {@code null}
	 */
	@Nullable ModelPrice findByPattern(String model) {
		for (PatternPrice pattern : this.patterns) {
			if (pattern.rule().matches(model)) {
				return pattern.price();
			}
		}
		return null;
	}

	/**
	 * A non-exact rule and the price of the model it belongs to.
	 *
	 * @param rule the rule
	 * @param price the price
	 */
	record PatternPrice(MatchRule rule, ModelPrice price) {

	}

}
