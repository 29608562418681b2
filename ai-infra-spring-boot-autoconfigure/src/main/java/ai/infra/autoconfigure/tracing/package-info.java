/**
 * Auto-configuration of ai-infra's tracing on top of Boot's OpenTelemetry tracing: the
 * {@code ai-infra.tracing.*} properties, sampler, resource, propagators, span exporters,
 * and the failure analyzers that explain a bad setting.
 */
@NullMarked
package ai.infra.autoconfigure.tracing;

import org.jspecify.annotations.NullMarked;
