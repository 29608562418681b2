package ai.infra.internal.budget;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The budget meters: {@code ai.budget.warnings} by level (80 or 100 % of a tenant's
 * limit crossed) and {@code ai.budget.blocked} (model calls a tenant's budget refused).
 * All three counters are registered up front, so that an alert on their increase has a
 * series to look at before the first warning.
 */
public final class BudgetMeters {

	private final Counter warnings80;

	private final Counter warnings100;

	private final Counter blocked;

	/**
	 * Create the meters in the given registry.
	 * @param registry where meters are registered
	 */
	public BudgetMeters(MeterRegistry registry) {
		this.warnings80 = warnings(registry, "80");
		this.warnings100 = warnings(registry, "100");
		this.blocked = Counter.builder("ai.budget.blocked")
			.description("Model calls refused because their tenant had spent its budget for the window")
			.register(registry);
	}

	private static Counter warnings(MeterRegistry registry, String level) {
		return Counter.builder("ai.budget.warnings")
			.description("Tenants whose spend crossed 80 or 100 percent of their budget for the window")
			.tag("level", level)
			.register(registry);
	}

	void warned(int level) {
		((level >= 100) ? this.warnings100 : this.warnings80).increment();
	}

	void blocked() {
		this.blocked.increment();
	}

}
