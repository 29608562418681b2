package ai.infra.test.gemini;

import java.net.http.HttpResponse;
import java.util.List;

import ai.infra.test.model.HttpExchanges;
import ai.infra.test.model.HttpExchanges.Event;
import ai.infra.test.model.RecordedRequest;
import ai.infra.test.model.ScriptedResponse;
import ai.infra.test.model.ScriptedToolCall;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link FakeGeminiServer}, over real HTTP.
 */
class FakeGeminiServerTests {

	private static final FakeGeminiServer server = FakeGeminiServer.start();

	@AfterAll
	static void stopServer() {
		server.close();
	}

	@BeforeEach
	void resetServer() {
		server.reset();
	}

	@Test
	void shouldAnswerGenerateContentWithUsageMetadataIncludingCachedAndThinkingTokens() throws Exception {
		server.enqueue(ScriptedResponse.text("Hello", 1000, 200).withCacheReadTokens(400).withThinkingTokens(50));
		HttpResponse<String> response = post("gemini-2.5-flash:generateContent", contents("Hi"));
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode body = HttpExchanges.json(response.body());
		JsonNode candidate = body.path("candidates").get(0);
		assertThat(candidate.path("content").path("role").stringValue()).isEqualTo("model");
		assertThat(candidate.path("content").path("parts").get(0).path("text").stringValue()).isEqualTo("Hello");
		assertThat(candidate.path("finishReason").stringValue()).isEqualTo("STOP");
		assertThat(body.path("modelVersion").stringValue()).isEqualTo("gemini-2.5-flash");
		assertThat(body.path("responseId").stringValue()).isNotEmpty();
		JsonNode usage = body.path("usageMetadata");
		assertThat(usage.path("promptTokenCount").asInt()).isEqualTo(1000);
		assertThat(usage.path("cachedContentTokenCount").asInt()).isEqualTo(400);
		assertThat(usage.path("candidatesTokenCount").asInt()).isEqualTo(200);
		assertThat(usage.path("thoughtsTokenCount").asInt()).isEqualTo(50);
		assertThat(usage.path("totalTokenCount").asInt()).isEqualTo(1250);
	}

	@Test
	void shouldStreamChunksWithCompleteUsageOnTheLast() throws Exception {
		server.responseModel("gemini-2.5-flash-preview-09-2025");
		server.enqueue(ScriptedResponse.text("The sky is blue", 20, 4).withThinkingTokens(3));
		HttpResponse<String> response = post("gemini-2.5-flash:streamGenerateContent?alt=sse", contents("Sky?"));
		assertThat(response.headers().firstValue("content-type")).hasValue("text/event-stream");
		List<Event> events = HttpExchanges.events(response.body());
		assertThat(events).hasSizeGreaterThan(1).allSatisfy((event) -> {
			assertThat(event.name()).isNull();
			assertThat(event.data().path("modelVersion").stringValue()).isEqualTo("gemini-2.5-flash-preview-09-2025");
			assertThat(event.data().path("usageMetadata").path("promptTokenCount").asInt()).isEqualTo(20);
		});
		StringBuilder text = new StringBuilder();
		events.forEach((event) -> text
			.append(event.data().path("candidates").get(0).path("content").path("parts").get(0).path("text").stringValue()));
		assertThat(text).hasToString("The sky is blue");
		JsonNode first = events.get(0).data();
		assertThat(first.path("candidates").get(0).has("finishReason")).isFalse();
		assertThat(first.path("usageMetadata").has("candidatesTokenCount")).isFalse();
		JsonNode last = events.get(events.size() - 1).data();
		assertThat(last.path("candidates").get(0).path("finishReason").stringValue()).isEqualTo("STOP");
		assertThat(last.path("usageMetadata").path("candidatesTokenCount").asInt()).isEqualTo(4);
		assertThat(last.path("usageMetadata").path("thoughtsTokenCount").asInt()).isEqualTo(3);
		assertThat(last.path("usageMetadata").path("totalTokenCount").asInt()).isEqualTo(27);
		RecordedRequest request = server.lastRequest();
		assertThat(request.stream()).isTrue();
		assertThat(request.query()).isEqualTo("alt=sse");
		assertThat(request.model()).isEqualTo("gemini-2.5-flash");
	}

	@Test
	void shouldAnswerFunctionCallsAndQuoteFunctionResponsesByDefault() throws Exception {
		server.enqueue(ScriptedResponse.toolCalls(ScriptedToolCall.of("getWeather", "{\"city\":\"Paris\"}")));
		JsonNode body = HttpExchanges.json(post("gemini-2.5-flash:generateContent", contents("Weather?")).body());
		JsonNode call = body.path("candidates").get(0).path("content").path("parts").get(0).path("functionCall");
		assertThat(call.path("name").stringValue()).isEqualTo("getWeather");
		assertThat(call.path("args").path("city").stringValue()).isEqualTo("Paris");
		assertThat(call.has("id")).isFalse();
		String conversation = """
				{"contents": [{"role": "user", "parts": [{"text": "Weather?"}]},
				 {"role": "model", "parts": [{"functionCall": {"name": "getWeather", "args": {"city": "Paris"}}}]},
				 {"role": "user", "parts": [{"functionResponse": {"name": "getWeather",
				  "response": {"result": "Sunny"}}}]}],
				 "tools": [{"functionDeclarations": [{"name": "getWeather", "description": "Weather"}]}]}""";
		body = HttpExchanges.json(post("gemini-2.5-flash:generateContent", conversation).body());
		assertThat(body.path("candidates").get(0).path("content").path("parts").get(0).path("text").stringValue())
			.isEqualTo("Tool results: getWeather returned {\"result\":\"Sunny\"}.");
		RecordedRequest request = server.lastRequest();
		assertThat(request.toolNames()).containsExactly("getWeather");
		assertThat(request.lastUserText()).isEqualTo("Weather?");
	}

	@Test
	void shouldAnswerErrorStatusWithGoogleErrorBody() throws Exception {
		server.enqueue(ScriptedResponse.error(429, "Resource has been exhausted"));
		HttpResponse<String> response = post("gemini-2.5-flash:generateContent", contents("Hi"));
		assertThat(response.statusCode()).isEqualTo(429);
		JsonNode error = HttpExchanges.json(response.body()).path("error");
		assertThat(error.path("code").asInt()).isEqualTo(429);
		assertThat(error.path("status").stringValue()).isEqualTo("RESOURCE_EXHAUSTED");
		assertThat(error.path("message").stringValue()).isEqualTo("Resource has been exhausted");
	}

	@Test
	void shouldAnswerUnknownMethodWithNotFound() throws Exception {
		HttpResponse<String> response = post("gemini-2.5-flash:countTokens", contents("Hi"));
		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(HttpExchanges.json(response.body()).path("error").path("status").stringValue())
			.isEqualTo("NOT_FOUND");
	}

	private static HttpResponse<String> post(String method, String body) throws Exception {
		return HttpExchanges.post(server.baseUrl() + "/v1beta/models/" + method, body, "x-goog-api-key", "test");
	}

	private static String contents(String userText) {
		return """
				{"contents": [{"role": "user", "parts": [{"text": "%s"}]}],
				 "systemInstruction": {"parts": [{"text": "Be brief."}]}}""".formatted(userText);
	}

}
