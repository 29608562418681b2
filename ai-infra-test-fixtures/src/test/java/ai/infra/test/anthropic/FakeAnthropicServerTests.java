package ai.infra.test.anthropic;

import java.net.http.HttpResponse;
import java.time.Duration;
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
 * Tests for {@link FakeAnthropicServer}, over real HTTP.
 */
class FakeAnthropicServerTests {

	private static final FakeAnthropicServer server = FakeAnthropicServer.start();

	private static final String WEATHER_TOOL = """
			{"name": "getWeather", "description": "Weather of a city",
			 "input_schema": {"type": "object", "properties": {"city": {"type": "string"}}}}""";

	@AfterAll
	static void stopServer() {
		server.close();
	}

	@BeforeEach
	void resetServer() {
		server.reset();
	}

	@Test
	void shouldBindLoopback() {
		assertThat(server.baseUrl()).isEqualTo("http://127.0.0.1:" + server.port());
	}

	@Test
	void shouldAnswerMessageWithUsageIncludingCacheReadsAndWrites() throws Exception {
		server.enqueue(ScriptedResponse.text("Hello", 1000, 200).withCacheReadTokens(3000).withCacheWriteTokens(500));
		HttpResponse<String> response = post(messages(false, "Hi"));
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("request-id")).hasValueSatisfying(
				(id) -> assertThat(id).startsWith("req_"));
		JsonNode message = HttpExchanges.json(response.body());
		assertThat(message.path("id").stringValue()).startsWith("msg_");
		assertThat(message.path("type").stringValue()).isEqualTo("message");
		assertThat(message.path("role").stringValue()).isEqualTo("assistant");
		assertThat(message.path("model").stringValue()).isEqualTo("claude-sonnet-4-0");
		assertThat(message.path("content")).hasSize(1);
		assertThat(message.path("content").get(0).path("type").stringValue()).isEqualTo("text");
		assertThat(message.path("content").get(0).path("text").stringValue()).isEqualTo("Hello");
		assertThat(message.path("stop_reason").stringValue()).isEqualTo("end_turn");
		JsonNode usage = message.path("usage");
		assertThat(usage.path("input_tokens").asInt()).isEqualTo(1000);
		assertThat(usage.path("cache_read_input_tokens").asInt()).isEqualTo(3000);
		assertThat(usage.path("cache_creation_input_tokens").asInt()).isEqualTo(500);
		assertThat(usage.path("output_tokens").asInt()).isEqualTo(200);
	}

	@Test
	void shouldStreamEventsWithInputUsageAtStartAndCumulativeUsageInMessageDelta() throws Exception {
		server.responseModel("claude-sonnet-4-20250514");
		server.enqueue(ScriptedResponse.text("The sky is blue", 1000, 200)
			.withCacheReadTokens(3000)
			.withCacheWriteTokens(500)
			.withChunkDelay(Duration.ofMillis(1)));
		HttpResponse<String> response = post(messages(true, "Colour of the sky?"));
		assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("text/event-stream"));
		List<Event> events = HttpExchanges.events(response.body());
		assertThat(events).allSatisfy((event) -> assertThat(event.data().path("type").stringValue())
			.isEqualTo(event.name()));
		assertThat(events).extracting(Event::name)
			.startsWith("message_start", "content_block_start", "ping", "content_block_delta")
			.endsWith("content_block_delta", "content_block_stop", "message_delta", "message_stop");
		JsonNode start = events.get(0).data().path("message");
		assertThat(start.path("model").stringValue()).isEqualTo("claude-sonnet-4-20250514");
		assertThat(start.path("usage").path("input_tokens").asInt()).isEqualTo(1000);
		assertThat(start.path("usage").path("cache_read_input_tokens").asInt()).isEqualTo(3000);
		assertThat(start.path("usage").path("cache_creation_input_tokens").asInt()).isEqualTo(500);
		StringBuilder text = new StringBuilder();
		events.stream()
			.filter((event) -> "content_block_delta".equals(event.name()))
			.forEach((event) -> text.append(event.data().path("delta").path("text").stringValue()));
		assertThat(text).hasToString("The sky is blue");
		JsonNode delta = events.get(events.size() - 2).data();
		assertThat(delta.path("delta").path("stop_reason").stringValue()).isEqualTo("end_turn");
		assertThat(delta.path("usage").path("output_tokens").asInt()).isEqualTo(200);
		assertThat(delta.path("usage").path("input_tokens").asInt()).isEqualTo(1000);
		assertThat(delta.path("usage").path("cache_read_input_tokens").asInt()).isEqualTo(3000);
		assertThat(delta.path("usage").path("cache_creation_input_tokens").asInt()).isEqualTo(500);
	}

	@Test
	void shouldAnswerToolUseBlocksPlainAndStreamed() throws Exception {
		ScriptedResponse toolUse = ScriptedResponse
			.toolCalls(ScriptedToolCall.of("toolu_1", "getWeather", "{\"city\":\"Paris\"}"));
		server.enqueue(toolUse, toolUse);
		JsonNode message = HttpExchanges.json(post(messages(false, "Weather?")).body());
		assertThat(message.path("stop_reason").stringValue()).isEqualTo("tool_use");
		JsonNode block = message.path("content").get(0);
		assertThat(block.path("type").stringValue()).isEqualTo("tool_use");
		assertThat(block.path("id").stringValue()).isEqualTo("toolu_1");
		assertThat(block.path("name").stringValue()).isEqualTo("getWeather");
		assertThat(block.path("input").path("city").stringValue()).isEqualTo("Paris");
		List<Event> events = HttpExchanges.events(post(messages(true, "Weather?")).body());
		JsonNode started = events.get(1).data().path("content_block");
		assertThat(started.path("type").stringValue()).isEqualTo("tool_use");
		assertThat(started.path("input").isEmpty()).isTrue();
		StringBuilder json = new StringBuilder();
		events.stream()
			.filter((event) -> "content_block_delta".equals(event.name()))
			.forEach((event) -> {
				assertThat(event.data().path("delta").path("type").stringValue()).isEqualTo("input_json_delta");
				json.append(event.data().path("delta").path("partial_json").stringValue());
			});
		assertThat(json).hasToString("{\"city\":\"Paris\"}");
		assertThat(events.get(events.size() - 2).data().path("delta").path("stop_reason").stringValue())
			.isEqualTo("tool_use");
	}

	@Test
	void shouldAnswerErrorStatusWithAnthropicErrorBody() throws Exception {
		server.enqueue(ScriptedResponse.error(429, "Number of requests has exceeded your rate limit"),
				ScriptedResponse.error(529, "Overloaded"));
		HttpResponse<String> response = post(messages(false, "Hi"));
		assertThat(response.statusCode()).isEqualTo(429);
		assertThat(response.headers().firstValue("retry-after")).hasValue("1");
		JsonNode body = HttpExchanges.json(response.body());
		assertThat(body.path("type").stringValue()).isEqualTo("error");
		assertThat(body.path("error").path("type").stringValue()).isEqualTo("rate_limit_error");
		assertThat(body.path("error").path("message").stringValue()).contains("rate limit");
		response = post(messages(true, "Hi"));
		assertThat(response.statusCode()).isEqualTo(529);
		assertThat(HttpExchanges.json(response.body()).path("error").path("type").stringValue())
			.isEqualTo("overloaded_error");
	}

	@Test
	void shouldRecordRequestAndQuoteToolResultsByDefault() throws Exception {
		String conversation = """
				{"model": "claude-sonnet-4-0", "max_tokens": 100, "tools": [%s], "messages": [
				 {"role": "user", "content": "Weather in Paris?"},
				 {"role": "assistant", "content": [{"type": "tool_use", "id": "toolu_9", "name": "getWeather",
				  "input": {"city": "Paris"}}]},
				 {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "toolu_9",
				  "content": "Sunny"}]}]}""".formatted(WEATHER_TOOL);
		JsonNode message = HttpExchanges.json(HttpExchanges
			.post(server.baseUrl() + "/v1/messages", conversation, "x-api-key", "sk-ant-test")
			.body());
		assertThat(message.path("content").get(0).path("text").stringValue())
			.isEqualTo("Tool results: getWeather returned Sunny.");
		RecordedRequest request = server.lastRequest();
		assertThat(request.header("X-Api-Key")).isEqualTo("sk-ant-test");
		assertThat(request.model()).isEqualTo("claude-sonnet-4-0");
		assertThat(request.stream()).isFalse();
		assertThat(request.lastUserText()).isEqualTo("Weather in Paris?");
		assertThat(request.toolNames()).containsExactly("getWeather");
		assertThat(request.toolResults()).containsExactly("getWeather returned Sunny");
	}

	@Test
	void shouldPreferQueueThenRulesThenResponderThenEcho() throws Exception {
		server.responder((request) -> request.lastUserText().equals("echo") ? null : ScriptedResponse.text("responder"));
		server.when((request) -> request.lastUserText().equals("rule"), ScriptedResponse.text("ruled"));
		server.enqueue(ScriptedResponse.text("queued"));
		assertThat(textOf(post(messages(false, "rule")))).isEqualTo("queued");
		assertThat(textOf(post(messages(false, "rule")))).isEqualTo("ruled");
		assertThat(textOf(post(messages(false, "other")))).isEqualTo("responder");
		assertThat(textOf(post(messages(false, "echo")))).isEqualTo("You said: echo");
		assertThat(server.requests()).hasSize(4);
		server.reset();
		assertThat(server.requests()).isEmpty();
		assertThat(textOf(post(messages(false, "rule")))).isEqualTo("You said: rule");
	}

	@Test
	void shouldAnswerUnknownPathWithNotFound() throws Exception {
		HttpResponse<String> response = HttpExchanges.post(server.baseUrl() + "/v1/complete", "{}");
		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(HttpExchanges.json(response.body()).path("error").path("type").stringValue())
			.isEqualTo("not_found_error");
	}

	private static HttpResponse<String> post(String body) throws Exception {
		return HttpExchanges.post(server.baseUrl() + "/v1/messages", body);
	}

	private static String messages(boolean stream, String userText) {
		return """
				{"model": "claude-sonnet-4-0", "max_tokens": 100, "stream": %s, "system": "Be brief.",
				 "messages": [{"role": "user", "content": [{"type": "text", "text": "%s"}]}]}"""
			.formatted(stream, userText);
	}

	private static String textOf(HttpResponse<String> response) {
		return HttpExchanges.json(response.body()).path("content").get(0).path("text").stringValue();
	}

}
