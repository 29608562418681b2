/**
 * Budget enforcement: what each tenant and run has spent, where that spend lives (this
 * instance's memory or a store shared by every instance), and the check made before a
 * model call leaves the process.
 */
@NullMarked
package ai.infra.internal.budget;

import org.jspecify.annotations.NullMarked;
