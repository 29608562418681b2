/**
 * An OpenAI-compatible fake model server for tests and offline demos, speaking the Chat
 * Completions API over real HTTP so that the official OpenAI client can talk to it.
 */
@NullMarked
package ai.infra.test.openai;

import org.jspecify.annotations.NullMarked;
