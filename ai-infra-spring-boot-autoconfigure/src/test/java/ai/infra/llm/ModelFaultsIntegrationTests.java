package ai.infra.llm;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import ai.infra.internal.logging.TraceMdc;
import ai.infra.internal.metrics.AiMetrics;
import ai.infra.test.openai.FakeRequest;
import ai.infra.test.openai.FakeResponse;
import com.openai.core.ClientOptions;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.semconv.ErrorAttributes;
import io.opentelemetry.semconv.ExceptionAttributes;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import reactor.core.publisher.Flux;

import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.openai.OpenAiChatOptions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.test.util.ReflectionTestUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/**
 * A few hundred model calls through the real Spring AI OpenAI client, 30% of them failing
 * on a fixed pseudo-random schedule (rate limits, server errors, timeouts, responses cut
 * off mid-body), made directly and through {@code ChatClient}, blocking and streaming,
 * from several threads at once: the caller sees exactly the failures it would see without
 * ai-infra, every failure is one ERROR span and one {@code status="error"} count, no span
 * stays open and no trace id stays behind in the MDC.
 * <p>
 * Spring AI 2.0.1's OpenAI model leaves retries to the OpenAI SDK (Spring AI's own
 * {@code spring.ai.retry.*} is not used by it), which retries rate limits, server errors
 * and timeouts unless {@code spring.ai.openai.chat.max-retries=0}; with retries off every
 * scheduled call is exactly one request, which the test checks.
 */
@SpringBootTest(classes = { LlmTracingSupport.TestApplication.class, ModelFaultsIntegrationTests.OpenSpansConfiguration.class },
		webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "ai-infra.tracing.exporter=none", "spring.ai.openai.api-key=sk-test-faults",
				"spring.ai.openai.chat.options.model=gpt-4o-mini", "spring.ai.openai.max-retries=0",
				"spring.ai.openai.chat.max-retries=0", "management.endpoints.web.exposure.include=prometheus",
				"management.opentelemetry.tracing.export.max-queue-size=20000" })
class ModelFaultsIntegrationTests extends FakeModelServerTests {

	private static final long SEED = 0x5EED_FA17L;

	private static final int CALLS = 320;

	private static final int CALLER_THREADS = 4;

	// Every call carries it, as an application would; successful answers take milliseconds.
	private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(2);

	private static final Duration SLOW_ANSWER = Duration.ofSeconds(4);

	private static final String ANSWER = "alpha beta gamma delta";

	// Role chunk, one per word, finish chunk and usage chunk; [DONE] follows.
	private static final int STREAM_CHUNKS = 7;

	private static final String PROMPT_PREFIX = "fault schedule call ";

	private static final Pattern CALL_NUMBER = Pattern.compile(Pattern.quote(PROMPT_PREFIX) + "(\\d+)");

	private final ExecutorService callers = Executors.newFixedThreadPool(CALLER_THREADS);

	@Autowired
	private ChatModel chatModel;

	@Autowired
	private ChatClient.Builder chatClientBuilder;

	@Autowired
	private OpenTelemetry openTelemetry;

	@Autowired
	private MeterRegistry meterRegistry;

	@Autowired
	private OpenSpans openSpans;

	@Value("${local.server.port}")
	private int port;

