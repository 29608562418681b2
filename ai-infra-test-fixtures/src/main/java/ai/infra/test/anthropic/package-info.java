/**
 * A fake Anthropic model server for tests, speaking the Messages API over real HTTP so
 * that the official Anthropic Java client, under Spring AI's Anthropic model, can talk
 * to it.
 */
@NullMarked
package ai.infra.test.anthropic;

import org.jspecify.annotations.NullMarked;
