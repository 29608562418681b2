package ai.infra.autoconfigure.tracing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import ai.infra.tracing.AiSpan;
import ai.infra.tracing.AiTracer;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real embedded Tomcat: incoming {@code traceparent} and {@code baggage} headers reach
 * ai-infra's spans through Boot's HTTP server span, and JSON log lines carry the ids of
 * the span they were written in, also under concurrent requests.
 */
@ExtendWith(OutputCaptureExtension.class)
class HttpTracingIntegrationTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private static ConfigurableApplicationContext context;

	private static String baseUrl;

	@BeforeAll
	static void startApplication() {
		SpringApplication application = new SpringApplication(WebApplication.class);
		context = application.run("--server.port=0", "--server.address=127.0.0.1", "--spring.main.banner-mode=off",
				"--ai-infra.tracing.exporter=none", "--ai-infra.logging.format=json", "--spring.ai.openai.api-key=sk-unused",
				"--spring.task.execution.pool.core-size=1", "--spring.task.execution.pool.max-size=1");
		int port = ((WebServerApplicationContext) context).getWebServer().getPort();
		baseUrl = "http://127.0.0.1:" + port;
	}

	@AfterAll
	static void stopApplication() {
		if (context != null) {
			context.close();
		}
		LoggingReset.toDefaults();
	}

	@BeforeEach
	void resetSpans() {
		FinishedSpans.reset(context);
	}

	@Test
	void shouldMakeHttpServerSpanTheParentOfAiSpans() throws Exception {
		String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
		String callerSpanId = "00f067aa0ba902b7";
		HttpResponse<String> response = get("/answer?marker=parent",
				Map.of("traceparent", "00-" + traceId + "-" + callerSpanId + "-01"));
		assertThat(response.statusCode()).isEqualTo(200);
		SpanData answer = FinishedSpans.named(context, "answer_question");
		// The server span ends after the response has been written.
		SpanData server = Awaitility.await()
			.atMost(Duration.ofSeconds(10))
			.until(() -> FinishedSpans.of(context)
				.stream()
				.filter((span) -> span.getSpanId().equals(answer.getParentSpanId()))
				.findFirst(), Optional::isPresent)
			.orElseThrow();
		assertThat(answer.getTraceId()).isEqualTo(traceId).isEqualTo(response.body());
		assertThat(server.getTraceId()).isEqualTo(traceId);
		assertThat(server.getParentSpanId()).isEqualTo(callerSpanId);
		assertThat(server.getInstrumentationScopeInfo().getName()).isEqualTo("org.springframework.boot");
		assertThat(answer.getInstrumentationScopeInfo().getName()).isEqualTo("ai.infra");
	}

	@Test
	void shouldCopyCallersBaggageOntoAiSpans() throws Exception {
		get("/answer?marker=baggage", Map.of("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4737-00f067aa0ba902b7-01",
				"baggage", "user.id=alice,tenant.id=acme,session.secret=s3cr3t"));
		SpanData answer = FinishedSpans.named(context, "answer_question");
		assertThat(answer.getAttributes().get(AttributeKey.stringKey("user.id"))).isEqualTo("alice");
		assertThat(answer.getAttributes().get(AttributeKey.stringKey("tenant.id"))).isEqualTo("acme");
		assertThat(answer.getAttributes().get(AttributeKey.stringKey("session.secret"))).isNull();
	}

	@Test
	void shouldWriteJsonLogLinesWithTheIdsOfTheCurrentSpan(CapturedOutput output) throws Exception {
		String traceId = "4bf92f3577b34da6a3ce929d0e0e4738";
		get("/answer?marker=json", Map.of("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01"));
		SpanData answer = FinishedSpans.named(context, "answer_question");
		Map<String, Object> inside = logLine(output, "inside span json");
		assertThat(inside).containsEntry("trace_id", traceId)
			.containsEntry("span_id", answer.getSpanId())
			.containsEntry("level", "INFO")
			.containsEntry("logger", TracedController.class.getName())
			.containsKey("timestamp");
		Map<String, Object> after = logLine(output, "after span json");
		assertThat(after).containsEntry("trace_id", traceId).containsEntry("span_id", answer.getParentSpanId());
		LogFactory.getLog(getClass()).info("outside any span");
		assertThat(logLine(output, "outside any span")).doesNotContainKeys("trace_id", "span_id");
	}

	@Test
	void shouldWriteExceptionDetailsAsJson(CapturedOutput output) throws Exception {
		HttpResponse<String> response = get("/failing", Map.of());
		assertThat(response.statusCode()).isEqualTo(200);
		Map<String, Object> line = logLine(output, "lookup failed");
		assertThat(line).containsEntry("level", "ERROR").containsKeys("trace_id", "span_id");
		assertThat(line.get("exception")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
			.containsEntry("type", IllegalStateException.class.getName())
			.containsEntry("message", "index offline")
			.hasEntrySatisfying("stacktrace",
					(trace) -> assertThat((String) trace).contains("at " + TracedController.class.getName()));
	}

	@Test
	void shouldNeverShowIdsOfOtherRequestsUnderConcurrency(CapturedOutput output) throws Exception {
		int requests = 50;
		Map<String, String> traceIds = new HashMap<>();
		List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
		for (int i = 0; i < requests; i++) {
			String traceId = String.format("%032x", 0xabc000L + i);
			traceIds.put("concurrent-" + i, traceId);
			HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/answer?marker=concurrent-" + i))
				.header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01")
				.build();
			responses.add(http.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
		}
		for (int i = 0; i < requests; i++) {
			assertThat(responses.get(i).join().body()).isEqualTo(traceIds.get("concurrent-" + i));
		}
		List<SpanData> spans = FinishedSpans.of(context);
		for (int i = 0; i < requests; i++) {
			String marker = "concurrent-" + i;
			Map<String, Object> inside = logLine(output, "inside span " + marker);
			Map<String, Object> after = logLine(output, "after span " + marker);
			assertThat(inside.get("trace_id")).as(marker).isEqualTo(traceIds.get(marker));
			assertThat(after.get("trace_id")).as(marker).isEqualTo(traceIds.get(marker));
			assertThat(spans).anySatisfy((span) -> {
				assertThat(span.getName()).isEqualTo("answer_question");
				assertThat(span.getSpanId()).isEqualTo(inside.get("span_id"));
				assertThat(span.getTraceId()).isEqualTo(traceIds.get(marker));
			});
		}
		// A request without a caller starts its own trace on the same pooled threads.
		HttpResponse<String> fresh = get("/answer?marker=fresh", Map.of());
		assertThat(traceIds).doesNotContainValue(fresh.body());
		assertThat(logLine(output, "inside span fresh")).containsEntry("trace_id", fresh.body());
	}

	@Test
	void shouldCarryIdsToTheTaskExecutorAndClearThemAfterwards(CapturedOutput output) throws Exception {
		String traceId = "4bf92f3577b34da6a3ce929d0e0e4739";
		get("/background?marker=task", Map.of("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01"));
		Map<String, Object> background = logLine(output, "background task");
		assertThat(background).containsEntry("trace_id", traceId);
		assertThat((String) background.get("thread")).startsWith("task-");
		// The same pooled thread, now running work submitted outside any span.
		Executor executor = context.getBean("applicationTaskExecutor", Executor.class);
		CompletableFuture.runAsync(() -> LogFactory.getLog(TracedController.class).info("pooled outside"), executor)
			.get(10, TimeUnit.SECONDS);
		Map<String, Object> outside = logLine(output, "pooled outside");
		assertThat(outside.get("thread")).isEqualTo(background.get("thread"));
		assertThat(outside).doesNotContainKeys("trace_id", "span_id");
	}

	private static HttpResponse<String> get(String path, Map<String, String> headers) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path));
		headers.forEach(request::header);
		return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> logLine(CapturedOutput output, String message) {
		List<Map<String, Object>> lines = output.getOut()
			.lines()
			.filter((line) -> line.startsWith("{"))
			.map((line) -> (Map<String, Object>) json.readValue(line, Map.class))
			.filter((line) -> message.equals(line.get("message")))
			.toList();
		assertThat(lines).as("log lines with message '%s'", message).hasSize(1);
		return lines.get(0);
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@Import({ InMemorySpanExporterConfiguration.class, TracedController.class })
	static class WebApplication {

	}

	@RestController
	static class TracedController {

		private static final Log logger = LogFactory.getLog(TracedController.class);

		private final AiTracer tracer;

		private final Executor executor;

		TracedController(AiTracer tracer, @Qualifier("applicationTaskExecutor") Executor executor) {
			this.tracer = tracer;
			this.executor = executor;
		}

		@GetMapping("/answer")
		String answer(@RequestParam String marker) {
			String traceId;
			try (AiSpan span = this.tracer.startSpan("answer_question")) {
				span.setAttribute("marker", marker);
				logger.info("inside span " + marker);
				traceId = span.traceId();
			}
			logger.info("after span " + marker);
			return traceId;
		}

		@GetMapping("/background")
		String background(@RequestParam String marker) throws Exception {
			return CompletableFuture.supplyAsync(() -> {
				logger.info("background " + marker);
				return Thread.currentThread().getName();
			}, this.executor).get(10, TimeUnit.SECONDS);
		}

		@GetMapping("/failing")
		String failing() {
			try (AiSpan span = this.tracer.startSpan("lookup")) {
				throw new IllegalStateException("index offline");
			}
			catch (IllegalStateException ex) {
				logger.error("lookup failed", ex);
				return "handled";
			}
		}

	}

}
