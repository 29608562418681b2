package ai.infra.llm;

import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

import ai.infra.internal.observation.AiAttributes;
import ai.infra.llm.LlmTracingSupport.Traced;
import ai.infra.test.openai.FakeResponse;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Flux;

import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.openai.OpenAiChatOptions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.assertj.core.api.Assertions.within;

/**
 * Model round trips through the real Spring AI OpenAI client, talking HTTP to the fake
 * model server, become {@code llm.generate} spans with typed tokens and cost.
 */
@SpringBootTest(classes = LlmTracingSupport.TestApplication.class,
		properties = { "ai-infra.tracing.exporter=none", "spring.ai.openai.api-key=sk-test-secret-key-0123456789",
				"spring.ai.openai.chat.options.model=gpt-4o-mini", "spring.ai.openai.max-retries=0",
				"spring.ai.openai.chat.max-retries=0" })
@ExtendWith(OutputCaptureExtension.class)
class LlmTracingIntegrationTests extends FakeModelServerTests {

	@Autowired
	private ChatModel chatModel;

	@Autowired
	private ChatClient.Builder chatClientBuilder;

	@Autowired
	private OpenTelemetry openTelemetry;

	@Autowired
	private MeterRegistry meterRegistry;

	@BeforeEach
	void reset() {
		finishedSpans();
		this.exporter.reset();
		server.reset();
		server.responseModel("gpt-4o-mini-2024-07-18");
	}

