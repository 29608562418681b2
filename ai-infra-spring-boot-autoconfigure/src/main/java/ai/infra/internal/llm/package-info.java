/**
 * Not API. Model-call instrumentation: every {@code ChatModel} round trip becomes one
 * {@code llm.generate} span, priced once, with its tokens, meters and, on request, its
 * content.
 */
@NullMarked
package ai.infra.internal.llm;

import org.jspecify.annotations.NullMarked;
