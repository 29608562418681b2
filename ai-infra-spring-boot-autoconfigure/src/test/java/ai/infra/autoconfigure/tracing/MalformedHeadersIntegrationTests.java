package ai.infra.autoconfigure.tracing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import ai.infra.autoconfigure.ReadmeTable;
import ai.infra.llm.FakeModelServerTests;
import ai.infra.test.openai.FakeResponse;
import ai.infra.tracing.AiSpan;
import ai.infra.tracing.AiTraceContext;
import ai.infra.tracing.AiTracer;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.ai.chat.model.ChatModel;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sends malformed trace headers of every propagator ai-infra offers to a real web server
 * whose endpoint makes a model call through the real Spring AI OpenAI client, and passes
 * the same headers to {@link AiTracer#extract}. The request always succeeds unchanged;
 * what becomes of the trace is recorded in the README's table of malformed headers, which
 * this test compares with what really happens.
 */
@SpringBootTest(classes = MalformedHeadersIntegrationTests.WebApplication.class,
		webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "ai-infra.tracing.exporter=none", "ai-infra.tracing.propagators=tracecontext,baggage,b3,b3multi",
				"spring.ai.openai.api-key=sk-unused", "spring.ai.openai.chat.options.model=gpt-4o-mini",
				"spring.ai.retry.max-attempts=1" })
// Closed afterwards: a running application would stay registered for AiTracing.
@DirtiesContext
@ExtendWith(OutputCaptureExtension.class)
class MalformedHeadersIntegrationTests extends FakeModelServerTests {

	private static final String HEADING = "### Malformed incoming headers";

	private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

	private static final String SPAN_ID = "00f067aa0ba902b7";

	private static final String TRACEPARENT = "00-" + TRACE_ID + "-" + SPAN_ID + "-01";

	private static final String ANSWER = "Paris is the capital of France.";

	// A log line of Boot's console pattern at INFO or above.
	private static final Pattern LOGGED = Pattern.compile("(?m)^\\S+\\s+(INFO|WARN|ERROR)\\s");

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@LocalServerPort
	private int port;

	@Autowired
	private AiTracer tracer;

	static List<Headers> headers() {
		List<Headers> headers = new ArrayList<>();
		headers.add(traceparent("valid", TRACEPARENT));
		headers.add(traceparent("sampled flag 00", "00-" + TRACE_ID + "-" + SPAN_ID + "-00"));
		headers.add(traceparent("without flags", "00-" + TRACE_ID + "-" + SPAN_ID));
		headers.add(traceparent("31-digit trace id", "00-" + TRACE_ID.substring(1) + "-" + SPAN_ID + "-01"));
		headers.add(traceparent("version ff", "ff-" + TRACE_ID + "-" + SPAN_ID + "-01"));
		headers.add(traceparent("all-zero trace id", "00-" + "0".repeat(32) + "-" + SPAN_ID + "-01"));
		headers.add(traceparent("all-zero span id", "00-" + TRACE_ID + "-" + "0".repeat(16) + "-01"));
		headers.add(traceparent("non-hex trace id", "00-" + TRACE_ID.substring(0, 31) + "g-" + SPAN_ID + "-01"));
		headers.add(traceparent("uppercase ids", TRACEPARENT.toUpperCase()));
		headers.add(traceparent("version 00 with an extra field", TRACEPARENT + "-cafe"));
		headers.add(traceparent("future version 01 with an extra field", "01" + TRACEPARENT.substring(2) + "-cafe"));
		headers.add(traceparent("flags zz", "00-" + TRACE_ID + "-" + SPAN_ID + "-zz"));
		headers.add(traceparent("empty", ""));
		headers.add(new Headers("tracestate: garbage", true, Map.of("traceparent", TRACEPARENT, "tracestate", "===,,;;")));
		headers.add(new Headers("tracestate: 40 members", true, Map.of("traceparent", TRACEPARENT, "tracestate",
				String.join(",", IntStream.range(0, 40).mapToObj((i) -> "k" + i + "=v" + i).toList()))));
		headers.add(baggage("valid", "user.id=alice"));
		headers.add(baggage("no =", "user.id"));
		headers.add(baggage("bad percent-encoding", "user.id=%E0%A4%A"));
		headers.add(baggage("garbage", ";;;=,==,user.id=alice;;"));
		// user.id first: past the W3C limit of 64 entries, newer propagators drop the rest
		headers.add(baggage("300 entries, 4 KB", "user.id=alice," + String.join(",",
				IntStream.range(0, 300).mapToObj((i) -> "key" + i + "=value" + i).toList())));
		headers.add(new Headers("b3: garbage", false, Map.of("b3", "garbage")));
		headers.add(new Headers("b3: trace id only", true, Map.of("b3", TRACE_ID)));
		headers.add(new Headers("b3: 0 (deny)", false, Map.of("b3", "0")));
		headers.add(new Headers("b3: garbage next to a valid traceparent", true,
				Map.of("traceparent", TRACEPARENT, "b3", "garbage")));
		headers.add(new Headers("X-B3-TraceId: garbage", false,
				Map.of("X-B3-TraceId", "garbage", "X-B3-SpanId", SPAN_ID, "X-B3-Sampled", "1")));
		headers.add(new Headers("X-B3-SpanId missing", true, Map.of("X-B3-TraceId", TRACE_ID, "X-B3-Sampled", "1")));
		headers.add(new Headers("X-B3-Sampled: maybe", true,
				Map.of("X-B3-TraceId", TRACE_ID, "X-B3-SpanId", SPAN_ID, "X-B3-Sampled", "maybe")));
		return headers;
	}