	@Test
	void shouldTraceDirectChatModelCallAsOneLlmGenerateSpanWithTypedAttributes() {
		server.enqueue(FakeResponse.text("Hello there", 1000, 200));
		Traced<ChatResponse> traced = LlmTracingSupport.inRootSpan(this.openTelemetry,
				() -> this.chatModel.call(new Prompt("Say hello")));
		assertThat(traced.result().getResult().getOutput().getText()).isEqualTo("Hello there");
		SpanData llm = onlyLlmSpan();
		assertThat(llm.getParentSpanId()).isEqualTo(traced.rootSpanId());
		assertThat(llm.getKind()).isEqualTo(SpanKind.CLIENT);
		assertThat(llm.getInstrumentationScopeInfo().getName()).isEqualTo("ai.infra");
		assertThat(llm.getAttributes().get(AiAttributes.PROVIDER)).isEqualTo("openai");
		assertThat(llm.getAttributes().get(AiAttributes.MODEL)).isEqualTo("gpt-4o-mini-2024-07-18");
		assertThat(llm.getAttributes().get(AiAttributes.PROMPT_TOKENS)).isEqualTo(1000L);
		assertThat(llm.getAttributes().get(AiAttributes.COMPLETION_TOKENS)).isEqualTo(200L);
		assertThat(llm.getAttributes().get(AiAttributes.TOTAL_TOKENS)).isEqualTo(1200L);
		// gpt-4o-mini: $0.15 per million input tokens, $0.60 per million output tokens.
		assertThat(llm.getAttributes().get(AiAttributes.COST)).isCloseTo(0.00027, within(1e-12));
		assertThat(llm.getAttributes().get(AiAttributes.STREAM)).isFalse();
		assertThat(llm.getAttributes().get(AiAttributes.DURATION_MS)).isNotNull().isGreaterThanOrEqualTo(0L);
		assertThat(llm.getAttributes().get(GenAiIncubatingAttributes.GEN_AI_OPERATION_NAME)).isEqualTo("chat");
		assertThat(llm.getAttributes().get(GenAiIncubatingAttributes.GEN_AI_PROVIDER_NAME)).isEqualTo("openai");
		assertThat(llm.getAttributes().get(GenAiIncubatingAttributes.GEN_AI_REQUEST_MODEL)).isEqualTo("gpt-4o-mini");
		assertThat(llm.getAttributes().get(GenAiIncubatingAttributes.GEN_AI_RESPONSE_MODEL))
			.isEqualTo("gpt-4o-mini-2024-07-18");
		assertThat(llm.getAttributes().get(GenAiIncubatingAttributes.GEN_AI_USAGE_INPUT_TOKENS)).isEqualTo(1000L);
		assertThat(llm.getAttributes().get(GenAiIncubatingAttributes.GEN_AI_USAGE_OUTPUT_TOKENS)).isEqualTo(200L);
		assertThat(llm.getAttributes().get(GenAiIncubatingAttributes.GEN_AI_RESPONSE_FINISH_REASONS)).containsExactly("stop");
		assertThat(llm.getAttributes().get(GenAiIncubatingAttributes.GEN_AI_SYSTEM)).isNull();
		assertThat(llm.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
	}

	@Test
	void shouldMakeTheHttpClientSpanAChildOfLlmGenerateAndSendItsTraceparent() {
		server.enqueue(FakeResponse.text("Hi", 10, 2));
		LlmTracingSupport.inRootSpan(this.openTelemetry, () -> this.chatModel.call("Hi"));
		assertHttpClientSpanIsChildOfLlmGenerate(finishedSpans());
	}

	// The OpenAI SDK enqueues a streaming request from the JDK's default async executor,
	// where no span is current and nothing ties the request to its llm.generate span: the
	// request is left out of the traces rather than made a trace of its own.
	@Test
	void shouldKeepADirectStreamInOneTraceWithoutAnOrphanHttpClientSpan() {
		assertStreamIsOneTraceWithoutHttpClientSpan(
				() -> this.chatModel.stream(new Prompt("Hi")).collectList().block());
	}

	@Test
	void shouldKeepAChatClientStreamInOneTraceWithoutAnOrphanHttpClientSpan() {
		assertStreamIsOneTraceWithoutHttpClientSpan(
				() -> this.chatClientBuilder.build().prompt().user("Hi").stream().content().collectList().block());
	}

	@Test
	void shouldMakeAStreamWithoutParentOneTraceOfItsLlmGenerateSpan() {
		server.enqueue(FakeResponse.text("streamed", 10, 2));
		double requestsBefore = okHttpRequests();
		List<?> chunks = this.chatModel.stream(new Prompt("Hi")).collectList().block();
		assertThat(chunks).isNotEmpty();
		List<SpanData> spans = spansOnceLlmSpanEnded();
		SpanData llm = onlyLlmSpan(spans);
		assertThat(llm.getParentSpanContext().isValid()).isFalse();
		assertThat(spans).extracting(SpanData::getName).containsExactly("llm.generate");
		assertThat(server.lastRequest().header("traceparent")).isNull();
		assertThat(okHttpRequests()).isEqualTo(requestsBefore + 1);
	}

	private void assertStreamIsOneTraceWithoutHttpClientSpan(Supplier<List<?>> stream) {
		server.enqueue(FakeResponse.text("streamed", 10, 2));
		double requestsBefore = okHttpRequests();
		Traced<List<?>> traced = LlmTracingSupport.inRootSpan(this.openTelemetry, stream);
		assertThat(traced.result()).isNotEmpty();
		List<SpanData> spans = spansOnceLlmSpanEnded();
		SpanData llm = onlyLlmSpan(spans);
		assertThat(llm.getParentSpanId()).isEqualTo(traced.rootSpanId());
		assertThat(spans).extracting(SpanData::getTraceId).containsOnly(traced.traceId());
		assertThat(spans).extracting(SpanData::getName).containsExactlyInAnyOrder("llm.generate", "test.root");
		assertThat(server.lastRequest().header("traceparent")).isNull();
		// The request is still observed: only its span is left out.
		assertThat(okHttpRequests()).isEqualTo(requestsBefore + 1);
	}

	private double okHttpRequests() {
		return this.meterRegistry.find("okhttp.requests").timers().stream().mapToDouble(Timer::count).sum();
	}

	private static SpanData assertHttpClientSpanIsChildOfLlmGenerate(List<SpanData> spans) {
		SpanData llm = onlyLlmSpan(spans);
		assertThat(spans).filteredOn((span) -> span.getName().equals("POST")).singleElement().satisfies((http) -> {
			assertThat(http.getKind()).isEqualTo(SpanKind.CLIENT);
			assertThat(http.getParentSpanId()).isEqualTo(llm.getSpanId());
			assertThat(http.getTraceId()).isEqualTo(llm.getTraceId());
			assertThat(server.lastRequest().header("traceparent"))
				.isEqualTo("00-" + http.getTraceId() + "-" + http.getSpanId() + "-"
						+ http.getSpanContext().getTraceFlags().asHex());
			assertThat(http.getSpanContext().isSampled()).isTrue();
		});
		return llm;
	}

	@Test
	void shouldCountCachedInputTokensAtTheCachedRate() {
		server.enqueue(FakeResponse.text("Cached", 10_000, 1000).withCachedTokens(4000));
		this.chatModel.call("Long shared prefix");
		SpanData llm = onlyLlmSpan();
		assertThat(llm.getAttributes().get(AiAttributes.CACHED_PROMPT_TOKENS)).isEqualTo(4000L);
		assertThat(llm.getAttributes().get(GenAiIncubatingAttributes.GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS)).isEqualTo(4000L);
		// 6,000 input at $0.15, 4,000 cached at $0.075, 1,000 output at $0.60 per million.
		assertThat(llm.getAttributes().get(AiAttributes.COST)).isCloseTo(0.0009 + 0.0003 + 0.0006, within(1e-12));
	}

	@Test
	void shouldTraceChatClientCallWithoutSpringAiFrameworkSpans() {
		server.enqueue(FakeResponse.text("From the client", 20, 5));
		Traced<String> traced = LlmTracingSupport.inRootSpan(this.openTelemetry,
				() -> this.chatClientBuilder.build().prompt().user("Hello client").call().content());
		assertThat(traced.result()).isEqualTo("From the client");
		List<SpanData> spans = finishedSpans();
		assertThat(spans).extracting(SpanData::getName).containsExactlyInAnyOrder("POST", "llm.generate", "test.root");
		assertThat(onlyLlmSpan(spans).getParentSpanId()).isEqualTo(traced.rootSpanId());
	}

	@Test
	void shouldTraceChatClientChatResponseAndEntityCallsOncePerRoundTrip() {
		server.enqueue(FakeResponse.text("plain", 5, 1), FakeResponse.text("{\"city\":\"Paris\",\"celsius\":21}", 30, 9));
		ChatClient client = this.chatClientBuilder.build();
		ChatResponse response = client.prompt().user("one").call().chatResponse();
		Weather weather = client.prompt().user("weather as json").call().entity(Weather.class);
		assertThat(response.getResult().getOutput().getText()).isEqualTo("plain");
		assertThat(weather).isEqualTo(new Weather("Paris", 21));
		assertThat(LlmTracingSupport.named(finishedSpans(), "llm.generate"))
			.extracting((span) -> span.getAttributes().get(AiAttributes.PROMPT_TOKENS))
			.containsExactlyInAnyOrder(5L, 30L);
	}

	@Test
	void shouldTraceStreamAsOneSpanWithTokensFromTheFinalUsageChunk() {
		server.enqueue(FakeResponse.text("one two three four", 40, 12).withChunkDelay(Duration.ofMillis(30)));
		Traced<List<String>> traced = LlmTracingSupport.inRootSpan(this.openTelemetry,
				() -> this.chatClientBuilder.build().prompt().user("count").stream().content().collectList().block());
		assertThat(String.join("", traced.result())).isEqualTo("one two three four");
		SpanData llm = onlyLlmSpan();
		assertThat(llm.getParentSpanId()).isEqualTo(traced.rootSpanId());
		assertThat(llm.getAttributes().get(AiAttributes.STREAM)).isTrue();
		assertThat(llm.getAttributes().get(AiAttributes.PROMPT_TOKENS)).isEqualTo(40L);
		assertThat(llm.getAttributes().get(AiAttributes.COMPLETION_TOKENS)).isEqualTo(12L);
		assertThat(llm.getAttributes().get(AiAttributes.TOTAL_TOKENS)).isEqualTo(52L);
		assertThat(server.lastRequest().includeUsage()).isTrue();
		assertThat(llm.getAttributes().get(AiAttributes.TIME_TO_FIRST_TOKEN_MS)).isNotNull()
			.isBetween(0L, llm.getAttributes().get(AiAttributes.DURATION_MS));
	}

	@Test
	void shouldRecordAStreamedCallWithTheSameTokensCacheDetailAndCostAsTheSameCallMadeBlocking() {
		server.enqueue(FakeResponse.text("cached answer", 5000, 100).withCachedTokens(4000));
		this.chatClientBuilder.build().prompt().user("again").call().content();
		SpanData blocking = onlyLlmSpan();
		this.exporter.reset();
		server.enqueue(FakeResponse.text("cached answer", 5000, 100).withCachedTokens(4000));
		this.chatClientBuilder.build().prompt().user("again").stream().content().collectList().block();
		SpanData streamed = onlyLlmSpan();
		assertThat(blocking.getAttributes().get(AiAttributes.STREAM)).isFalse();
		assertThat(streamed.getAttributes().get(AiAttributes.STREAM)).isTrue();
		assertThat(List.of(blocking, streamed)).allSatisfy((llm) -> {
			assertThat(llm.getAttributes().get(AiAttributes.PROMPT_TOKENS)).isEqualTo(5000L);
			assertThat(llm.getAttributes().get(AiAttributes.COMPLETION_TOKENS)).isEqualTo(100L);
			assertThat(llm.getAttributes().get(AiAttributes.TOTAL_TOKENS)).isEqualTo(5100L);
			assertThat(llm.getAttributes().get(GenAiIncubatingAttributes.GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS)).isEqualTo(4000L);
			// gpt-4o-mini 0.15 / 0.6 / 0.075 per million: 1,000 fresh x 0.15 + 4,000
			// cached x 0.075 + 100 out x 0.6 = 150 + 300 + 60 = 510 per million.
			assertThat(llm.getAttributes().get(AiAttributes.COST)).isEqualTo(0.00051);
		});
	}

	@Test
	void shouldTraceDirectChatModelStream() {
		server.enqueue(FakeResponse.text("streamed directly", 8, 3));
		Flux<ChatResponse> stream = this.chatModel.stream(new Prompt("stream please"));
		assertThat(stream.collectList().block()).isNotEmpty();
		SpanData llm = onlyLlmSpan();
		assertThat(llm.getAttributes().get(AiAttributes.STREAM)).isTrue();
		assertThat(llm.getAttributes().get(AiAttributes.COMPLETION_TOKENS)).isEqualTo(3L);
	}

	@Test
	void shouldEndTheSpanWhenTheStreamIsCancelled() {
		server.enqueue(FakeResponse.text("many words that keep coming one by one", 10, 9)
			.withChunkDelay(Duration.ofMillis(50)));
		List<String> first = this.chatClientBuilder.build().prompt().user("go").stream().content().take(2)
			.collectList()
			.block();
		assertThat(first).hasSize(2);
		SpanData llm = onlyLlmSpan();
		assertThat(llm.getEvents()).extracting(EventData::getName).contains("stream.cancelled");
		assertThat(llm.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
	}

	@Test
	void shouldRecordRateLimitErrorAndRethrowTheOriginalException() {
		server.enqueue(FakeResponse.error(429, "Rate limit reached"));
		Exception direct = catchException(() -> this.chatModel.call("too fast"));
		SpanData llm = onlyLlmSpan();
		assertThat(llm.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
		assertThat(llm.getAttributes().get(io.opentelemetry.semconv.ErrorAttributes.ERROR_TYPE))
			.isEqualTo(direct.getClass().getName());
		assertThat(llm.getEvents()).extracting(EventData::getName).containsExactly("exception");
		assertThat(direct.getClass().getSimpleName()).isEqualTo("RateLimitException");
	}

	@Test
	void shouldGiveTheCallerTheSameExceptionWithAndWithoutTracing() {
		server.enqueue(FakeResponse.error(500, "boom"));
		Exception traced = catchException(() -> this.chatClientBuilder.build().prompt().user("fail").call().content());
		server.enqueue(FakeResponse.error(500, "boom"));
		Exception untraced = catchException(() -> this.chatClientBuilder.build()
			.prompt()
			.user("fail")
			.advisors(LlmTracing.disabled())
			.call()
			.content());
		assertThat(traced).hasSameClassAs(untraced).hasMessage(untraced.getMessage());
		assertThat(LlmTracingSupport.named(finishedSpans(), "llm.generate")).singleElement()
			.satisfies((span) -> assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR));
	}

	@Test
	void shouldRecordTimeoutAsError() {
		server.enqueue(FakeResponse.delayed(Duration.ofSeconds(2), FakeResponse.text("too late")));
		Prompt slow = new Prompt("slow", OpenAiChatOptions.builder().timeout(Duration.ofMillis(800)).build());
		Exception timeout = catchException(() -> this.chatModel.call(slow));
		SpanData llm = onlyLlmSpan();
		assertThat(llm.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
		assertThat(llm.getAttributes().get(io.opentelemetry.semconv.ErrorAttributes.ERROR_TYPE))
			.isEqualTo(timeout.getClass().getName());
	}

	@Test
	void shouldRecordTruncatedStreamAsError() {
		server.enqueue(FakeResponse.truncatedStream("this answer never finishes properly"));
		assertThatException()
			.isThrownBy(() -> this.chatClientBuilder.build().prompt().user("cut").stream().content().blockLast());
		SpanData llm = onlyLlmSpan();
		assertThat(llm.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
		assertThat(llm.getAttributes().get(AiAttributes.STREAM)).isTrue();
	}

	@Test
	void shouldRecordBadRequestAsError() {
		server.enqueue(FakeResponse.error(400, "Invalid 'messages': empty array"));
		Exception badRequest = catchException(() -> this.chatModel.call("bad"));
		SpanData llm = onlyLlmSpan();
		assertThat(badRequest.getClass().getSimpleName()).isEqualTo("BadRequestException");
		assertThat(llm.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
		assertThat(llm.getStatus().getDescription()).contains("Invalid 'messages'");
	}

	@Test
	void shouldLeaveARequestUntracedWhenTracingIsDisabledForIt() {
		server.enqueue(FakeResponse.text("quiet", 3, 1));
		ChatClient chatClient = this.chatClientBuilder.build();
		String answer = chatClient.prompt()
			.user("untraced")
			.advisors(LlmTracing.disabled())
			.call()
			.content();
		assertThat(answer).isEqualTo("quiet");
		assertThat(finishedSpans()).extracting(SpanData::getName).doesNotContain("llm.generate");
	}

	@Test
	void shouldNotCaptureContentByDefault() {
		server.enqueue(FakeResponse.text("secret answer text", 3, 1));
		this.chatModel.call("my private prompt text");
		List<SpanData> spans = finishedSpans();
		assertThat(spans).allSatisfy((span) -> assertThat(span.getAttributes().asMap().values())
			.noneMatch((value) -> String.valueOf(value).contains("private prompt")
					|| String.valueOf(value).contains("secret answer")));
		assertThat(onlyLlmSpan(spans).getAttributes().get(AiAttributes.GEN_AI_INPUT_MESSAGES)).isNull();
	}

	@Test
	void shouldNeverPutTheApiKeyOnSpansOrLogs(CapturedOutput output) {
		server.enqueue(FakeResponse.text("ok", 1, 1));
		this.chatModel.call("key check");
		assertThat(server.lastRequest().header("authorization")).isEqualTo("Bearer sk-test-secret-key-0123456789");
		assertThat(finishedSpans()).allSatisfy((span) -> assertThat(span.toString()).doesNotContain("sk-test-secret"));
		assertThat(output).doesNotContain("sk-test-secret");
	}

	@Test
	void shouldGiveNoCostForAModelWithoutPriceAndWarnOnce(CapturedOutput output) {
		server.responseModel("acme-unknown-model-7");
		server.enqueue(FakeResponse.text("a", 100, 10), FakeResponse.text("b", 100, 10));
		this.chatModel.call("first");
		this.chatModel.call("second");
		List<SpanData> llm = LlmTracingSupport.named(finishedSpans(), "llm.generate");
		assertThat(llm).hasSize(2).allSatisfy((span) -> {
			assertThat(span.getAttributes().get(AiAttributes.COST)).isNull();
			assertThat(span.getAttributes().get(AiAttributes.PROMPT_TOKENS)).isEqualTo(100L);
		});
		assertThat(output.toString().split("acme-unknown-model-7", -1)).hasSize(2);
	}

	private SpanData onlyLlmSpan() {
		return onlyLlmSpan(spansOnceLlmSpanEnded());
	}

	private List<SpanData> spansOnceLlmSpanEnded() {
		// A span ends when its call or stream has finished, which for a stream is just
		// after the subscriber saw the last signal.
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		List<SpanData> spans = finishedSpans();
		while (LlmTracingSupport.named(spans, "llm.generate").isEmpty() && System.nanoTime() < deadline) {
			Thread.onSpinWait();
			spans = finishedSpans();
		}
		return spans;
	}

	private static SpanData onlyLlmSpan(List<SpanData> spans) {
		assertThat(spans).extracting(SpanData::getName).doesNotContain("chat gpt-4o-mini", "spring_ai chat_client");
		List<SpanData> llm = LlmTracingSupport.named(spans, "llm.generate");
		assertThat(llm).as("llm.generate spans among %s", spans).hasSize(1);
		return llm.get(0);
	}

	private static Exception catchException(Runnable call) {
		try {
			call.run();
		}
		catch (Exception ex) {
			return ex;
		}
		throw new AssertionError("Expected an exception");
	}

	record Weather(String city, int celsius) {
	}

}
