/**
 * Not API. The {@code ai.*} Micrometer meters that model, tool and agent instrumentation
 * record, and the dropped-span counter.
 */
@NullMarked
package ai.infra.internal.metrics;

import org.jspecify.annotations.NullMarked;
