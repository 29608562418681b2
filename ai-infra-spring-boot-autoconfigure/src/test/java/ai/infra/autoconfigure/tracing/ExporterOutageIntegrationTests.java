package ai.infra.autoconfigure.tracing;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.ObjectName;

import ai.infra.test.openai.FakeOpenAiServer;
import ai.infra.test.openai.FakeResponse;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.ai.chat.model.ChatModel;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application whose tracing backend cannot be reached keeps serving: thousands of
 * traced model calls through the real Spring AI OpenAI client all answer, the spans that
 * cannot be exported are counted on {@code /actuator/prometheus}, the ones still held
 * are bounded by the span processor's queue, and the outage is reported once.
 * Subclasses choose how the OTLP/HTTP endpoint fails.
 */
@SpringBootTest(classes = ExporterOutageIntegrationTests.TestApplication.class,
		webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "ai-infra.tracing.protocol=http/protobuf", "spring.ai.openai.api-key=sk-test-outage",
				"spring.ai.openai.chat.options.model=gpt-4o-mini", "spring.ai.openai.max-retries=0",
				"spring.ai.openai.chat.max-retries=0", "management.endpoints.web.exposure.include=prometheus",
				"management.opentelemetry.tracing.export.max-queue-size="
						+ ExporterOutageIntegrationTests.MAX_QUEUE_SIZE,
				"management.opentelemetry.tracing.export.max-batch-size="
						+ ExporterOutageIntegrationTests.MAX_BATCH_SIZE })
@DirtiesContext
@ExtendWith(OutputCaptureExtension.class)
abstract class ExporterOutageIntegrationTests {

	static final int MAX_QUEUE_SIZE = 2048;

	static final int MAX_BATCH_SIZE = 512;

	private static final int CALLS = 20_000;

	private static final int THREADS = 2;

	// Spans of calls and scrapes still open, besides the queue, the batch being exported
	// and the one export left waiting for an answer.
	private static final int IN_FLIGHT = 64;

	private static final Pattern SDK_SPANS = Pattern
		.compile("^\\s*\\d+:\\s+(\\d+)\\s+\\d+\\s+io\\.opentelemetry\\.sdk\\.trace\\.SdkSpan\\s*$", Pattern.MULTILINE);

	// Daemon threads, ending with the test JVM.
	private static final FakeOpenAiServer server = FakeOpenAiServer.start();

	private final HttpClient http = HttpClient.newHttpClient();

	@Autowired
	private ChatModel chatModel;

	@Autowired
	private EndedSpans endedSpans;

	@LocalServerPort
	private int port;

	@DynamicPropertySource
	static void modelServer(DynamicPropertyRegistry registry) {
		registry.add("spring.ai.openai.base-url", server::apiBaseUrl);
	}

	/**
	 * Return the OTLP/HTTP endpoint spans are sent to, as it appears in the log.
	 * @return the endpoint
	 */
	abstract String endpoint();

	/**
	 * Return what the outage warning names as the cause.
	 * @return part of the cause
	 */
	abstract String cause();

	@Test
	void shouldAnswerEveryCallCountDroppedSpansAndBoundMemory(CapturedOutput output) throws Exception {
		server.reset();
		server.responder((request) -> FakeResponse.text("pong", 5, 1));
		long start = System.nanoTime();
		List<String> problems = callModel();
		double seconds = (System.nanoTime() - start) / 1e9;
		assertThat(problems).isEmpty();
		long liveSpans = liveSdkSpans();
		String scrape = scrape();
		long ended = this.endedSpans.count();
		double queueFull = value(scrape, "ai_tracing_spans_dropped_total{reason=\"queue_full\"}");
		double exportFailed = value(scrape, "ai_tracing_spans_dropped_total{reason=\"export_failed\"}");
		String warning = awaitOutageWarning(output);
		System.out.printf("%s: %,d calls in %.1f s, %,d spans ended %s, %,d live SdkSpans, dropped: queue_full=%,.0f "
				+ "export_failed=%,.0f%n", getClass().getSimpleName(), CALLS, seconds, ended, this.endedSpans.byName(),
				liveSpans, queueFull, exportFailed);
		assertThat(ended).isGreaterThanOrEqualTo(CALLS);
		assertThat(liveSpans).isLessThanOrEqualTo(MAX_QUEUE_SIZE + 2 * MAX_BATCH_SIZE + IN_FLIGHT);
		double dropped = queueFull + exportFailed;
		assertThat(dropped).isPositive().isLessThanOrEqualTo(ended);
		// Nothing reached the endpoint: every span not counted as dropped is still held.
		assertThat(ended - dropped).isLessThanOrEqualTo(MAX_QUEUE_SIZE + 2 * MAX_BATCH_SIZE + IN_FLIGHT);
		assertThat(warning).contains("Spans cannot be exported to " + endpoint() + " (", cause());
		assertThat(outageWarnings(output)).hasSize(1);
		// The OpenTelemetry exporter's own line per failed batch is off by default.
		assertThat(output).doesNotContain("Failed to export spans");
	}

