package ai.infra.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample answers through the real OpenAI client talking to the built-in fake model,
 * prints its spans with the console exporter and logs inside the request's span, here as
 * JSON lines.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "management.opentelemetry.tracing.export.schedule-delay=100ms", "ai-infra.logging.format=json" })
@ExtendWith(OutputCaptureExtension.class)
class SampleApplicationTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Pattern TRACE = Pattern.compile("\\[trace ([0-9a-f]{32})]");

	@Value("${local.server.port}")
	private int port;

	@Test
	void shouldAnswerChatThroughTheFakeModelAndPrintSpans(CapturedOutput output) throws Exception {
		HttpResponse<String> response = post("/chat", "{\"message\":\"hello there\"}");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("{\"reply\":\"You said: hello there\"}");
		String server = awaitConsoleLine(output, "[ai-infra] http post /chat ");
		assertThat(output.getOut()).contains("llm.generate gpt-4o-mini-2024-07-18 ");
		JsonNode log = logLine(output, ChatController.class, "Answered a message of 11 characters");
		assertThat(log.get("message").asString()).isEqualTo("Answered a message of 11 characters with 21 characters");
		assertThat(log.get("level").asString()).isEqualTo("INFO");
		assertThat(log.get("trace_id").asString()).isEqualTo(traceId(server));
		assertThat(log.get("span_id").asString()).matches("[0-9a-f]{16}");
	}

	@Test
	void shouldLogTheAgentsAnswerInsideTheRequestsTrace(CapturedOutput output) throws Exception {
		HttpResponse<String> response = post("/agent", "{\"task\":\"Check the weather and search the news in Paris.\"}");
		assertThat(response.statusCode()).isEqualTo(200);
		String server = awaitConsoleLine(output, "[ai-infra] http post /agent ");
		JsonNode log = logLine(output, AgentController.class, "Agent travel-assistant answered in 2 steps");
		assertThat(log.get("trace_id").asString()).isEqualTo(traceId(server));
		assertThat(output.getOut()).containsPattern("(?m)^\\[ai-infra] +agent\\.run travel-assistant 2 steps [\\d,]+ tok ");
	}

	private HttpResponse<String> post(String path, String json) throws Exception {
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(json))
				.build(), HttpResponse.BodyHandlers.ofString());
	}

	// The server span ends after the response is written, so its line comes a little
	// after the client has the answer.
	private static String awaitConsoleLine(CapturedOutput output, String start) throws InterruptedException {
		long deadline = System.currentTimeMillis() + 10_000;
		while (System.currentTimeMillis() < deadline) {
			List<String> lines = output.getOut().lines().filter((line) -> line.startsWith(start)).toList();
			if (!lines.isEmpty()) {
				return lines.get(lines.size() - 1);
			}
			Thread.sleep(100);
		}
		throw new AssertionError("No console line starting with '" + start + "' in:\n" + output.getOut());
	}

	private static JsonNode logLine(CapturedOutput output, Class<?> logger, String message) {
		return output.getOut()
			.lines()
			.filter((line) -> line.startsWith("{") && line.contains(message))
			.map(JSON::readTree)
			.filter((line) -> logger.getName().equals(line.get("logger").asString()))
			.reduce((first, second) -> second)
			.orElseThrow(() -> new AssertionError("No log line '" + message + "' in:\n" + output.getOut()));
	}

	private static String traceId(String consoleLine) {
		Matcher matcher = TRACE.matcher(consoleLine);
		assertThat(matcher.find()).as("trace id in %s", consoleLine).isTrue();
		return matcher.group(1);
	}

}
