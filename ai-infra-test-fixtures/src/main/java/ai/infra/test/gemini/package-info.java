/**
 * A fake Gemini model server for tests, speaking the Gemini API's
 * {@code generateContent} and {@code streamGenerateContent} over real HTTP so that the
 * official Google GenAI Java client, under Spring AI's Google GenAI model, can talk to it.
 */
@NullMarked
package ai.infra.test.gemini;

import org.jspecify.annotations.NullMarked;
