/**
 * Budgets users catch: a model call that a per-run or per-tenant budget does not allow
 * fails with {@link ai.infra.budget.AiBudgetExceededException} before any request leaves
 * the process, and with {@link ai.infra.budget.AiBudgetUnavailableException} when the
 * shared spend store is unreachable and the application chose to deny calls meanwhile.
 */
@NullMarked
package ai.infra.budget;

import org.jspecify.annotations.NullMarked;
