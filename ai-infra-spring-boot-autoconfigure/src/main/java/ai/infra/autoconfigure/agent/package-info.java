/**
 * Auto-configuration of the {@code AiAgent.Builder} bean.
 */
@NullMarked
package ai.infra.autoconfigure.agent;

import org.jspecify.annotations.NullMarked;
