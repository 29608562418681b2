package ai.infra.autoconfigure.budget;

import java.time.Duration;
import java.util.Map;

import ai.infra.autoconfigure.InvalidAiInfraPropertyException;
import org.jspecify.annotations.Nullable;

/**
 * Checks the values of {@link AiInfraBudgetProperties} as they are bound, so that a bad
 * one stops start-up naming the property, where it was set and a valid example.
 */
final class BudgetLimits {

	private BudgetLimits() {
	}

	static void requireAmount(String property, @Nullable Double usd, String example) {
		if (usd != null && !(Double.isFinite(usd) && usd >= 0)) {
			throw new InvalidAiInfraPropertyException(property, usd,
					"a budget is an amount in US dollars and cannot be negative", property + "=" + example);
		}
	}

	static void requireAmounts(String property, Map<String, Double> limits) {
		limits.forEach((tenant, usd) -> requireAmount(property + "." + tenant, usd, "25"));
	}

	static void requireWindow(String property, Duration window) {
		if (window.isZero() || window.isNegative()) {
			throw new InvalidAiInfraPropertyException(property, window, "a budget window must be positive",
					property + "=24h");
		}
	}

	static void requireKey(String property, @Nullable String key) {
		if (key == null || key.isBlank()) {
			throw new InvalidAiInfraPropertyException(property, (key != null) ? key : "",
					"the budget key names the baggage entry that holds the tenant and cannot be blank",
					property + "=tenant.id");
		}
	}

}
