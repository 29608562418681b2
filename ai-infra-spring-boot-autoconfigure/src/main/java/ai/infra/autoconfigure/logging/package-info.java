/**
 * Auto-configuration of trace ids in the MDC and of ai-infra's JSON console format, and
 * the {@code ai-infra.logging.*} properties.
 */
@NullMarked
package ai.infra.autoconfigure.logging;

import org.jspecify.annotations.NullMarked;
