/**
 * Not API. Turns {@code ai-infra.tracing.sample-rate} or a user's {@code AiSampler} into
 * the OpenTelemetry sampler Boot's tracer provider uses, and keeps, with the
 * {@code ai-infra.tracing.keep.*} rules, the whole local traces that the head decision
 * would drop but that failed, were slow or costly, or hit a budget.
 */
@NullMarked
package ai.infra.internal.sampling;

import org.jspecify.annotations.NullMarked;
