/**
 * A fake Ollama server for tests, speaking Ollama's chat and embed API over real HTTP so
 * that Spring AI's Ollama client can talk to it.
 */
@NullMarked
package ai.infra.test.ollama;

import org.jspecify.annotations.NullMarked;