	@Test
	void shouldReportEveryScheduledFailureExactlyOnceAndLeaveNothingBehind() throws Exception {
		List<ScheduledCall> schedule = schedule();
		Map<Integer, ScheduledCall> responses = new ConcurrentHashMap<>();
		schedule.forEach((call) -> responses.put(call.number(), call));
		server.responder((request) -> responseFor(request, responses));
		Map<Way, Map<Fault, String>> untraced = failuresWithoutAiInfra(responses);
		Caller caller = new Caller(this.chatModel, this.chatClientBuilder.build(), this.openTelemetry);
		double countedAtStart = total(llmRequestCounts());
		warmUp(caller);
		// A stream's span and meters are recorded just after its subscriber completed.
		Map<String, Double> countsBefore = awaitLlmRequestCounts(countedAtStart + Way.values().length);
		String scrapeBefore = scrape();
		int requestsBefore = server.requests().size();

		long start = System.nanoTime();
		List<Outcome> outcomes;
		List<Map<String, String>> idleCallerMdc;
		try {
			outcomes = run(schedule, caller);
			idleCallerMdc = mdcOfIdleThreads(this.callers, CALLER_THREADS);
		}
		finally {
			this.callers.shutdown();
		}
		List<Map<String, String>> idleStreamHandlerMdc = mdcOfIdleThreads(streamHandlerExecutor(),
				streamCallbackThreads(outcomes));
		long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

		// No retries: each scheduled call reached the server exactly once.
		assertThat(server.requests().subList(requestsBefore, server.requests().size()))
			.extracting(ModelFaultsIntegrationTests::callNumber)
			.containsExactlyInAnyOrderElementsOf(responses.keySet().stream().filter((n) -> n < CALLS).toList());
		assertCallersSawTheScheduledFailures(outcomes, untraced);
		this.openSpans.awaitNoneOpen(Duration.ofSeconds(20));
		assertThat(this.openSpans.open()).isEmpty();
		assertThat(this.openSpans.ended()).isEqualTo(this.openSpans.started());
		int failures = assertOneLlmSpanPerCallWithItsOutcome(outcomes);
		assertThat(failures).isEqualTo(CALLS * 3 / 10);

		// The meters count the same failures and successes, in Micrometer and in the scrape.
		Map<String, Double> countsAfter = awaitLlmRequestCounts(total(countsBefore) + CALLS);
		assertThat(countsAfter.get(AiMetrics.ERROR) - countsBefore.getOrDefault(AiMetrics.ERROR, 0.0))
			.isEqualTo(failures);
		assertThat(countsAfter.get(AiMetrics.SUCCESS) - countsBefore.getOrDefault(AiMetrics.SUCCESS, 0.0))
			.isEqualTo(CALLS - failures);
		String scrapeAfter = scrape();
		assertThat(scrapedRequests(scrapeAfter, AiMetrics.ERROR) - scrapedRequests(scrapeBefore, AiMetrics.ERROR))
			.isEqualTo(failures);
		assertThat(scrapedRequests(scrapeAfter, AiMetrics.SUCCESS) - scrapedRequests(scrapeBefore, AiMetrics.SUCCESS))
			.isEqualTo(CALLS - failures);

		// Nothing but the call's own ids in the MDC while its stream ran, nothing afterwards
		// on the calling threads nor on the threads that ran stream callbacks.
		assertOnlyOwnIdsInCallbacksAndNoneAfterwards(outcomes);
		assertThat(idleCallerMdc).hasSize(CALLER_THREADS).allSatisfy((mdc) -> assertThat(mdc).isEmpty());
		assertThat(idleStreamHandlerMdc).isNotEmpty().allSatisfy((mdc) -> assertThat(mdc).isEmpty());

		System.out.printf("Model faults: %d calls %s %s in %d ms, %d spans started and ended%n", outcomes.size(),
				count(outcomes, (outcome) -> outcome.call().fault(), Fault.class),
				count(outcomes, (outcome) -> outcome.call().way(), Way.class), elapsedMillis, this.openSpans.ended());
	}

	private static void assertCallersSawTheScheduledFailures(List<Outcome> outcomes,
			Map<Way, Map<Fault, String>> untraced) {
		for (Outcome outcome : outcomes) {
			ScheduledCall call = outcome.call();
			if (call.fault() == Fault.NONE) {
				assertThat(outcome.thrown()).as("%s", call).isNull();
				assertThat(outcome.answer()).as("%s", call).isEqualTo(ANSWER);
			}
			else {
				assertThat(outcome.thrown()).as("%s", call).isNotNull();
				assertThat(describe(outcome.thrown())).as("%s", call)
					.isEqualTo(untraced.get(call.way()).get(call.fault()));
			}
		}
	}

	private int assertOneLlmSpanPerCallWithItsOutcome(List<Outcome> outcomes) {
		Map<String, List<SpanData>> llmSpansByTrace = LlmTracingSupport.named(finishedSpans(), "llm.generate")
			.stream()
			.collect(Collectors.groupingBy(SpanData::getTraceId));
		int failures = 0;
		for (Outcome outcome : outcomes) {
			List<SpanData> spans = llmSpansByTrace.getOrDefault(outcome.traceId(), List.of());
			assertThat(spans).as("llm.generate spans of %s", outcome.call()).hasSize(1);
			SpanData span = spans.get(0);
			if (outcome.thrown() == null) {
				assertThat(span.getStatus().getStatusCode()).as("%s", outcome.call()).isEqualTo(StatusCode.UNSET);
				assertThat(span.getAttributes().get(ErrorAttributes.ERROR_TYPE)).isNull();
				assertThat(span.getEvents()).extracting(EventData::getName).doesNotContain("exception");
			}
			else {
				failures++;
				String type = outcome.thrown().getClass().getName();
				assertThat(span.getStatus().getStatusCode()).as("%s", outcome.call()).isEqualTo(StatusCode.ERROR);
				assertThat(span.getAttributes().get(ErrorAttributes.ERROR_TYPE)).as("%s", outcome.call())
					.isEqualTo(type);
				assertThat(span.getEvents()).filteredOn((event) -> event.getName().equals("exception"))
					.singleElement()
					.satisfies((event) -> assertThat(event.getAttributes().get(ExceptionAttributes.EXCEPTION_TYPE))
						.isEqualTo(type));
			}
		}
		return failures;
	}

