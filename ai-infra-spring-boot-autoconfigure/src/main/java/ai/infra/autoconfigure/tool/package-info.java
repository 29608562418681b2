/**
 * Auto-configuration of the {@code @AiTool} registry and of tool-call tracing.
 */
@NullMarked
package ai.infra.autoconfigure.tool;

import org.jspecify.annotations.NullMarked;
