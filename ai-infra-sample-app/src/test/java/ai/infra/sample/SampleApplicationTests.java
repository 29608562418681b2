package ai.infra.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample answers through the real OpenAI client talking to the built-in fake model.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "management.opentelemetry.tracing.export.schedule-delay=100ms")
@ExtendWith(OutputCaptureExtension.class)
class SampleApplicationTests {

	@Value("${local.server.port}")
	private int port;

	@Test
	void shouldAnswerChatThroughTheFakeModelAndPrintSpans(CapturedOutput output) throws Exception {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/chat"))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString("{\"message\":\"hello there\"}"))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("{\"reply\":\"You said: hello there\"}");
		long deadline = System.currentTimeMillis() + 10_000;
		while (!output.getOut().contains("[ai-infra] http post /chat") && System.currentTimeMillis() < deadline) {
			Thread.sleep(100);
		}
		assertThat(output.getOut()).contains("[ai-infra] http post /chat", "[ai-infra] llm.generate",
				"ai.model=gpt-4o-mini-2024-07-18");
	}

}
