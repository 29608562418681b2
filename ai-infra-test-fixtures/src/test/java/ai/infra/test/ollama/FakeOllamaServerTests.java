package ai.infra.test.ollama;

import java.net.http.HttpResponse;
import java.util.List;

import ai.infra.test.model.HttpExchanges;
import ai.infra.test.model.ScriptedResponse;
import ai.infra.test.model.ScriptedToolCall;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link FakeOllamaServer}, over real HTTP.
 */
class FakeOllamaServerTests {

	private static final FakeOllamaServer server = FakeOllamaServer.start();

	@AfterAll
	static void stopServer() {
		server.close();
	}

	@BeforeEach
	void resetServer() {
		server.reset();
	}

	@Test
	void shouldAnswerChatWithEvalCounts() throws Exception {
		server.enqueue(ScriptedResponse.text("Hello", 26, 7));
		HttpResponse<String> response = post("/api/chat", chat(false, "Hi"));
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode body = HttpExchanges.json(response.body());
		assertThat(body.path("model").stringValue()).isEqualTo("llama3.2");
		assertThat(body.path("created_at").stringValue()).isNotEmpty();
		assertThat(body.path("message").path("role").stringValue()).isEqualTo("assistant");
		assertThat(body.path("message").path("content").stringValue()).isEqualTo("Hello");
		assertThat(body.path("done").booleanValue()).isTrue();
		assertThat(body.path("done_reason").stringValue()).isEqualTo("stop");
		assertThat(body.path("prompt_eval_count").asInt()).isEqualTo(26);
		assertThat(body.path("eval_count").asInt()).isEqualTo(7);
	}

	@Test
	void shouldStreamNewlineDelimitedJsonWithCountsOnTheDoneObject() throws Exception {
		server.enqueue(ScriptedResponse.text("The sky is blue", 20, 4));
		HttpResponse<String> response = post("/api/chat", chat(true, "Sky?"));
		assertThat(response.headers().firstValue("content-type")).hasValue("application/x-ndjson");
		List<JsonNode> chunks = response.body().lines().map(HttpExchanges::json).toList();
		assertThat(chunks).hasSizeGreaterThan(2);
		StringBuilder text = new StringBuilder();
		for (JsonNode chunk : chunks.subList(0, chunks.size() - 1)) {
			assertThat(chunk.path("done").booleanValue()).isFalse();
			assertThat(chunk.has("eval_count")).isFalse();
			text.append(chunk.path("message").path("content").stringValue());
		}
		assertThat(text).hasToString("The sky is blue");
		JsonNode done = chunks.get(chunks.size() - 1);
		assertThat(done.path("done").booleanValue()).isTrue();
		assertThat(done.path("prompt_eval_count").asInt()).isEqualTo(20);
		assertThat(done.path("eval_count").asInt()).isEqualTo(4);
		assertThat(server.lastRequest().stream()).isTrue();
	}

	@Test
	void shouldStreamWhenTheRequestDoesNotSayOtherwise() throws Exception {
		post("/api/chat", """
				{"model": "llama3.2", "messages": [{"role": "user", "content": "Hi"}]}""");
		assertThat(server.lastRequest().stream()).isTrue();
	}

	@Test
	void shouldAnswerToolCallsAndQuoteToolMessagesByDefault() throws Exception {
		server.enqueue(ScriptedResponse.toolCalls(ScriptedToolCall.of("getWeather", "{\"city\":\"Paris\"}")));
		JsonNode body = HttpExchanges.json(post("/api/chat", chat(false, "Weather?")).body());
		JsonNode call = body.path("message").path("tool_calls").get(0);
		assertThat(call.path("id").stringValue()).startsWith("call_");
		assertThat(call.path("function").path("name").stringValue()).isEqualTo("getWeather");
		assertThat(call.path("function").path("arguments").path("city").stringValue()).isEqualTo("Paris");
		String conversation = """
				{"model": "llama3.2", "stream": false, "messages": [{"role": "user", "content": "Weather?"},
				 {"role": "assistant", "content": "", "tool_calls": [{"function": {"name": "getWeather",
				  "arguments": {"city": "Paris"}}}]},
				 {"role": "tool", "content": "Sunny", "tool_name": "getWeather"}],
				 "tools": [{"type": "function", "function": {"name": "getWeather", "parameters": {}}}]}""";
		body = HttpExchanges.json(post("/api/chat", conversation).body());
		assertThat(body.path("message").path("content").stringValue())
			.isEqualTo("Tool results: getWeather returned Sunny.");
		assertThat(server.lastRequest().toolNames()).containsExactly("getWeather");
	}

	@Test
	void shouldAnswerEmbedWithVectorsOfTheConfiguredDimensions() throws Exception {
		server.embeddingDimensions(4);
		HttpResponse<String> response = post("/api/embed", """
				{"model": "nomic-embed-text", "input": ["one", "two"]}""");
		JsonNode body = HttpExchanges.json(response.body());
		assertThat(body.path("model").stringValue()).isEqualTo("nomic-embed-text");
		assertThat(body.path("embeddings")).hasSize(2)
			.allSatisfy((vector) -> assertThat(vector).hasSize(4));
		assertThat(body.path("embeddings").get(0)).isNotEqualTo(body.path("embeddings").get(1));
		assertThat(body.path("prompt_eval_count").asInt()).isPositive();
		assertThat(server.lastRequest().lastUserText()).isEqualTo("one\ntwo");
	}

	@Test
	void shouldAnswerErrorStatusWithOllamaErrorBody() throws Exception {
		server.enqueue(ScriptedResponse.error(404, "model \"llama9\" not found, try pulling it first"));
		HttpResponse<String> response = post("/api/chat", chat(true, "Hi"));
		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(HttpExchanges.json(response.body()).path("error").stringValue()).contains("not found");
	}

	private static HttpResponse<String> post(String path, String body) throws Exception {
		return HttpExchanges.post(server.baseUrl() + path, body);
	}

	private static String chat(boolean stream, String userText) {
		return """
				{"model": "llama3.2", "stream": %s, "messages": [{"role": "system", "content": "Be brief."},
				 {"role": "user", "content": "%s"}]}""".formatted(stream, userText);
	}

}
