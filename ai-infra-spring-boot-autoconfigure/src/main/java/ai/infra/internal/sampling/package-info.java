/**
 * Not API. Turns {@code ai-infra.tracing.sample-rate} or a user's {@code AiSampler} into
 * the OpenTelemetry sampler Boot's tracer provider uses.
 */
@NullMarked
package ai.infra.internal.sampling;

import org.jspecify.annotations.NullMarked;
