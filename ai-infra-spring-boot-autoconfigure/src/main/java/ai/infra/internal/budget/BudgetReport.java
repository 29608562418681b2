package ai.infra.internal.budget;

import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The budgets in force and each tenant's spend in the current window, as the
 * {@code aibudget} actuator endpoint shows them.
 *
 * @param key the baggage key whose value a window budget applies to
 * @param window the window's length, as an ISO-8601 duration
 * @param action {@code warn} or {@code block}
 * @param store where spend lives
 * @param perRun the limit in US dollars of a run without a limit of its own, or
 * {@code null}
 * @param defaultLimit the limit in US dollars of a tenant without a limit of its own, or
 * {@code null}
 * @param tenants the tenants with a configured limit and those seen in this window
 */
public record BudgetReport(String key, String window, String action, String store, @Nullable Double perRun,
		@Nullable Double defaultLimit, Map<String, Tenant> tenants) {

	/**
	 * One tenant's budget in the current window.
	 *
	 * @param windowStart when the window began, ISO-8601
	 * @param windowEnd when it ends, ISO-8601
	 * @param spent what the tenant has spent in US dollars, or {@code null} when the
	 * store could not be read
	 * @param limit its limit in US dollars
	 * @param remaining what it can still spend in US dollars, never negative, or
	 * {@code null} when the spend is unknown
	 */
	public record Tenant(String windowStart, String windowEnd, @Nullable Double spent, double limit,
			@Nullable Double remaining) {

	}

}
