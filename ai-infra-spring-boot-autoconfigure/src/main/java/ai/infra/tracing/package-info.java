/**
 * The tracing API users write: {@link ai.infra.tracing.AiTracer} and {@link
 * ai.infra.tracing.AiSpan} for spans of their own, {@link ai.infra.tracing.AiTracing}
 * outside Spring, {@link ai.infra.tracing.AiReactorTracing} for streams, {@link
 * ai.infra.tracing.AiTraceContext} across processes, and the {@link
 * ai.infra.tracing.AiSampler} hook.
 */
@NullMarked
package ai.infra.tracing;

import org.jspecify.annotations.NullMarked;
