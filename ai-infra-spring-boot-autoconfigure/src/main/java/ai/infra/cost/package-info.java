/**
 * The price table users can supply or extend: US dollars per million tokens by provider
 * and model, with the bundled table's date and source.
 */
@NullMarked
package ai.infra.cost;

import org.jspecify.annotations.NullMarked;