	private static void assertOnlyOwnIdsInCallbacksAndNoneAfterwards(List<Outcome> outcomes) {
		for (Outcome outcome : outcomes) {
			assertThat(outcome.mdcAfter()).as("MDC after %s", outcome.call()).isEmpty();
			assertThat(outcome.callbackMdc()).as("MDC in callbacks of %s", outcome.call())
				.allSatisfy((observed) -> assertThat(observed.mdc()).as("on %s", observed.thread())
					.containsOnly(entry(TraceMdc.TRACE_ID, outcome.traceId()), entry("traceId", outcome.traceId()),
							entry(TraceMdc.SPAN_ID, outcome.rootSpanId()), entry("spanId", outcome.rootSpanId())));
		}
	}

	private static <E extends Enum<E>> Map<E, Long> count(List<Outcome> outcomes, Function<Outcome, E> key,
			Class<E> type) {
		return outcomes.stream().collect(Collectors.groupingBy(key, () -> new EnumMap<>(type), Collectors.counting()));
	}

	private List<Outcome> run(List<ScheduledCall> schedule, Caller caller) throws Exception {
		List<Future<Outcome>> futures = new ArrayList<>();
		for (ScheduledCall call : schedule) {
			futures.add(this.callers.submit(() -> caller.perform(call)));
		}
		List<Outcome> outcomes = new ArrayList<>();
		for (Future<Outcome> future : futures) {
			outcomes.add(future.get(2, TimeUnit.MINUTES));
		}
		return outcomes;
	}

	private static void warmUp(Caller caller) {
		for (Way way : Way.values()) {
			ScheduledCall call = new ScheduledCall(-1 - way.ordinal(), way, Fault.NONE, 0);
			assertThat(caller.perform(call).answer()).isEqualTo(ANSWER);
		}
	}

	private static List<ScheduledCall> schedule() {
		Random random = new Random(SEED);
		List<Fault> faults = new ArrayList<>(Collections.nCopies(CALLS, Fault.NONE));
		Fault[] kinds = { Fault.RATE_LIMITED, Fault.SERVER_ERROR, Fault.TIMED_OUT, Fault.TRUNCATED };
		for (int i = 0; i < CALLS * 3 / 10; i++) {
			faults.set(i, kinds[i % kinds.length]);
		}
		Collections.shuffle(faults, random);
		List<ScheduledCall> schedule = new ArrayList<>();
		for (int number = 0; number < CALLS; number++) {
			Way way = Way.values()[random.nextInt(Way.values().length)];
			schedule.add(new ScheduledCall(number, way, faults.get(number), random.nextInt(STREAM_CHUNKS + 1)));
		}
		return schedule;
	}

	private static FakeResponse responseFor(FakeRequest request, Map<Integer, ScheduledCall> schedule) {
		int number = callNumber(request);
		ScheduledCall call = schedule.get(number);
		return (call != null) ? call.response() : FakeResponse.text(ANSWER, 12, 4);
	}

	private static int callNumber(FakeRequest request) {
		Matcher matcher = CALL_NUMBER.matcher(request.lastUserMessage().text());
		return matcher.find() ? Integer.parseInt(matcher.group(1)) : Integer.MIN_VALUE;
	}

