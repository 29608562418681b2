/**
 * The tool API users write: {@link ai.infra.tool.AiTool @AiTool} methods and the {@link
 * ai.infra.tool.AiToolRegistry} that offers them.
 */
@NullMarked
package ai.infra.tool;

import org.jspecify.annotations.NullMarked;
