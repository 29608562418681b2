/**
 * Not API. Trace and span ids in the MDC while a span is current, and the JSON console
 * log format.
 */
@NullMarked
package ai.infra.internal.logging;

import org.jspecify.annotations.NullMarked;
