/**
 * The per-request opt-out from model-call tracing, {@link ai.infra.llm.LlmTracing}.
 */
@NullMarked
package ai.infra.llm;

import org.jspecify.annotations.NullMarked;
