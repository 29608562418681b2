/**
 * Not API. Tool-call instrumentation: every tool execution, by the model or directly
 * from Java, becomes one {@code tool.<name>} span with redacted arguments and its
 * meters.
 */
@NullMarked
package ai.infra.internal.tool;

import org.jspecify.annotations.NullMarked;
