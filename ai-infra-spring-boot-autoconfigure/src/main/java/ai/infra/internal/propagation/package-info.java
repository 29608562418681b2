/**
 * Not API. Carries the OpenTelemetry context across Reactor and Micrometer's context
 * propagation, and copies baggage entries onto spans.
 */
@NullMarked
package ai.infra.internal.propagation;

import org.jspecify.annotations.NullMarked;