	/**
	 * What each way of calling throws for each fault when ai-infra is off.
	 */
	private static Map<Way, Map<Fault, String>> failuresWithoutAiInfra(Map<Integer, ScheduledCall> responses) {
		Map<Way, Map<Fault, String>> failures = new EnumMap<>(Way.class);
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(
				LlmTracingSupport.TestApplication.class)
			.web(WebApplicationType.NONE)
			.properties("ai-infra.tracing.enabled=false", "spring.ai.openai.api-key=sk-test-faults",
					"spring.ai.openai.base-url=" + server.apiBaseUrl(), "spring.ai.openai.chat.options.model=gpt-4o-mini",
					"spring.ai.openai.max-retries=0", "spring.ai.openai.chat.max-retries=0",
					"spring.main.banner-mode=off")
			.run()) {
			Caller untraced = new Caller(context.getBean(ChatModel.class),
					context.getBean(ChatClient.Builder.class).build(), OpenTelemetry.noop());
			warmUp(untraced);
			int number = CALLS;
			for (Way way : Way.values()) {
				Map<Fault, String> byFault = new EnumMap<>(Fault.class);
				for (Fault fault : Fault.values()) {
					if (fault != Fault.NONE) {
						ScheduledCall call = new ScheduledCall(number++, way, fault, 3);
						responses.put(call.number(), call);
						Throwable thrown = untraced.perform(call).thrown();
						assertThat(thrown).as("%s without ai-infra", call).isNotNull();
						byFault.put(fault, describe(thrown));
					}
				}
				failures.put(way, byFault);
			}
		}
		return failures;
	}

	// The cause of a cut-off body depends on when the client notices the closed
	// connection; what the application sees is the exception itself.
	private static String describe(Throwable thrown) {
		return thrown.getClass().getName() + ": " + thrown.getMessage();
	}

	private Map<String, Double> llmRequestCounts() {
		Map<String, Double> counts = new HashMap<>();
		for (Counter counter : this.meterRegistry.find("ai.llm.requests").counters()) {
			counts.merge(counter.getId().getTag("status"), counter.count(), Double::sum);
		}
		return counts;
	}

	private Map<String, Double> awaitLlmRequestCounts(double total) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
		Map<String, Double> counts = llmRequestCounts();
		while (total(counts) < total && System.nanoTime() < deadline) {
			Thread.sleep(20);
			counts = llmRequestCounts();
		}
		return counts;
	}

	private static double total(Map<String, Double> counts) {
		return counts.values().stream().mapToDouble(Double::doubleValue).sum();
	}

	private String scrape() throws Exception {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/actuator/prometheus")).build(),
					HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		return response.body();
	}

	private static double scrapedRequests(String scrape, String status) {
		Matcher matcher = Pattern
			.compile("^ai_llm_requests_total\\{[^}]*status=\"" + status + "\"[^}]*\\} (\\S+)$", Pattern.MULTILINE)
			.matcher(scrape);
		double total = 0;
		while (matcher.find()) {
			total += Double.parseDouble(matcher.group(1));
		}
		return total;
	}

	private Executor streamHandlerExecutor() {
		// The OpenAI SDK runs stream callbacks on its own pool, which Spring AI does not
		// expose.
		Object client = ReflectionTestUtils.getField(this.chatModel, "openAiClientAsync");
		ClientOptions options = (ClientOptions) ReflectionTestUtils.getField(client, "clientOptions");
		return options.streamHandlerExecutor();
	}

	private static int streamCallbackThreads(List<Outcome> outcomes) {
		return (int) outcomes.stream()
			.flatMap((outcome) -> outcome.callbackMdc().stream())
			.map(ObservedMdc::thread)
			.filter((thread) -> thread.startsWith("openai-stream-handler"))
			.distinct()
			.count();
	}

	/**
	 * The MDC of as many idle pool threads as given, read by tasks that all run at once
	 * and therefore each on its own thread.
	 */
	private static List<Map<String, String>> mdcOfIdleThreads(Executor pool, int threads)
			throws InterruptedException {
		CountDownLatch running = new CountDownLatch(threads);
		CountDownLatch read = new CountDownLatch(threads);
		List<Map<String, String>> seen = new CopyOnWriteArrayList<>();
		for (int i = 0; i < threads; i++) {
			pool.execute(() -> {
				seen.add(currentMdc());
				running.countDown();
				try {
					running.await(10, TimeUnit.SECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				read.countDown();
			});
		}
		assertThat(read.await(20, TimeUnit.SECONDS)).isTrue();
		return seen;
	}

	private static Map<String, String> currentMdc() {
		Map<String, String> mdc = MDC.getCopyOfContextMap();
		return (mdc != null) ? mdc : Map.of();
	}

	enum Way {

		MODEL_CALL, MODEL_STREAM, CLIENT_CALL, CLIENT_STREAM

	}

	enum Fault {

		NONE, RATE_LIMITED, SERVER_ERROR, TIMED_OUT, TRUNCATED

	}

	record ScheduledCall(int number, Way way, Fault fault, int truncateAfterChunks) {

		String prompt() {
			return PROMPT_PREFIX + this.number;
		}

		FakeResponse response() {
			FakeResponse answer = FakeResponse.text(ANSWER, 12, 4);
			return switch (this.fault) {
				case NONE -> answer;
				case RATE_LIMITED -> FakeResponse.error(429);
				case SERVER_ERROR -> FakeResponse.error(500);
				case TIMED_OUT -> FakeResponse.delayed(SLOW_ANSWER, answer);
				// A stream is cut anywhere from before its first chunk to just before
				// [DONE]; a plain response halfway through its JSON.
				case TRUNCATED -> answer.truncatedAfterChunks(this.truncateAfterChunks);
			};
		}

	}

	/**
	 * Makes one scheduled call the way it says, inside a root span of its own, and
	 * records what the caller saw.
	 */
	record Caller(ChatModel chatModel, ChatClient chatClient, OpenTelemetry openTelemetry) {

		Outcome perform(ScheduledCall call) {
			List<ObservedMdc> callbackMdc = new CopyOnWriteArrayList<>();
			String answer = null;
			Throwable thrown = null;
			Span root = this.openTelemetry.getTracer("test").spanBuilder("fault.call").startSpan();
			try (Scope scope = root.makeCurrent()) {
				answer = call(call, callbackMdc);
			}
			catch (RuntimeException ex) {
				thrown = ex;
			}
			finally {
				root.end();
			}
			return new Outcome(call, root.getSpanContext().getTraceId(), root.getSpanContext().getSpanId(), answer,
					thrown, List.copyOf(callbackMdc), currentMdc());
		}

		private String call(ScheduledCall call, List<ObservedMdc> callbackMdc) {
			OpenAiChatOptions.Builder options = OpenAiChatOptions.builder().timeout(CLIENT_TIMEOUT);
			return switch (call.way()) {
				case MODEL_CALL -> this.chatModel.call(new Prompt(call.prompt(), options.build()))
					.getResult()
					.getOutput()
					.getText();
				case MODEL_STREAM -> collect(this.chatModel.stream(new Prompt(call.prompt(), options.build()))
					.mapNotNull((response) -> (response.getResult() != null)
							? response.getResult().getOutput().getText() : null), callbackMdc);
				case CLIENT_CALL -> this.chatClient.prompt().user(call.prompt()).options(options).call().content();
				case CLIENT_STREAM -> collect(
						this.chatClient.prompt().user(call.prompt()).options(options).stream().content(),
						callbackMdc);
			};
		}

		private static String collect(Flux<String> content, List<ObservedMdc> callbackMdc) {
			return content.doOnNext((piece) -> callbackMdc.add(ObservedMdc.now()))
				.doFinally((signal) -> callbackMdc.add(ObservedMdc.now()))
				.collect(Collectors.joining())
				.block();
		}

	}

	record ObservedMdc(String thread, Map<String, String> mdc) {

		static ObservedMdc now() {
			return new ObservedMdc(Thread.currentThread().getName(), currentMdc());
		}

	}

	record Outcome(ScheduledCall call, String traceId, String rootSpanId, String answer, Throwable thrown,
			List<ObservedMdc> callbackMdc, Map<String, String> mdcAfter) {
	}

	/**
	 * Counts the spans that start and end, and keeps those still open.
	 */
	static final class OpenSpans implements SpanProcessor {

		private final Map<String, String> open = new ConcurrentHashMap<>();

		private final AtomicLong started = new AtomicLong();

		private final AtomicLong ended = new AtomicLong();

		@Override
		public void onStart(Context parentContext, ReadWriteSpan span) {
			this.started.incrementAndGet();
			this.open.put(span.getSpanContext().getSpanId(), span.getName());
		}

		@Override
		public boolean isStartRequired() {
			return true;
		}

		@Override
		public void onEnd(ReadableSpan span) {
			this.ended.incrementAndGet();
			this.open.remove(span.getSpanContext().getSpanId());
		}

		@Override
		public boolean isEndRequired() {
			return true;
		}

		Map<String, String> open() {
			return new LinkedHashMap<>(this.open);
		}

		long started() {
			return this.started.get();
		}

		long ended() {
			return this.ended.get();
		}

		void awaitNoneOpen(Duration timeout) throws InterruptedException {
			long deadline = System.nanoTime() + timeout.toNanos();
			while (!this.open.isEmpty() && System.nanoTime() < deadline) {
				Thread.sleep(20);
			}
		}

	}

	@TestConfiguration(proxyBeanMethods = false)
	static class OpenSpansConfiguration {

		@Bean
		OpenSpans openSpans() {
			return new OpenSpans();
		}

	}

}
