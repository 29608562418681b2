/**
 * Auto-configuration of budgets: per-run and per-tenant limits, the spend store and the
 * {@code aibudget} actuator endpoint.
 */
@NullMarked
package ai.infra.autoconfigure.budget;

import org.jspecify.annotations.NullMarked;
