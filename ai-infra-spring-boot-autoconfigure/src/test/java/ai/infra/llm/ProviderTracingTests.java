package ai.infra.llm;

import java.time.Duration;
import java.util.List;

import ai.infra.internal.observation.AiAttributes;
import ai.infra.test.model.FakeModelServer;
import ai.infra.test.model.ScriptedResponse;
import ai.infra.test.model.ScriptedToolCall;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.semconv.ErrorAttributes;
import io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.tool.annotation.Tool;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.TestPropertySource;

import static ai.infra.llm.LlmTracingSupport.one;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchException;

/**
 * Base of the {@code @SpringBootTest}s that drive one provider's real Spring AI client
 * against that provider's fake server over loopback HTTP: what every provider must record
 * the same way. Subclasses select the provider's model, point its client at the server
 * and add the provider's own token and cost cases.
 */
@ExtendWith(OutputCaptureExtension.class)
@TestPropertySource(properties = { "ai-infra.tracing.exporter=none", "spring.ai.retry.max-attempts=1",
		"spring.ai.model.embedding=none", "spring.ai.model.embedding.text=none", "spring.ai.model.image=none",
		"spring.ai.model.audio.speech=none", "spring.ai.model.audio.transcription=none",
		"spring.ai.model.moderation=none" })
abstract class ProviderTracingTests {

	/** Cache creation input tokens, as the GenAI conventions name them. */
	static final AttributeKey<Long> CACHE_CREATION_INPUT_TOKENS = AttributeKey
		.longKey("gen_ai.usage.cache_creation.input_tokens");

	/** Cache read input tokens, as the GenAI conventions name them. */
	static final AttributeKey<Long> CACHE_READ_INPUT_TOKENS = AttributeKey
		.longKey("gen_ai.usage.cache_read.input_tokens");

	/** Reasoning output tokens, as the GenAI conventions name them. */
	static final AttributeKey<Long> REASONING_OUTPUT_TOKENS = AttributeKey
		.longKey("gen_ai.usage.reasoning.output_tokens");

	@Autowired
	protected ChatModel chatModel;

	@Autowired
	protected ChatClient.Builder chatClientBuilder;

	@Autowired
	protected OpenTelemetry openTelemetry;

	@Autowired
	private SdkTracerProvider tracerProvider;

	@Autowired
	private InMemorySpanExporter exporter;

	/**
	 * Return the provider's fake server the client is pointed at.
	 * @return the server
	 */
	protected abstract FakeModelServer<?> server();

	/**
	 * Return the OpenTelemetry name of the provider.
	 * @return the provider name, such as {@code anthropic}
	 */
	protected abstract String providerName();

	/**
	 * Return the model the client is configured to request.
	 * @return the request model
	 */
	protected abstract String requestModel();

	/**
	 * Return the model the server reports.
	 * @return the response model
	 */
	protected abstract String responseModel();

	@BeforeEach
	void resetServerAndSpans() {
		server().reset();
		server().responseModel(responseModel());
		LlmTracingSupport.finishedSpans(this.tracerProvider, this.exporter);
		this.exporter.reset();
	}

