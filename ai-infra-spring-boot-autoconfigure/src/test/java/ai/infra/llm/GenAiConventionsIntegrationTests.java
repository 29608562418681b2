package ai.infra.llm;

import java.time.Duration;
import java.util.List;

import ai.infra.internal.observation.AiAttributes;
import ai.infra.test.openai.FakeRequest;
import ai.infra.test.openai.FakeResponse;
import ai.infra.test.openai.FakeToolCall;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Hooks;

import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.client.advisor.MessageChatMemoryAdvisor;
import org.springframework.ai.chat.memory.ChatMemory;
import org.springframework.ai.chat.memory.InMemoryChatMemoryRepository;
import org.springframework.ai.chat.memory.MessageWindowChatMemory;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.tool.annotation.Tool;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The GenAI semantic-convention attributes of semconv 1.43 beyond tokens: time to first
 * chunk of every stream, direct or through {@code ChatClient}, and the chat-memory
 * conversation id, through the real Spring AI OpenAI client and memory advisor.
 */
@SpringBootTest(classes = LlmTracingSupport.TestApplication.class,
		properties = { "ai-infra.tracing.exporter=none", "spring.ai.openai.api-key=sk-test-conventions",
				"spring.ai.openai.chat.options.model=gpt-4o-mini", "spring.ai.openai.max-retries=0",
				"spring.ai.openai.chat.max-retries=0" })
class GenAiConventionsIntegrationTests extends FakeModelServerTests {

	@Autowired
	private ChatModel chatModel;

	@Autowired
	private ChatClient.Builder chatClientBuilder;

	// ai-infra's default, which Boot applies when a context starts; a test class that ran
	// earlier in this JVM may have turned it off while this class's context was cached.
	@BeforeEach
	void automaticContextPropagation() {
		Hooks.enableAutomaticContextPropagation();
	}

	@Test
	void shouldCarryTimeToFirstChunkOnADirectChatModelStream() {
		server.enqueue(FakeResponse.text("streamed directly to you", 8, 4).withChunkDelay(Duration.ofMillis(20)));
		List<ChatResponse> chunks = this.chatModel.stream(new Prompt("stream please")).collectList().block();
		assertThat(chunks).isNotEmpty();
		assertTimeToFirstChunk(onlyLlmSpan());
	}

	@Test
	void shouldCarryTimeToFirstChunkOnADirectStreamOfText() {
		server.enqueue(FakeResponse.text("plain text chunks", 6, 3));
		List<String> chunks = this.chatModel.stream("text please").collectList().block();
		assertThat(String.join("", chunks)).isEqualTo("plain text chunks");
		assertTimeToFirstChunk(onlyLlmSpan());
	}

	@Test
	void shouldCarryTimeToFirstChunkOnAChatClientStream() {
		server.enqueue(FakeResponse.text("through the client", 6, 3));
		List<String> chunks = this.chatClientBuilder.build().prompt().user("hi").stream().content().collectList().block();
		assertThat(String.join("", chunks)).isEqualTo("through the client");
		assertTimeToFirstChunk(onlyLlmSpan());
	}

	@Test
	void shouldLeaveBlockingCallsWithoutTimeToFirstChunk() {
		server.enqueue(FakeResponse.text("blocking", 6, 3));
		this.chatModel.call("no stream");
		assertThat(onlyLlmSpan().getAttributes().get(GenAiIncubatingAttributes.GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK))
			.isNull();
	}

	@Test
	void shouldCarryTheChatMemoryConversationIdOnEveryModelCallOfTheConversation() {
		ChatClient client = this.chatClientBuilder.clone().defaultAdvisors(MessageChatMemoryAdvisor.builder(memory()).build())
			.build();
		server.enqueue(FakeResponse.text("Hello Ada."), FakeResponse.text("Your name is Ada."),
				FakeResponse.text("No memory here."));
		client.prompt().user("My name is Ada.").advisors((a) -> a.param(ChatMemory.CONVERSATION_ID, "conv-42")).call()
			.content();
		client.prompt().user("What is my name?").advisors((a) -> a.param(ChatMemory.CONVERSATION_ID, "conv-42"))
			.call()
			.content();
		this.chatClientBuilder.build().prompt().user("Anyone?").call().content();
		// The memory advisor really ran: the second request replays the first exchange.
		List<FakeRequest> requests = server.requests();
		assertThat(requests.get(1).messages()).extracting(FakeRequest.Message::text)
			.contains("My name is Ada.", "Hello Ada.", "What is my name?");
		List<SpanData> generates = LlmTracingSupport.named(finishedSpans(), "llm.generate");
		assertThat(generates).hasSize(3);
		assertThat(generates).extracting((span) -> span.getAttributes().get(GenAiIncubatingAttributes.GEN_AI_CONVERSATION_ID))
			.containsExactlyInAnyOrder("conv-42", "conv-42", null);
	}

	@Test
	void shouldCarryTheConversationIdOnTheAgentRunOfAToolLoop() {
		ChatClient client = this.chatClientBuilder.clone().defaultAdvisors(MessageChatMemoryAdvisor.builder(memory()).build())
			.build();
		server.enqueue(FakeResponse.toolCalls(FakeToolCall.of("call_time", "currentTime", "{}")),
				FakeResponse.text("It is noon."));
		String answer = client.prompt()
			.user("What time is it?")
			.tools(new ClockTools())
			.advisors((a) -> a.param(ChatMemory.CONVERSATION_ID, "conv-tools"))
			.call()
			.content();
		assertThat(answer).isEqualTo("It is noon.");
		List<SpanData> spans = finishedSpans();
		SpanData run = LlmTracingSupport.named(spans, "agent.run").get(0);
		assertThat(run.getAttributes().get(GenAiIncubatingAttributes.GEN_AI_CONVERSATION_ID)).isEqualTo("conv-tools");
		assertThat(run.getAttributes().get(GenAiIncubatingAttributes.GEN_AI_OPERATION_NAME)).isEqualTo("invoke_agent");
		assertThat(LlmTracingSupport.named(spans, "llm.generate")).hasSize(2)
			.allSatisfy((llm) -> assertThat(llm.getAttributes().get(GenAiIncubatingAttributes.GEN_AI_CONVERSATION_ID))
				.isEqualTo("conv-tools"));
	}

	private static ChatMemory memory() {
		return MessageWindowChatMemory.builder().chatMemoryRepository(new InMemoryChatMemoryRepository()).build();
	}

	private static void assertTimeToFirstChunk(SpanData llm) {
		assertThat(llm.getAttributes().get(AiAttributes.STREAM)).isTrue();
		Double seconds = llm.getAttributes().get(GenAiIncubatingAttributes.GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK);
		assertThat(seconds).isNotNull().isPositive();
		// The first chunk cannot come after the stream ended.
		assertThat(seconds * 1000).isLessThanOrEqualTo(llm.getAttributes().get(AiAttributes.DURATION_MS) + 1);
	}

	// A stream's span ends just after its subscriber saw the last signal.
	private SpanData onlyLlmSpan() {
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		List<SpanData> spans = LlmTracingSupport.named(finishedSpans(), "llm.generate");
		while (spans.isEmpty() && System.nanoTime() < deadline) {
			Thread.onSpinWait();
			spans = LlmTracingSupport.named(finishedSpans(), "llm.generate");
		}
		assertThat(spans).hasSize(1);
		return spans.get(0);
	}

	static class ClockTools {

		@Tool(description = "The current time")
		String currentTime() {
			return "12:00";
		}

	}

}
