/**
 * A runnable application that shows every ai-infra feature, offline against a built-in
 * fake model.
 */
@NullMarked
package ai.infra.sample;

import org.jspecify.annotations.NullMarked;