	@Test
	void shouldTraceACallAsOneLlmGenerateSpanOfTheProvider() {
		server().enqueue(ScriptedResponse.text("Hello there", 100, 20));
		LlmTracingSupport.Traced<ChatResponse> traced = LlmTracingSupport.inRootSpan(this.openTelemetry,
				() -> this.chatModel.call(new Prompt("Say hello")));
		assertThat(traced.result().getResult().getOutput().getText()).isEqualTo("Hello there");
		assertThat(server().requests()).singleElement()
			.satisfies((request) -> assertThat(request.lastUserText()).isEqualTo("Say hello"));
		SpanData llm = onlyLlmSpan();
		assertThat(llm.getParentSpanId()).isEqualTo(traced.rootSpanId());
		assertThat(llm.getKind()).isEqualTo(SpanKind.CLIENT);
		assertThat(llm.getAttributes().get(AiAttributes.PROVIDER)).isEqualTo(providerName());
		assertThat(llm.getAttributes().get(GenAiIncubatingAttributes.GEN_AI_PROVIDER_NAME)).isEqualTo(providerName());
		assertThat(llm.getAttributes().get(GenAiIncubatingAttributes.GEN_AI_OPERATION_NAME)).isEqualTo("chat");
		assertThat(llm.getAttributes().get(GenAiIncubatingAttributes.GEN_AI_REQUEST_MODEL)).isEqualTo(requestModel());
		assertThat(llm.getAttributes().get(GenAiIncubatingAttributes.GEN_AI_RESPONSE_MODEL))
			.isEqualTo(responseModel());
		assertThat(llm.getAttributes().get(AiAttributes.MODEL)).isEqualTo(responseModel());
		assertThat(llm.getAttributes().get(AiAttributes.PROMPT_TOKENS)).isEqualTo(100L);
		assertThat(llm.getAttributes().get(AiAttributes.COMPLETION_TOKENS)).isEqualTo(20L);
		assertThat(llm.getAttributes().get(AiAttributes.TOTAL_TOKENS)).isEqualTo(120L);
		assertThat(llm.getAttributes().get(GenAiIncubatingAttributes.GEN_AI_USAGE_INPUT_TOKENS)).isEqualTo(100L);
		assertThat(llm.getAttributes().get(GenAiIncubatingAttributes.GEN_AI_USAGE_OUTPUT_TOKENS)).isEqualTo(20L);
		assertThat(llm.getAttributes().get(AiAttributes.STREAM)).isFalse();
		assertThat(llm.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
	}

	@Test
	void shouldTraceAStreamAsOneSpanWithItsUsage() {
		server().enqueue(ScriptedResponse.text("one two three four", 40, 12).withChunkDelay(Duration.ofMillis(10)));
		LlmTracingSupport.Traced<List<String>> traced = LlmTracingSupport.inRootSpan(this.openTelemetry,
				() -> this.chatClientBuilder.build().prompt().user("count").stream().content().collectList().block());
		assertThat(String.join("", traced.result())).isEqualTo("one two three four");
		assertThat(server().lastRequest().stream()).isTrue();
		SpanData llm = onlyLlmSpan();
		assertThat(llm.getTraceId()).isEqualTo(traced.traceId());
		assertThat(llm.getAttributes().get(AiAttributes.STREAM)).isTrue();
		assertThat(llm.getAttributes().get(AiAttributes.PROVIDER)).isEqualTo(providerName());
		assertThat(llm.getAttributes().get(GenAiIncubatingAttributes.GEN_AI_RESPONSE_MODEL))
			.isEqualTo(responseModel());
		assertThat(llm.getAttributes().get(AiAttributes.PROMPT_TOKENS)).isEqualTo(40L);
		assertThat(llm.getAttributes().get(AiAttributes.COMPLETION_TOKENS)).isEqualTo(12L);
		assertThat(llm.getAttributes().get(AiAttributes.TOTAL_TOKENS)).isEqualTo(52L);
	}

	@Test
	void shouldTraceAChatClientToolLoopAsAnAgentRunWithStepsToolsAndModelCalls() {
		server().enqueue(
				ScriptedResponse.toolCalls(ScriptedToolCall.of("getWeather", "{\"city\":\"Paris\"}")).withUsage(50, 5),
				ScriptedResponse.text("Sunny, 21 degrees.", 80, 6));
		String answer = this.chatClientBuilder.build()
			.prompt()
			.user("Weather in Paris?")
			.tools(new WeatherTools())
			.call()
			.content();
		assertThat(answer).isEqualTo("Sunny, 21 degrees.");
		assertThat(server().requests()).hasSize(2);
		assertThat(server().requests().get(0).toolNames()).containsExactly("getWeather");
		assertThat(server().requests().get(1).toolResults()).singleElement()
			.satisfies((result) -> assertThat(result).contains("Sunny in Paris"));
		List<SpanData> spans = awaitSpans(6);
		SpanData run = one(spans, "agent.run");
		assertThat(run.getAttributes().get(AiAttributes.AGENT_NAME)).isEqualTo("chat_client");
		assertThat(run.getAttributes().get(AiAttributes.PROMPT_TOKENS)).isEqualTo(130L);
		assertThat(run.getAttributes().get(AiAttributes.COMPLETION_TOKENS)).isEqualTo(11L);
		assertThat(LlmTracingSupport.tree(spans, run)).isEqualTo("""
				agent.run
				  agent.step.1
				    llm.generate
				  agent.step.2
				    tool.getWeather
				    llm.generate
				""");
		assertThat(LlmTracingSupport.named(spans, "llm.generate")).hasSize(2)
			.allSatisfy((llm) -> assertThat(llm.getAttributes().get(AiAttributes.PROVIDER)).isEqualTo(providerName()));
		assertThat(one(spans, "tool.getWeather").getAttributes().get(AiAttributes.TOOL_ARGS))
			.isEqualTo("{\"city\":\"Paris\"}");
	}

	@Test
	void shouldRecordAnErrorStatusAndRethrowTheClientsOwnException() {
		server().enqueue(ScriptedResponse.error(400, "Invalid request: messages must not be empty"));
		Exception traced = catchException(() -> this.chatModel.call("fail"));
		SpanData llm = onlyLlmSpan();
		assertThat(llm.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
		assertThat(llm.getAttributes().get(ErrorAttributes.ERROR_TYPE)).isEqualTo(traced.getClass().getName());
		assertThat(llm.getEvents()).extracting(EventData::getName).containsExactly("exception");
		assertThat(llm.getAttributes().get(AiAttributes.PROVIDER)).isEqualTo(providerName());
		server().enqueue(ScriptedResponse.error(400, "Invalid request: messages must not be empty"));
		Exception untraced = catchException(() -> this.chatClientBuilder.build()
			.prompt()
			.user("fail")
			.advisors(LlmTracing.disabled())
			.call()
			.content());
		// a client may quote the error body, whose request id differs from one request to the next
		assertThat(traced).hasSameClassAs(untraced).hasStackTraceContaining("messages must not be empty");
		assertThat(withoutRequestIds(traced.getMessage())).isEqualTo(withoutRequestIds(untraced.getMessage()));
		assertThat(traced.getClass().getName()).isEqualTo(expectedErrorType());
	}

	/**
	 * Return the class of the exception the provider's client throws for a 400 answer.
	 * @return the class name
	 */
	protected abstract String expectedErrorType();

	private static String withoutRequestIds(String message) {
		return message.replaceAll("req_fake\\d+", "req_fake");
	}

	protected SpanData onlyLlmSpan() {
		// A span ends when its call or stream has finished, which for a stream is just
		// after the subscriber saw the last signal.
		return one(awaitSpans(1), "llm.generate");
	}

	protected List<SpanData> awaitSpans(int atLeast) {
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		List<SpanData> spans = aiSpans();
		while (spans.size() < atLeast && System.nanoTime() < deadline) {
			Thread.onSpinWait();
			spans = aiSpans();
		}
		return spans;
	}

	// HTTP client spans of the provider clients are not what these tests are about
	private List<SpanData> aiSpans() {
		return LlmTracingSupport.finishedSpans(this.tracerProvider, this.exporter)
			.stream()
			.filter((span) -> span.getName().matches("(llm|agent|tool)\\..*"))
			.toList();
	}

	static class WeatherTools {

		@Tool(description = "Current weather in a city")
		String getWeather(String city) {
			return "Sunny in " + city;
		}

	}

}
