package ai.infra.test.openai;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link FakeOpenAiServer}, over real HTTP.
 */
class FakeOpenAiServerTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String WEATHER_TOOL = """
			{"type": "function", "function": {"name": "getWeather", "description": "Current weather of a city",
			 "parameters": {"type": "object", "properties": {"city": {"type": "string"},
			 "unit": {"type": "string", "enum": ["celsius", "fahrenheit"]}}, "required": ["city"]}}}""";

	private static final String TIME_TOOL = """
			{"type": "function", "function": {"name": "currentTime",
			 "parameters": {"type": "object", "properties": {"zone": {"type": "string"}}}}}""";

	private static FakeOpenAiServer server;

	private static HttpClient client;

	@BeforeAll
	static void startServer() {
		server = FakeOpenAiServer.start();
		client = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(5))
			.build();
	}

	@AfterAll
	static void stopServer() {
		server.close();
	}

	@BeforeEach
	void resetServer() {
		server.reset();
	}

	@Test
	void shouldBindLoopbackAndReportUrls() {
		assertThat(server.port()).isPositive();
		assertThat(server.baseUrl()).isEqualTo("http://127.0.0.1:" + server.port());
		assertThat(server.apiBaseUrl()).isEqualTo(server.baseUrl() + "/v1");
	}

	@Test
	void shouldAnswerCompletionWithUsage() throws Exception {
		server.enqueue(FakeResponse.text("Hello", 12, 3).withCachedTokens(4));
		HttpResponse<String> response = post("/v1/chat/completions", chatBody("gpt-4o-mini", false, "Hi"));
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
		JsonNode completion = JSON.readTree(response.body());
		assertThat(completion.path("id").stringValue()).startsWith("chatcmpl-");
		assertThat(completion.path("object").stringValue()).isEqualTo("chat.completion");
		assertThat(completion.path("created").asLong()).isPositive();
		assertThat(completion.path("model").stringValue()).isEqualTo("gpt-4o-mini");
		JsonNode choice = completion.path("choices").get(0);
		assertThat(choice.path("index").asInt()).isZero();
		assertThat(choice.path("message").path("role").stringValue()).isEqualTo("assistant");
		assertThat(choice.path("message").path("content").stringValue()).isEqualTo("Hello");
		assertThat(choice.path("message").has("tool_calls")).isFalse();
		assertThat(choice.path("finish_reason").stringValue()).isEqualTo("stop");
		JsonNode usage = completion.path("usage");
		assertThat(usage.path("prompt_tokens").asInt()).isEqualTo(12);
		assertThat(usage.path("completion_tokens").asInt()).isEqualTo(3);
		assertThat(usage.path("total_tokens").asInt()).isEqualTo(15);
		assertThat(usage.path("prompt_tokens_details").path("cached_tokens").asInt()).isEqualTo(4);
	}

	@Test
	void shouldServeChatCompletionsWithAndWithoutV1Prefix() throws Exception {
		assertThat(post("/v1/chat/completions", chatBody("gpt-4o", false, "one")).statusCode()).isEqualTo(200);
		assertThat(post("/chat/completions", chatBody("gpt-4o", false, "two")).statusCode()).isEqualTo(200);
		assertThat(server.requests()).extracting(FakeRequest::path)
			.containsExactly("/v1/chat/completions", "/chat/completions");
	}

	@Test
	void shouldReportConfiguredResponseModelInsteadOfRequestedOne() throws Exception {
		server.responseModel("gpt-4o-mini-2024-07-18");
		JsonNode completion = JSON.readTree(post("/v1/chat/completions", chatBody("gpt-4o-mini", false, "Hi")).body());
		assertThat(completion.path("model").stringValue()).isEqualTo("gpt-4o-mini-2024-07-18");
		server.enqueue(FakeResponse.text("Hi").withModel("gpt-4o-2024-08-06"));
		completion = JSON.readTree(post("/v1/chat/completions", chatBody("gpt-4o-mini", false, "Hi")).body());
		assertThat(completion.path("model").stringValue()).isEqualTo("gpt-4o-2024-08-06");
	}

	@Test
	void shouldStreamChunksAndFinalUsageChunk() throws Exception {
		server.enqueue(FakeResponse.text("The sky is blue", 20, 4));
		String body = chatBody("gpt-4o-mini", true, "Colour of the sky?").replace("\"stream\": true",
				"\"stream\": true, \"stream_options\": {\"include_usage\": true}");
		HttpResponse<String> response = post("/v1/chat/completions", body);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(
				(contentType) -> assertThat(contentType).startsWith("text/event-stream"));
		List<String> events = events(response.body());
		assertThat(events).last().isEqualTo("[DONE]");
		List<JsonNode> chunks = events.subList(0, events.size() - 1).stream().map(JSON::readTree).toList();
		assertThat(chunks).allSatisfy((chunk) -> {
			assertThat(chunk.path("object").stringValue()).isEqualTo("chat.completion.chunk");
			assertThat(chunk.path("id").stringValue()).isEqualTo(chunks.get(0).path("id").stringValue());
		});
		JsonNode first = chunks.get(0).path("choices").get(0);
		assertThat(first.path("delta").path("role").stringValue()).isEqualTo("assistant");
		assertThat(first.path("delta").path("content").stringValue()).isEmpty();
		List<JsonNode> contentChunks = chunks.subList(1, chunks.size() - 2);
		assertThat(contentChunks).hasSizeGreaterThan(1);
		StringBuilder content = new StringBuilder();
		contentChunks.forEach((chunk) -> {
			JsonNode choice = chunk.path("choices").get(0);
			assertThat(choice.path("finish_reason").isNull()).isTrue();
			content.append(choice.path("delta").path("content").stringValue());
		});
		assertThat(content).hasToString("The sky is blue");
		JsonNode finish = chunks.get(chunks.size() - 2);
		assertThat(finish.path("choices").get(0).path("finish_reason").stringValue()).isEqualTo("stop");
		assertThat(finish.path("choices").get(0).path("delta").isEmpty()).isTrue();
		assertThat(finish.path("usage").isNull()).isTrue();
		JsonNode usageChunk = chunks.get(chunks.size() - 1);
		assertThat(usageChunk.path("choices").isArray()).isTrue();
		assertThat(usageChunk.path("choices").isEmpty()).isTrue();
		assertThat(usageChunk.path("usage").path("prompt_tokens").asInt()).isEqualTo(20);
		assertThat(usageChunk.path("usage").path("completion_tokens").asInt()).isEqualTo(4);
		assertThat(usageChunk.path("usage").path("total_tokens").asInt()).isEqualTo(24);
	}

	@Test
	void shouldStreamWithoutUsageChunkWhenUsageNotRequested() throws Exception {
		server.enqueue(FakeResponse.text("Hello"));
		List<String> events = events(post("/v1/chat/completions", chatBody("gpt-4o-mini", true, "Hi")).body());
		assertThat(events).last().isEqualTo("[DONE]");
		List<JsonNode> chunks = events.subList(0, events.size() - 1).stream().map(JSON::readTree).toList();
		assertThat(chunks).allSatisfy((chunk) -> {
			assertThat(chunk.has("usage")).isFalse();
			assertThat(chunk.path("choices")).hasSize(1);
		});
		// a single word is still split, into "He" and "llo"
		assertThat(chunks).hasSize(4);
		assertThat(chunks.get(3).path("choices").get(0).path("finish_reason").stringValue()).isEqualTo("stop");
	}

	@Test
	void shouldAnswerWithTwoToolCallsInOneResponse() throws Exception {
		server.enqueue(FakeResponse.toolCalls(FakeToolCall.of("getWeather", "{\"city\":\"Paris\"}"),
				FakeToolCall.of("call_time", "currentTime", "{\"zone\":\"Europe/Paris\"}")));
		JsonNode completion = JSON.readTree(post("/v1/chat/completions", chatBody("gpt-4o", false, "Weather?")).body());
		JsonNode choice = completion.path("choices").get(0);
		assertThat(choice.path("finish_reason").stringValue()).isEqualTo("tool_calls");
		assertThat(choice.path("message").path("content").isNull()).isTrue();
		JsonNode toolCalls = choice.path("message").path("tool_calls");
		assertThat(toolCalls).hasSize(2);
		assertThat(toolCalls.get(0).path("id").stringValue()).startsWith("call_");
		assertThat(toolCalls.get(0).path("type").stringValue()).isEqualTo("function");
		assertThat(toolCalls.get(0).path("function").path("name").stringValue()).isEqualTo("getWeather");
		assertThat(toolCalls.get(0).path("function").path("arguments").stringValue())
			.isEqualTo("{\"city\":\"Paris\"}");
		assertThat(toolCalls.get(1).path("id").stringValue()).isEqualTo("call_time");
		assertThat(toolCalls.get(1).path("function").path("name").stringValue()).isEqualTo("currentTime");
		assertThat(completion.path("usage").path("completion_tokens").asInt()).isPositive();
	}

	@Test
	void shouldStreamToolCallDeltasThatReassembleToTheCalls() throws Exception {
		server.enqueue(FakeResponse.toolCalls(FakeToolCall.of("call_a", "getWeather", "{\"city\":\"Paris\"}"),
				FakeToolCall.of("call_b", "getWeather", "{\"city\":\"Rome\"}")));
		List<String> events = events(post("/v1/chat/completions", chatBody("gpt-4o", true, "Weather?")).body());
		assertThat(events).last().isEqualTo("[DONE]");
		Map<Integer, String> ids = new TreeMap<>();
		Map<Integer, String> names = new TreeMap<>();
		Map<Integer, StringBuilder> arguments = new TreeMap<>();
		String finishReason = null;
		for (String event : events.subList(0, events.size() - 1)) {
			JsonNode choice = JSON.readTree(event).path("choices").get(0);
			for (JsonNode toolCall : choice.path("delta").path("tool_calls").values()) {
				int index = toolCall.path("index").asInt();
				if (toolCall.has("id")) {
					ids.put(index, toolCall.path("id").stringValue());
					names.put(index, toolCall.path("function").path("name").stringValue());
				}
				arguments.computeIfAbsent(index, (key) -> new StringBuilder())
					.append(toolCall.path("function").path("arguments").stringValue());
			}
			if (!choice.path("finish_reason").isNull()) {
				finishReason = choice.path("finish_reason").stringValue();
			}
		}
		assertThat(ids).containsExactly(Map.entry(0, "call_a"), Map.entry(1, "call_b"));
		assertThat(names.values()).containsExactly("getWeather", "getWeather");
		assertThat(arguments.values()).extracting(StringBuilder::toString)
			.containsExactly("{\"city\":\"Paris\"}", "{\"city\":\"Rome\"}");
		assertThat(finishReason).isEqualTo("tool_calls");
	}

	@Test
	void shouldAnswerRateLimitWithRetryAfterAndErrorBody() throws Exception {
		server.enqueue(FakeResponse.error(429));
		HttpResponse<String> response = post("/v1/chat/completions", chatBody("gpt-4o", false, "Hi"));
		assertThat(response.statusCode()).isEqualTo(429);
		assertThat(response.headers().firstValue("retry-after")).hasValue("1");
		JsonNode error = JSON.readTree(response.body()).path("error");
		assertThat(error.path("message").stringValue()).contains("Rate limit");
		assertThat(error.path("type").stringValue()).isEqualTo("requests");
		assertThat(error.path("code").stringValue()).isEqualTo("rate_limit_exceeded");
		assertThat(error.has("param")).isTrue();
	}

	@Test
	void shouldSendRetryAfterMillisecondsWhenAsked() throws Exception {
		server.enqueue(FakeResponse.error(429).withRetryAfter(Duration.ofMillis(20)));
		HttpResponse<String> response = post("/v1/chat/completions", chatBody("gpt-4o", false, "Hi"));
		assertThat(response.headers().firstValue("retry-after")).hasValue("1");
		assertThat(response.headers().firstValue("retry-after-ms")).hasValue("20");
	}

	@Test
	void shouldAnswerServerErrorWithErrorBodyAlsoForStreamingRequests() throws Exception {
		server.enqueue(FakeResponse.error(500), FakeResponse.error(500, "boom"));
		HttpResponse<String> response = post("/v1/chat/completions", chatBody("gpt-4o", false, "Hi"));
		assertThat(response.statusCode()).isEqualTo(500);
		JsonNode error = JSON.readTree(response.body()).path("error");
		assertThat(error.path("type").stringValue()).isEqualTo("server_error");
		assertThat(error.path("message").stringValue()).isNotEmpty();
		assertThat(error.path("code").isNull()).isTrue();
		response = post("/v1/chat/completions", chatBody("gpt-4o", true, "Hi"));
		assertThat(response.statusCode()).isEqualTo(500);
		assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
		assertThat(JSON.readTree(response.body()).path("error").path("message").stringValue()).isEqualTo("boom");
		assertThat(response.headers().firstValue("retry-after")).isEmpty();
	}

	@Test
	void shouldDelayResponseBeyondClientTimeout() throws Exception {
		server.enqueue(FakeResponse.delayed(Duration.ofSeconds(2), FakeResponse.text("late")));
		HttpRequest request = HttpRequest.newBuilder(URI.create(server.baseUrl() + "/v1/chat/completions"))
			.timeout(Duration.ofMillis(200))
			.POST(HttpRequest.BodyPublishers.ofString(chatBody("gpt-4o", false, "Hi")))
			.build();
		assertThatExceptionOfType(HttpTimeoutException.class)
			.isThrownBy(() -> client.send(request, HttpResponse.BodyHandlers.ofString()));
	}

	@Test
	void shouldCloseConnectionMidStreamWithoutDone() throws Exception {
		server.enqueue(FakeResponse.truncatedStream("one two three four five six"));
		HttpResponse<InputStream> response = client.send(chatRequest("/v1/chat/completions",
				chatBody("gpt-4o", true, "Count")), HttpResponse.BodyHandlers.ofInputStream());
		assertThat(response.statusCode()).isEqualTo(200);
		// read raw bytes: a Reader reads ahead and would drop what arrived before the failure
		ByteArrayOutputStream received = new ByteArrayOutputStream();
		IOException failure = null;
		try (InputStream body = response.body()) {
			byte[] buffer = new byte[1024];
			int read;
			while ((read = body.read(buffer)) != -1) {
				received.write(buffer, 0, read);
			}
		}
		catch (IOException ex) {
			failure = ex;
		}
		List<String> lines = received.toString(StandardCharsets.UTF_8).lines().toList();
		assertThat(failure).isNotNull();
		List<String> data = lines.stream().filter((line) -> line.startsWith("data: ")).toList();
		// At most the role chunk and three of the six words: the abrupt close may also
		// discard chunks the client had not read yet.
		assertThat(data).hasSizeLessThanOrEqualTo(4).noneMatch((line) -> line.contains("[DONE]"));
		assertThat(data).noneMatch((line) -> line.contains("\"finish_reason\":\"stop\""));
	}

	@Test
	void shouldCloseConnectionMidBodyForTruncatedNonStreamingResponse() {
		server.enqueue(FakeResponse.truncatedStream("A complete answer that never fully arrives"));
		assertThatExceptionOfType(IOException.class)
			.isThrownBy(() -> post("/v1/chat/completions", chatBody("gpt-4o", false, "Hi")));
	}

	@Test
	void shouldRecordRequestHeadersAndBody() throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create(server.baseUrl() + "/v1/chat/completions"))
			.header("Authorization", "Bearer sk-test")
			.header("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(chatBody("gpt-4o-mini", true, "Hi there")))
			.build();
		client.send(request, HttpResponse.BodyHandlers.ofString());
		FakeRequest received = server.lastRequest();
		assertThat(received.method()).isEqualTo("POST");
		assertThat(received.path()).isEqualTo("/v1/chat/completions");
		assertThat(received.header("authorization")).isEqualTo("Bearer sk-test");
		assertThat(received.header("AUTHORIZATION")).isEqualTo("Bearer sk-test");
		assertThat(received.header("TraceParent"))
			.isEqualTo("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
		assertThat(received.headers()).containsKey("content-type");
		assertThat(received.header("x-missing")).isNull();
		assertThat(received.model()).isEqualTo("gpt-4o-mini");
		assertThat(received.stream()).isTrue();
		assertThat(received.includeUsage()).isFalse();
		assertThat(received.messages()).extracting(FakeRequest.Message::role).containsExactly("system", "user");
		assertThat(received.lastUserMessage().content()).isEqualTo("Hi there");
		assertThat(received.json().path("messages").isArray()).isTrue();
		assertThat(received.body()).contains("Hi there");
		assertThat(server.requests()).containsExactly(received);
	}

	@Test
	void shouldParseToolsAndToolMessagesOfRequest() throws Exception {
		post("/v1/chat/completions", toolConversation("What's the weather in Paris?", "call_1", "{\"temp\":21}"));
		FakeRequest received = server.lastRequest();
		assertThat(received.tools()).extracting(FakeRequest.Tool::name).containsExactly("getWeather", "currentTime");
		assertThat(received.tools().get(0).description()).isEqualTo("Current weather of a city");
		assertThat(received.tools().get(0).parameters().path("properties").has("city")).isTrue();
		FakeRequest.Message assistant = received.messages().get(1);
		assertThat(assistant.toolCalls()).containsExactly(new FakeToolCall("call_1", "getWeather",
				"{\"city\":\"Paris\"}"));
		assertThat(received.lastMessage().role()).isEqualTo("tool");
		assertThat(received.lastMessage().toolCallId()).isEqualTo("call_1");
	}

	@Test
	void shouldAnswerUnknownPathWithNotFoundError() throws Exception {
		HttpResponse<String> response = post("/v1/embeddings-typo", "{}");
		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(JSON.readTree(response.body()).path("error").path("code").stringValue()).isEqualTo("unknown_url");
		assertThat(server.lastRequest().path()).isEqualTo("/v1/embeddings-typo");
	}

	@Test
	void shouldAnswerInvalidJsonWithBadRequestWithoutConsumingQueue() throws Exception {
		server.enqueue(FakeResponse.text("queued"));
		assertThat(post("/v1/chat/completions", "{not json").statusCode()).isEqualTo(400);
		JsonNode completion = JSON.readTree(post("/v1/chat/completions", chatBody("gpt-4o", false, "Hi")).body());
		assertThat(completion.path("choices").get(0).path("message").path("content").stringValue())
			.isEqualTo("queued");
	}

	@Test
	void shouldListModels() throws Exception {
		HttpResponse<String> response = client.send(
				HttpRequest.newBuilder(URI.create(server.baseUrl() + "/v1/models")).GET().build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode models = JSON.readTree(response.body());
		assertThat(models.path("object").stringValue()).isEqualTo("list");
		assertThat(models.path("data").values()).extracting((model) -> model.path("id").stringValue())
			.contains(FakeOpenAiServer.DEFAULT_MODEL);
	}

	@Test
	void shouldPreferQueueThenRulesThenResponder() throws Exception {
		server.responder((request) -> FakeResponse.text("responder"));
		server.when((request) -> request.lastUserMessage().text().contains("rule"), FakeResponse.text("ruled"));
		server.enqueue(FakeResponse.text("queued"));
		assertThat(contentOf(post("/v1/chat/completions", chatBody("gpt-4o", false, "rule")))).isEqualTo("queued");
		assertThat(contentOf(post("/v1/chat/completions", chatBody("gpt-4o", false, "rule")))).isEqualTo("ruled");
		assertThat(contentOf(post("/v1/chat/completions", chatBody("gpt-4o", false, "other"))))
			.isEqualTo("responder");
	}

	@Test
	void shouldFallBackToDefaultResponderWhenResponderReturnsNull() throws Exception {
		server.responder((request) -> null);
		assertThat(contentOf(post("/v1/chat/completions", chatBody("gpt-4o", false, "ping"))))
			.isEqualTo("You said: ping");
	}

	@Test
	void shouldEchoLastUserMessageWithEstimatedUsageByDefault() throws Exception {
		JsonNode completion = JSON.readTree(
				post("/v1/chat/completions", chatBody("gpt-4o", false, "Tell me something nice")).body());
		assertThat(completion.path("choices").get(0).path("message").path("content").stringValue())
			.isEqualTo("You said: Tell me something nice");
		// "You are helpful." + "Tell me something nice" = 38 characters, the answer 32
		assertThat(completion.path("usage").path("prompt_tokens").asInt()).isEqualTo(9);
		assertThat(completion.path("usage").path("completion_tokens").asInt()).isEqualTo(8);
	}

	@Test
	void shouldCallMentionedToolWithArgumentsFromUserTextByDefault() throws Exception {
		JsonNode message = messageOf(post("/v1/chat/completions",
				toolRequest("What's the weather like in Paris?")));
		JsonNode toolCalls = message.path("tool_calls");
		assertThat(toolCalls).hasSize(1);
		assertThat(toolCalls.get(0).path("function").path("name").stringValue()).isEqualTo("getWeather");
		JsonNode arguments = JSON.readTree(toolCalls.get(0).path("function").path("arguments").stringValue());
		assertThat(arguments.path("city").stringValue()).isEqualTo("Paris");
		assertThat(arguments.path("unit").stringValue()).isEqualTo("celsius");
	}

	@Test
	void shouldCallEveryMentionedToolInOneResponseByDefault() throws Exception {
		JsonNode message = messageOf(post("/v1/chat/completions",
				toolRequest("Weather and current time in Tokyo, please")));
		assertThat(message.path("tool_calls").values())
			.extracting((call) -> call.path("function").path("name").stringValue())
			.containsExactly("getWeather", "currentTime");
	}

	@Test
	void shouldNotCallToolsForUnrelatedMessageByDefault() throws Exception {
		JsonNode message = messageOf(post("/v1/chat/completions", toolRequest("Tell me a joke")));
		assertThat(message.has("tool_calls")).isFalse();
		assertThat(message.path("content").stringValue()).isEqualTo("You said: Tell me a joke");
	}

	@Test
	void shouldAnswerToolResultsWithTextIncludingThemByDefault() throws Exception {
		JsonNode message = messageOf(post("/v1/chat/completions",
				toolConversation("What's the weather in Paris?", "call_1", "{\"temp\":21}")));
		assertThat(message.has("tool_calls")).isFalse();
		assertThat(message.path("content").stringValue()).isEqualTo("Tool results: getWeather returned {\"temp\":21}.");
	}

	@Test
	void shouldAnswerTwoHundredConcurrentConversationsEachWithItsOwnMarker() {
		int conversations = 200;
		List<CompletableFuture<String>> answers = IntStream.range(0, conversations)
			.mapToObj((i) -> sendAsync(toolRequest("What's the weather in city-" + i + "?"))
				.thenCompose((first) -> {
					JsonNode call = JSON.readTree(first).path("choices").get(0).path("message").path("tool_calls").get(0);
					String city = JSON.readTree(call.path("function").path("arguments").stringValue())
						.path("city")
						.stringValue();
					String result = "{\"city\":\"" + city + "\",\"temp\":" + i + "}";
					return sendAsync(toolConversation("What's the weather in city-" + i + "?",
							call.path("id").stringValue(), result));
				})
				.thenApply((second) -> JSON.readTree(second)
					.path("choices")
					.get(0)
					.path("message")
					.path("content")
					.stringValue()))
			.toList();
		CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).join();
		for (int i = 0; i < conversations; i++) {
			assertThat(answers.get(i).join())
				.isEqualTo("Tool results: getWeather returned {\"city\":\"city-" + i + "\",\"temp\":" + i + "}.");
		}
		assertThat(server.requests()).hasSize(2 * conversations);
	}

	@Test
	void shouldResetRecordedRequestsQueueAndRules() throws Exception {
		post("/v1/chat/completions", chatBody("gpt-4o", false, "Hi"));
		server.enqueue(FakeResponse.text("queued"));
		server.when((request) -> true, FakeResponse.text("ruled"));
		server.reset();
		assertThat(server.requests()).isEmpty();
		assertThat(server.lastRequest()).isNull();
		assertThat(contentOf(post("/v1/chat/completions", chatBody("gpt-4o", false, "Hi")))).isEqualTo("You said: Hi");
	}

	@Test
	void shouldAnswerEmbeddingsWithOneUnitVectorPerInputAndEstimatedUsage() throws Exception {
		HttpResponse<String> response = post("/v1/embeddings", """
				{"model": "text-embedding-3-small", "input": ["first text", "second one"], "dimensions": 8,
				 "encoding_format": "float"}""");
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode body = JSON.readTree(response.body());
		assertThat(body.path("object").stringValue()).isEqualTo("list");
		assertThat(body.path("model").stringValue()).isEqualTo("text-embedding-3-small");
		assertThat(body.path("data")).hasSize(2);
		for (int index = 0; index < 2; index++) {
			JsonNode embedding = body.path("data").get(index);
			assertThat(embedding.path("object").stringValue()).isEqualTo("embedding");
			assertThat(embedding.path("index").asInt()).isEqualTo(index);
			assertThat(embedding.path("embedding")).hasSize(8);
			double squares = 0;
			for (JsonNode value : embedding.path("embedding")) {
				squares += value.asDouble() * value.asDouble();
			}
			assertThat(squares).isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-5));
		}
		assertThat(body.path("data").get(0).path("embedding"))
			.isNotEqualTo(body.path("data").get(1).path("embedding"));
		// "first text" (10 characters) and "second one" (10): 2 tokens each, as for chat.
		assertThat(body.path("usage").path("prompt_tokens").asInt()).isEqualTo(4);
		assertThat(body.path("usage").path("total_tokens").asInt()).isEqualTo(4);
		assertThat(server.lastRequest().path()).isEqualTo("/v1/embeddings");
	}

	@Test
	void shouldEmbedEqualTextsEquallyAsFloatsOrBase64() throws Exception {
		String floats = post("/embeddings", """
				{"model": "text-embedding-3-small", "input": "same text"}""").body();
		String base64 = post("/v1/embeddings", """
				{"model": "text-embedding-3-small", "input": "same text", "encoding_format": "base64"}""").body();
		JsonNode floatVector = JSON.readTree(floats).path("data").get(0).path("embedding");
		assertThat(floatVector).hasSize(FakeOpenAiServer.DEFAULT_EMBEDDING_DIMENSIONS);
		byte[] bytes = java.util.Base64.getDecoder()
			.decode(JSON.readTree(base64).path("data").get(0).path("embedding").stringValue());
		java.nio.FloatBuffer decoded = java.nio.ByteBuffer.wrap(bytes)
			.order(java.nio.ByteOrder.LITTLE_ENDIAN)
			.asFloatBuffer();
		assertThat(decoded.remaining()).isEqualTo(FakeOpenAiServer.DEFAULT_EMBEDDING_DIMENSIONS);
		for (int i = 0; i < floatVector.size(); i++) {
			assertThat(decoded.get(i)).isEqualTo(floatVector.get(i).floatValue());
		}
	}

	@Test
	void shouldAnswerEmbeddingsWithQueuedUsageModelAndErrors() throws Exception {
		server.enqueueEmbeddings(FakeResponse.embeddings(321).withModel("text-embedding-3-large"),
				FakeResponse.error(429));
		JsonNode body = JSON.readTree(post("/v1/embeddings", """
				{"model": "text-embedding-3-small", "input": "a"}""").body());
		assertThat(body.path("model").stringValue()).isEqualTo("text-embedding-3-large");
		assertThat(body.path("usage").path("prompt_tokens").asInt()).isEqualTo(321);
		HttpResponse<String> limited = post("/v1/embeddings", """
				{"model": "text-embedding-3-small", "input": "b"}""");
		assertThat(limited.statusCode()).isEqualTo(429);
		assertThat(limited.headers().firstValue("retry-after")).hasValue("1");
		assertThat(JSON.readTree(limited.body()).path("error").path("code").stringValue())
			.isEqualTo("rate_limit_exceeded");
		assertThat(post("/v1/embeddings", "{\"model\": \"m\"}").statusCode()).isEqualTo(400);
		// The chat queue is left alone by embeddings, and the other way round.
		server.enqueueEmbeddings(FakeResponse.error(500));
		assertThat(post("/v1/chat/completions", chatBody("gpt-4o", false, "Hi")).statusCode()).isEqualTo(200);
		assertThat(post("/v1/embeddings", "{\"input\": \"c\"}").statusCode()).isEqualTo(500);
		server.reset();
		assertThat(post("/v1/embeddings", "{\"input\": \"c\"}").statusCode()).isEqualTo(200);
	}

	private static HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
		return client.send(chatRequest(path, body), HttpResponse.BodyHandlers.ofString());
	}

	private static CompletableFuture<String> sendAsync(String body) {
		return client.sendAsync(chatRequest("/v1/chat/completions", body), HttpResponse.BodyHandlers.ofString())
			.thenApply((response) -> {
				assertThat(response.statusCode()).isEqualTo(200);
				return response.body();
			});
	}

	private static HttpRequest chatRequest(String path, String body) {
		return HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
			.header("Content-Type", "application/json")
			.timeout(Duration.ofSeconds(30))
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build();
	}

	private static String chatBody(String model, boolean stream, String userText) {
		return """
				{"model": "%s", "stream": %s, "messages": [
				 {"role": "system", "content": "You are helpful."},
				 {"role": "user", "content": "%s"}]}""".formatted(model, stream, userText);
	}

	private static String toolRequest(String userText) {
		return """
				{"model": "gpt-4o", "tools": [%s, %s], "messages": [{"role": "user", "content": "%s"}]}"""
			.formatted(WEATHER_TOOL, TIME_TOOL, userText);
	}

	private static String toolConversation(String userText, String callId, String result) {
		ObjectNode body = (ObjectNode) JSON.readTree(toolRequest(userText));
		ArrayNode messages = body.putArray("messages");
		ObjectNode user = messages.addObject().put("role", "user");
		user.putArray("content").addObject().put("type", "text").put("text", userText);
		ObjectNode assistant = messages.addObject().put("role", "assistant").putNull("content");
		ObjectNode call = assistant.putArray("tool_calls").addObject().put("id", callId).put("type", "function");
		call.putObject("function").put("name", "getWeather").put("arguments", "{\"city\":\"Paris\"}");
		messages.addObject().put("role", "tool").put("tool_call_id", callId).put("content", result);
		return JSON.writeValueAsString(body);
	}

	private static JsonNode messageOf(HttpResponse<String> response) {
		assertThat(response.statusCode()).isEqualTo(200);
		return JSON.readTree(response.body()).path("choices").get(0).path("message");
	}

	private static String contentOf(HttpResponse<String> response) {
		return messageOf(response).path("content").stringValue();
	}

	private static List<String> events(String body) {
		List<String> events = new ArrayList<>();
		for (String block : body.split("\n\n")) {
			if (!block.isBlank()) {
				assertThat(block).startsWith("data: ");
				events.add(block.substring("data: ".length()));
			}
		}
		return events;
	}

}
