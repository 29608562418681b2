package ai.infra.internal.budget;

import java.time.Instant;

/**
 * The tenant budget a model call was admitted under, captured as the call started so
 * that its spend goes to that tenant and window whenever the call ends.
 *
 * @param tenant the value of the budget key
 * @param limit the tenant's limit in US dollars
 * @param windowStart the start of the window the call started in
 */
public record BudgetCharge(String tenant, double limit, Instant windowStart) {

}
