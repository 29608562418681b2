/**
 * Not API. Prices one model call from its tokens and the price table, and warns once per
 * model without a price.
 */
@NullMarked
package ai.infra.internal.cost;

import org.jspecify.annotations.NullMarked;
