package ai.infra.autoconfigure.budget;

import ai.infra.internal.budget.BudgetReport;
import ai.infra.internal.budget.Budgets;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * The read-only {@code aibudget} actuator endpoint: the budgets in force and, per tenant,
 * the current window, its spend, limit and what remains.
 */
@Endpoint(id = "aibudget")
class AiBudgetEndpoint {

	private final Budgets budgets;

	AiBudgetEndpoint(Budgets budgets) {
		this.budgets = budgets;
	}

	@ReadOperation
	public BudgetReport budgets() {
		return this.budgets.report();
	}

}
