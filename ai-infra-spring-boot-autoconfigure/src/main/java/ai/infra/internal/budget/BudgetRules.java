package ai.infra.internal.budget;

import java.time.Duration;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The budgets an application configured, already checked: every limit in US dollars is
 * finite and not negative, the window is positive and the key is not blank.
 *
 * @param perRun the limit of one agent run or tool loop, or {@code null} for none
 * @param key the baggage key whose value (the tenant) a window budget applies to
 * @param window the length of a window
 * @param defaultLimit the limit of a tenant without one of its own, or {@code null}
 * @param limits the limits of single tenants
 * @param block whether a tenant that has spent its limit is refused, not only warned
 * about
 */
public record BudgetRules(@Nullable Double perRun, String key, Duration window, @Nullable Double defaultLimit,
		Map<String, Double> limits, boolean block) {

	/**
	 * Create the rules, keeping a copy of the limits.
	 */
	public BudgetRules {
		limits = Map.copyOf(limits);
	}

	/**
	 * Return whether any tenant has a limit.
	 * @return whether window budgets apply at all
	 */
	boolean hasTenantBudgets() {
		return this.defaultLimit != null || !this.limits.isEmpty();
	}

	/**
	 * Return the limit of a tenant.
	 * @param tenant the value of the budget key
	 * @return its limit in US dollars, or {@code null} when it has none
	 */
	@Nullable Double limitOf(String tenant) {
		Double limit = this.limits.get(tenant);
		return (limit != null) ? limit : this.defaultLimit;
	}

}