	@BeforeEach
	void answerEveryQuestion() throws Exception {
		server.when((request) -> true, FakeResponse.text(ANSWER));
		// Boot initializes the dispatcher servlet on the first request, with a log line.
		ask(Map.of());
		finishedSpans();
		this.exporter.reset();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("headers")
	void shouldDoWhatIsDocumented(Headers headers, CapturedOutput output) throws Exception {
		List<String> documented = ReadmeTable.after(HEADING).get(headers.name());
		assertThat(documented).as("README row for %s", headers.name()).isNotNull();
		int logged = output.toString().length();
		HttpResponse<String> response = ask(headers.values());
		StringJoiner http = new StringJoiner("; ");
		http.add((response.statusCode() == 200 && ANSWER.equals(response.body())) ? "request succeeds"
				: "HTTP " + response.statusCode());
		SpanData llm = awaitLlmSpan();
		http.add((llm == null) ? "no AI span recorded" : trace(headers, llm.getTraceId()));
		if (llm != null && headers.values().containsKey("baggage")) {
			http.add(baggage(llm.getAttributes().get(AttributeKey.stringKey("user.id"))));
		}
		String during = output.toString().substring(logged);
		http.add(LOGGED.matcher(during).find() ? "logs: " + during.strip().lines().findFirst().orElse("")
				: "nothing logged");
		assertThat(http.toString()).isEqualTo(documented.get(0));
		assertThat(extract(headers.values(), headers)).isEqualTo(documented.get(1));
	}

	@Test
	void shouldExtractNothingFromNullOrEmptyHeaders() {
		List<String> nullMap = ReadmeTable.after(HEADING).get("AiTracer.extract(null)");
		List<String> nullValue = ReadmeTable.after(HEADING).get("AiTracer.extract with a null traceparent");
		assertThat(extract(null, null)).isEqualTo(nullMap.get(1));
		Map<String, String> withNull = new LinkedHashMap<>();
		withNull.put("traceparent", null);
		assertThat(extract(withNull, null)).isEqualTo(nullValue.get(1));
		assertThat(extract(Collections.emptyMap(), null)).isEqualTo("new trace");
	}

	@Test
	void shouldDocumentEveryCaseAndNoOther() {
		List<String> cases = new ArrayList<>(headers().stream().map(Headers::name).toList());
		cases.addAll(List.of("AiTracer.extract(null)", "AiTracer.extract with a null traceparent"));
		assertThat(ReadmeTable.after(HEADING).keySet()).containsExactlyInAnyOrderElementsOf(cases);
	}

	private String extract(@Nullable Map<String, String> values, @Nullable Headers headers) {
		AiTraceContext parent;
		try {
			parent = this.tracer.extract(values);
		}
		catch (RuntimeException ex) {
			return "throws " + ex;
		}
		try (AiSpan span = this.tracer.startSpan("extract.check", parent)) {
			return (headers != null) ? trace(headers, span.traceId()) : trace(null, span.traceId());
		}
	}

	private static String trace(@Nullable Headers headers, String traceId) {
		boolean continued = headers != null && headers.carriesTraceId() && traceId.equalsIgnoreCase(TRACE_ID);
		return continued ? "continues the caller's trace" : "new trace";
	}

	private static String baggage(@Nullable String userId) {
		return "alice".equals(userId) ? "user.id copied to the span" : "baggage dropped";
	}

	private @Nullable SpanData awaitLlmSpan() {
		long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
		do {
			List<SpanData> spans = finishedSpans().stream().filter((span) -> span.getName().equals("llm.generate")).toList();
			if (!spans.isEmpty()) {
				assertThat(spans).hasSize(1);
				return spans.get(0);
			}
			Thread.onSpinWait();
		}
		while (System.nanoTime() < deadline);
		return null;
	}

	private HttpResponse<String> ask(Map<String, String> headers) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/ask"));
		headers.forEach(request::header);
		return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static Headers traceparent(String name, String value) {
		return new Headers("traceparent: " + name, true, Map.of("traceparent", value));
	}

	private static Headers baggage(String name, String value) {
		return new Headers("baggage: " + name, true, Map.of("traceparent", TRACEPARENT, "baggage", value));
	}

	/**
	 * Headers of one incoming request.
	 *
	 * @param name how the README's table names them
	 * @param carriesTraceId whether they hold the trace id {@value #TRACE_ID} in some form
	 * @param values the headers
	 */
	record Headers(String name, boolean carriesTraceId, Map<String, String> values) {

		@Override
		public String toString() {
			return this.name;
		}

	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@Import({ InMemorySpanExporterConfiguration.class, AskController.class })
	static class WebApplication {

	}

	@RestController
	static class AskController {

		private final ChatModel chatModel;

		AskController(ChatModel chatModel) {
			this.chatModel = chatModel;
		}

		@GetMapping("/ask")
		String ask() {
			return this.chatModel.call("What is the capital of France?");
		}

	}

}
