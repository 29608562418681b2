package ai.infra.llm;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;

import ai.infra.internal.export.ConsoleSpanExporter;
import ai.infra.llm.LlmTracingSupport.Traced;
import ai.infra.test.openai.FakeResponse;
import io.opentelemetry.api.OpenTelemetry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.ai.chat.client.ChatClient;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * With {@code exporter=console}, model calls through the real Spring AI OpenAI client
 * against the fake model server are printed as a tree of compact lines, with tokens and
 * cost, failures marked, and no prompt text.
 */
@SpringBootTest(classes = { LlmTracingSupport.TestApplication.class, ConsoleExporterIntegrationTests.Console.class },
		properties = { "ai-infra.tracing.exporter=console", "spring.ai.openai.api-key=sk-test-secret-key-0123456789",
				"spring.ai.openai.chat.options.model=gpt-4o-mini", "spring.ai.openai.max-retries=0",
				"spring.ai.openai.chat.max-retries=0" })
class ConsoleExporterIntegrationTests extends FakeModelServerTests {

	private static final String DURATION = "[\\d.,]+ m?s";

	@Autowired
	private ChatClient.Builder chatClientBuilder;

	@Autowired
	private OpenTelemetry openTelemetry;

	@Autowired
	private ByteArrayOutputStream console;

	@BeforeEach
	void resetConsole() {
		server.responseModel("gpt-4o-mini-2024-07-18");
		this.console.reset();
	}

	@Test
	void shouldPrintTheModelCallUnderItsParentWithTokensAndCost() {
		server.enqueue(FakeResponse.text("Hello Ada", 1000, 200));
		Traced<String> traced = LlmTracingSupport.inRootSpan(this.openTelemetry,
				() -> this.chatClientBuilder.build().prompt().user("Say hello to Ada Lovelace").call().content());
		assertThat(traced.result()).isEqualTo("Hello Ada");
		List<String> lines = printed();
		assertThat(lines).hasSize(3);
		assertThat(lines.get(0)).matches(quote("[ai-infra] test.root ") + DURATION
				+ quote(" [trace " + traced.traceId() + "]"));
		// gpt-4o-mini: $0.15 per million input tokens, $0.60 per million output tokens.
		assertThat(lines.get(1)).matches(
				quote("[ai-infra]   llm.generate gpt-4o-mini-2024-07-18 1,200 tok (1,000 in, 200 out) $0.00027 ")
						+ DURATION);
		assertThat(lines.get(2)).startsWith("[ai-infra]     POST ").doesNotContain("ERROR");
		assertThat(String.join("\n", lines)).doesNotContain("Lovelace", "sk-test-secret");
	}

	@Test
	void shouldMarkAFailedModelCall() {
		server.enqueue(FakeResponse.error(500, "model overloaded"));
		Traced<Boolean> traced = LlmTracingSupport.inRootSpan(this.openTelemetry, () -> {
			assertThatException()
				.isThrownBy(() -> this.chatClientBuilder.build().prompt().user("Hi").call().content());
			return true;
		});
		List<String> lines = printed();
		assertThat(lines.get(0)).startsWith("[ai-infra] test.root ")
			.endsWith("[trace " + traced.traceId() + "]")
			.doesNotContain("ERROR");
		assertThat(lines.get(1)).matches(quote("[ai-infra]   llm.generate ") + "(gpt-4o-mini )?" + DURATION
				+ quote(" ERROR error.type=") + "[\\w.$]+ \".*model overloaded.*\"");
	}

	private List<String> printed() {
		finishedSpans();
		return this.console.toString(StandardCharsets.UTF_8).lines().toList();
	}

	private static String quote(String text) {
		return Pattern.quote(text);
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Console {

		@Bean
		ByteArrayOutputStream console() {
			return new ByteArrayOutputStream();
		}

		@Bean
		ConsoleSpanExporter consoleSpanExporter(ByteArrayOutputStream console) {
			return new ConsoleSpanExporter(new PrintStream(console, true, StandardCharsets.UTF_8));
		}

	}

}