	private List<String> callModel() throws Exception {
		ExecutorService executor = Executors.newFixedThreadPool(THREADS);
		try {
			List<Future<List<String>>> results = new ArrayList<>();
			for (int thread = 0; thread < THREADS; thread++) {
				results.add(executor.submit(() -> {
					List<String> problems = new ArrayList<>();
					for (int i = 0; i < CALLS / THREADS; i++) {
						try {
							String answer = this.chatModel.call("ping");
							if (!"pong".equals(answer)) {
								problems.add("answer: " + answer);
							}
						}
						catch (RuntimeException ex) {
							problems.add(ex.toString());
						}
					}
					return problems;
				}));
			}
			List<String> problems = new ArrayList<>();
			for (Future<List<String>> result : results) {
				problems.addAll(result.get());
			}
			return problems;
		}
		finally {
			executor.shutdown();
		}
	}

	// The class histogram of live objects, taken after a full collection.
	private static long liveSdkSpans() throws Exception {
		String histogram = (String) ManagementFactory.getPlatformMBeanServer()
			.invoke(new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
					new Object[] { new String[0] }, new String[] { String[].class.getName() });
		Matcher matcher = SDK_SPANS.matcher(histogram);
		return matcher.find() ? Long.parseLong(matcher.group(1)) : 0;
	}

	private String awaitOutageWarning(CapturedOutput output) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (outageWarnings(output).isEmpty() && System.nanoTime() < deadline) {
			Thread.sleep(100);
		}
		assertThat(outageWarnings(output)).as("outage warning in%n%s", output).isNotEmpty();
		return outageWarnings(output).get(0);
	}

	private List<String> outageWarnings(CapturedOutput output) {
		return output.getAll()
			.lines()
			.filter((line) -> line.contains("WARN") && line.contains("Spans cannot be exported to " + endpoint()))
			.toList();
	}

	private String scrape() throws Exception {
		HttpResponse<String> response = this.http.send(
				HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/actuator/prometheus"))
					.header("Accept", "text/plain")
					.build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		return response.body();
	}

	private static double value(String scrape, String series) {
		Matcher matcher = Pattern.compile("^" + Pattern.quote(series) + " (\\S+)$", Pattern.MULTILINE).matcher(scrape);
		assertThat(matcher.find()).as("series %s in%n%s", series, scrape).isTrue();
		return Double.parseDouble(matcher.group(1));
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class TestApplication {

		@Bean
		EndedSpans endedSpans() {
			return new EndedSpans();
		}

	}

	/**
	 * Counts the sampled spans that ended, whatever became of them afterwards.
	 */
	static final class EndedSpans implements SpanProcessor {

		private final Map<String, LongAdder> byName = new ConcurrentHashMap<>();

		long count() {
			return this.byName.values().stream().mapToLong(LongAdder::sum).sum();
		}

		Map<String, Long> byName() {
			Map<String, Long> counts = new TreeMap<>();
			this.byName.forEach((name, count) -> counts.put(name, count.sum()));
			return counts;
		}

		@Override
		public void onStart(Context parentContext, ReadWriteSpan span) {
		}

		@Override
		public boolean isStartRequired() {
			return false;
		}

		@Override
		public void onEnd(ReadableSpan span) {
			if (span.getSpanContext().isSampled()) {
				this.byName.computeIfAbsent(span.getName(), (name) -> new LongAdder()).increment();
			}
		}

		@Override
		public boolean isEndRequired() {
			return true;
		}

	}

}
