/**
 * Auto-configuration of model-call tracing, pricing and the {@code ai.*} meters, and the
 * {@code ai-infra.pricing.*} properties.
 */
@NullMarked
package ai.infra.autoconfigure.llm;

import org.jspecify.annotations.NullMarked;
