package ai.infra.llm;

import java.time.Duration;

import ai.infra.internal.logging.TraceMdc;
import ai.infra.llm.LlmTracingSupport.Traced;
import ai.infra.test.openai.FakeResponse;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Model round trips that are not sampled, through the real Spring AI OpenAI client: no
 * span is exported, every call is still metered, the call's trace still reaches the model
 * and the caller's context is left as it was.
 */
@SpringBootTest(classes = LlmTracingSupport.TestApplication.class,
		properties = { "ai-infra.tracing.exporter=none", "ai-infra.tracing.sample-rate=0.0",
				"spring.ai.openai.api-key=sk-test-unsampled", "spring.ai.openai.chat.options.model=gpt-4o-mini",
				"spring.ai.openai.max-retries=0", "spring.ai.openai.chat.max-retries=0" })
class UnsampledLlmCallIntegrationTests extends FakeModelServerTests {

	private static final String MODEL = "gpt-4o-mini-2024-07-18";

	@Autowired
	private ChatModel chatModel;

	@Autowired
	private ChatClient.Builder chatClientBuilder;

	@Autowired
	private OpenTelemetry openTelemetry;

	@Autowired
	private MeterRegistry meterRegistry;

	@BeforeEach
	void respondWithDatedModel() {
		server.responseModel(MODEL);
	}

	@Test
	void shouldMeterEveryUnsampledCallAndExportNoSpan() {
		double requestsBefore = requests();
		double promptTokensBefore = counter("ai.llm.tokens", "type", "prompt");
		double costBefore = counter("ai.llm.cost", "model", MODEL);
		long bootTimerBefore = bootChatTimerCount();
		server.enqueue(FakeResponse.text("one", 1000, 200), FakeResponse.text("two", 1000, 200),
				FakeResponse.text("three", 1000, 200));
		assertThat(this.chatModel.call(new Prompt("one")).getResult().getOutput().getText()).isEqualTo("one");
		assertThat(this.chatClientBuilder.build().prompt().user("two").call().content()).isEqualTo("two");
		assertThat(String.join("", this.chatModel.stream("three").collectList().block())).isEqualTo("three");
		// A stream is metered when its observation stops, just after the last chunk reached
		// the caller, on the thread that delivered it.
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> requests() - requestsBefore >= 3.0);
		assertThat(requests() - requestsBefore).isEqualTo(3.0);
		assertThat(counter("ai.llm.tokens", "type", "prompt") - promptTokensBefore).isEqualTo(3000.0);
		// gpt-4o-mini: 3 x (1,000 x $0.15 + 200 x $0.60) per million tokens.
		assertThat(counter("ai.llm.cost", "model", MODEL) - costBefore).isCloseTo(0.00081, within(1e-12));
		// Boot's own timer of Spring AI's observation still records every call.
		assertThat(bootChatTimerCount() - bootTimerBefore).isEqualTo(3);
		assertThat(finishedSpans()).isEmpty();
	}

	@Test
	void shouldSendTheCallersUnsampledTraceToTheModel() {
		server.enqueue(FakeResponse.text("Hi", 10, 2));
		Traced<String> traced = LlmTracingSupport.inRootSpan(this.openTelemetry, () -> this.chatModel.call("Hi"));
		String traceparent = server.lastRequest().header("traceparent");
		assertThat(traceparent).startsWith("00-" + traced.traceId() + "-");
		// The sampled bit is off; newer SDKs also set the W3C random-trace-id bit (02).
		int flags = Integer.parseInt(traceparent.substring(traceparent.lastIndexOf('-') + 1), 16);
		assertThat(flags & 0x01).isZero();
		assertThat(traceparent).doesNotContain(traced.rootSpanId());
		assertThat(finishedSpans()).isEmpty();
	}

	@Test
	void shouldLeaveTheCallersSpanAndMdcAsTheyWereAfterAnUnsampledCall() {
		server.enqueue(FakeResponse.text("inside", 10, 2), FakeResponse.text("outside", 10, 2));
		Traced<String[]> traced = LlmTracingSupport.inRootSpan(this.openTelemetry, () -> {
			this.chatModel.call("inside");
			return new String[] { Span.current().getSpanContext().getSpanId(), MDC.get(TraceMdc.SPAN_ID),
					MDC.get("spanId") };
		});
		assertThat(traced.result()).containsOnly(traced.rootSpanId());
		this.chatModel.call("outside");
		assertThat(Span.current().getSpanContext().isValid()).isFalse();
		assertThat(MDC.get(TraceMdc.TRACE_ID)).isNull();
		assertThat(MDC.get("traceId")).isNull();
	}

	private double requests() {
		return this.meterRegistry.find("ai.llm.requests")
			.tag("model", MODEL)
			.tag("status", "success")
			.counters()
			.stream()
			.mapToDouble((counter) -> counter.count())
			.sum();
	}

	private double counter(String name, String tag, String value) {
		return this.meterRegistry.find(name)
			.tag("model", MODEL)
			.tag(tag, value)
			.counters()
			.stream()
			.mapToDouble((counter) -> counter.count())
			.sum();
	}

	private long bootChatTimerCount() {
		return this.meterRegistry.find("gen_ai.client.operation")
			.timers()
			.stream()
			.mapToLong((timer) -> timer.count())
			.sum();
	}

}
