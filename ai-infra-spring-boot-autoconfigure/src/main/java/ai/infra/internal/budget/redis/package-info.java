/**
 * The Redis spend store: one spend per tenant and window shared by every instance
 * through Spring Data Redis, with local spend kept while Redis is unreachable and added
 * once it is back.
 */
@NullMarked
package ai.infra.internal.budget.redis;

import org.jspecify.annotations.NullMarked;
