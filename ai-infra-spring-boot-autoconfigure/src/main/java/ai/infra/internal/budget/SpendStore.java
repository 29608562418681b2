package ai.infra.internal.budget;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Where the spend of each budget key value (tenant) per window lives. Amounts are whole
 * picodollars, as {@code ai.infra.internal.cost.Dollars} counts them, so that sums are exact
 * and a shared store can add them atomically.
 */
public interface SpendStore {

	/**
	 * Return what a tenant has spent in a window.
	 * @param tenant the value of the budget key
	 * @param windowStart the start of the window
	 * @return the spend in picodollars, 0 when nothing was recorded
	 * @throws SpendStoreUnavailableException when the store cannot be reached and calls
	 * are to be denied meanwhile
	 */
	long spent(String tenant, Instant windowStart);

	/**
	 * Add spend to a tenant's window, atomically with every other instance sharing the
	 * store. The spend is kept at least as long as the window lasts. Never throws: spend
	 * that cannot be stored now is kept and added later.
	 * @param tenant the value of the budget key
	 * @param windowStart the start of the window
	 * @param window the length of the window
	 * @param picos the spend to add in picodollars
	 * @return the tenant's spend in the window after the addition, as far as it is known
	 */
	long add(String tenant, Instant windowStart, Duration window, long picos);

	/**
	 * Return what every tenant this store knows of has spent in a window, for the
	 * {@code aibudget} endpoint. A store that cannot list its tenants returns an empty
	 * map; the endpoint then shows only the tenants with a configured limit.
	 * @param windowStart the start of the window
	 * @return the spend in picodollars per tenant
	 * @throws SpendStoreUnavailableException when the store cannot be reached
	 */
	default Map<String, Long> spentInWindow(Instant windowStart) {
		return Map.of();
	}

}
