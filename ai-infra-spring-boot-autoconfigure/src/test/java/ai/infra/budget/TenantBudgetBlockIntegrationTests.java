package ai.infra.budget;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import ai.infra.budget.AiBudgetExceededException.Scope;
import ai.infra.internal.budget.SpendStore;
import ai.infra.internal.cost.Dollars;
import ai.infra.internal.observation.AiAttributes;
import ai.infra.llm.FakeModelServerTests;
import ai.infra.llm.LlmTracingSupport;
import ai.infra.test.openai.FakeResponse;
import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.semconv.ErrorAttributes;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.within;

/**
 * Window budgets with {@code action=block}, through the real Spring AI OpenAI client
 * against the fake model server: a tenant that has spent its limit gets its calls
 * refused before any request is sent, whatever the kind of call, until its window ends;
 * 64 concurrent callers overshoot the limit by no more than the calls in flight; the
 * {@code aibudget} endpoint shows each tenant's window.
 */
@SpringBootTest(classes = { LlmTracingSupport.TestApplication.class, TenantBudgetBlockIntegrationTests.Clocks.class },
		webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "ai-infra.tracing.exporter=none", "spring.ai.openai.api-key=sk-test-budgets",
				"spring.ai.openai.chat.options.model=gpt-4o-mini",
				"spring.ai.openai.embedding.model=text-embedding-3-small", "spring.ai.openai.max-retries=0",
				"spring.ai.openai.chat.max-retries=0", "spring.ai.openai.embedding.max-retries=0",
				"management.endpoints.web.exposure.include=aibudget",
				"management.opentelemetry.tracing.export.max-queue-size=20000", "ai-infra.budget.action=block",
				"ai-infra.budget.window=1h", "ai-infra.budget.default-limit=0.10", "ai-infra.budget.limits.acme=0.03",
				"ai-infra.budget.limits.closed=0", "ai-infra.budget.limits.rollover=0.015",
				"ai-infra.budget.limits.flood=0.15", "ai-infra.budget.limits.shown=0.05" })
class TenantBudgetBlockIntegrationTests extends FakeModelServerTests {

	/** What one call costs: 100,000 input tokens of gpt-4o-mini at $0.15 per million. */
	private static final double CALL_COST = 0.015;

	private static final Instant START = Instant.parse("2026-03-01T10:15:00Z");

	@Autowired
	private ChatModel chatModel;

	@Autowired
	private ChatClient.Builder chatClientBuilder;

	@Autowired
	private EmbeddingModel embeddingModel;

	@Autowired
	private MeterRegistry meterRegistry;

	@Autowired
	private SpendStore spendStore;

	@Autowired
	private TestClock clock;

	@Value("${local.server.port}")
	private int port;

	@BeforeEach
	void answerEveryCallAtTheSameCost() {
		server.responder((request) -> FakeResponse.text("ok", 100_000, 0));
	}

	@Test
	void shouldRefuseTheCallOfATenantThatSpentItsLimitWithoutSendingARequest() {
		double blockedBefore = blocked();
		Tenants.as("acme", () -> this.chatModel.call("first"));
		Tenants.as("acme", () -> this.chatModel.call("second"));
		assertThat(server.requests()).hasSize(2);

		assertThatExceptionOfType(AiBudgetExceededException.class)
			.isThrownBy(() -> Tenants.as("acme", () -> this.chatModel.call("third")))
			.satisfies((refusal) -> {
				assertThat(refusal.getScope()).isEqualTo(Scope.TENANT);
				assertThat(refusal.getSubject()).isEqualTo("acme");
				assertThat(refusal.getLimit()).isEqualTo(0.03);
				assertThat(refusal.getSpent()).isCloseTo(2 * CALL_COST, within(1e-12));
				assertThat(refusal.getWindowEnd()).contains(windowStart().plus(Duration.ofHours(1)));
			});
		assertThat(server.requests()).hasSize(2);
		assertThat(blocked()).isEqualTo(blockedBefore + 1);
		assertThat(activeLongTaskTimers()).isZero();

		List<SpanData> calls = LlmTracingSupport.named(finishedSpans(), "llm.generate");
		assertThat(calls).hasSize(3);
		SpanData refused = calls.get(2);
		assertThat(refused.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
		assertThat(refused.getAttributes().get(ErrorAttributes.ERROR_TYPE))
			.isEqualTo(AiAttributes.BUDGET_EXCEEDED_ERROR_TYPE);
		EventData blockedEvent = event(refused, AiAttributes.BUDGET_BLOCKED_EVENT);
		assertThat(blockedEvent.getAttributes().get(AiAttributes.BUDGET_KEY)).isEqualTo("acme");
		assertThat(blockedEvent.getAttributes().get(AiAttributes.BUDGET_LIMIT)).isEqualTo(0.03);
		assertThat(blockedEvent.getAttributes().get(AiAttributes.BUDGET_SPENT)).isCloseTo(0.03, within(1e-12));
		// With block, the second call, which reached the limit, was warned about too.
		assertThat(calls.get(1).getEvents()).filteredOn((event) -> event.getName().equals(AiAttributes.BUDGET_WARNING_EVENT))
			.extracting((event) -> event.getAttributes().get(AiAttributes.BUDGET_LEVEL))
			.containsExactly(80L, 100L);
		// A call without a tenant has no window budget.
		assertThat(this.chatModel.call("no tenant")).isEqualTo("ok");
	}

	@Test
	void shouldRefuseStreamsChatClientCallsAndEmbeddingsOfABlockedTenant() {
		double blockedBefore = blocked();
		assertThatExceptionOfType(AiBudgetExceededException.class).isThrownBy(
				() -> Tenants.as("closed", () -> this.chatModel.stream(new Prompt("stream")).collectList().block()));
		assertThatExceptionOfType(AiBudgetExceededException.class).isThrownBy(() -> Tenants.as("closed",
				() -> this.chatClientBuilder.build().prompt().user("client").call().content()));
		assertThatExceptionOfType(AiBudgetExceededException.class).isThrownBy(() -> Tenants.as("closed",
				() -> this.chatClientBuilder.build().prompt().user("client stream").stream().content().collectList()
					.block()));
		assertThatExceptionOfType(AiBudgetExceededException.class)
			.isThrownBy(() -> Tenants.as("closed", () -> this.embeddingModel.embed("document")))
			.satisfies((refusal) -> assertThat(refusal.getSubject()).isEqualTo("closed"));
		assertThat(server.requests()).isEmpty();
		assertThat(blocked()).isEqualTo(blockedBefore + 4);
		// A ChatClient stream's observations stop on the stream's thread just after its
		// error has reached the subscriber here; a handler left started never would.
		Awaitility.await()
			.atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(activeLongTaskTimers()).isZero());
		List<SpanData> spans = finishedSpans();
		assertThat(spans).filteredOn((span) -> span.getName().startsWith("llm."))
			.extracting(SpanData::getName)
			.containsExactlyInAnyOrder("llm.generate", "llm.generate", "llm.generate", "llm.embed");
		assertThat(spans).filteredOn((span) -> span.getName().startsWith("llm."))
			.allSatisfy((span) -> assertThat(span.getAttributes().get(ErrorAttributes.ERROR_TYPE))
				.isEqualTo("budget_exceeded"));
	}

	@Test
	void shouldLetATenantSpendAgainOnceItsWindowHasEnded() {
		Tenants.as("rollover", () -> this.chatModel.call("first"));
		assertThatExceptionOfType(AiBudgetExceededException.class)
			.isThrownBy(() -> Tenants.as("rollover", () -> this.chatModel.call("refused")));
		Instant firstWindow = windowStart();

		this.clock.advance(Duration.ofHours(1));
		assertThat(Tenants.as("rollover", () -> this.chatModel.call("next window"))).isEqualTo("ok");
		assertThatExceptionOfType(AiBudgetExceededException.class)
			.isThrownBy(() -> Tenants.as("rollover", () -> this.chatModel.call("refused again")))
			.satisfies((refusal) -> assertThat(refusal.getWindowEnd()).contains(firstWindow.plus(Duration.ofHours(2))));
		assertThat(server.requests()).hasSize(2);
		assertThat(this.spendStore.spent("rollover", windowStart())).isEqualTo(Dollars.toPicos(CALL_COST));
	}

	@Test
	void shouldOvershootTheLimitOfConcurrentCallersOnlyByTheCallsInFlightWhenItWasReached() throws Exception {
		int callers = 64;
		double limit = 0.15;
		// Slow enough that many calls are in flight together when the limit is reached.
		server.responder((request) -> FakeResponse.text("ok", 100_000, 0).withDelay(Duration.ofMillis(20)));
		CyclicBarrier start = new CyclicBarrier(callers);
		AtomicInteger answered = new AtomicInteger();
		AtomicInteger refused = new AtomicInteger();
		ExecutorService executor = Executors.newFixedThreadPool(callers);
		try {
			List<Future<?>> futures = new ArrayList<>();
			for (int i = 0; i < callers; i++) {
				futures.add(executor.submit(() -> {
					start.await();
					while (true) {
						try {
							Tenants.as("flood", () -> this.chatModel.call("flood"));
							answered.incrementAndGet();
						}
						catch (AiBudgetExceededException ex) {
							refused.incrementAndGet();
							return null;
						}
					}
				}));
			}
			for (Future<?> future : futures) {
				future.get();
			}
		}
		finally {
			executor.shutdownNow();
		}
		long spent = this.spendStore.spent("flood", windowStart());
		assertThat(refused.get()).isEqualTo(callers);
		assertThat(server.requests()).hasSize(answered.get());
		assertThat(spent).isEqualTo(answered.get() * Dollars.toPicos(CALL_COST));
		// Every call admitted saw less than the limit spent, so beyond it there can only
		// be the calls that were in flight when it was reached, one per caller at most.
		assertThat(spent).isGreaterThanOrEqualTo(Dollars.toPicos(limit))
			.isLessThan(Dollars.toPicos(limit) + callers * Dollars.toPicos(CALL_COST));
		assertThat(answered.get()).isBetween(10, 10 + callers - 1);
	}

	@Test
	void shouldShowEachTenantsWindowSpendLimitAndRemainingOnTheAibudgetEndpoint() throws Exception {
		Tenants.as("shown", () -> this.chatModel.call("shown"));
		Tenants.as("walk-in", () -> this.chatModel.call("walk-in"));
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/actuator/aibudget")).build(),
					HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode body = JsonMapper.builder().build().readTree(response.body());
		assertThat(body.get("key").asString()).isEqualTo("tenant.id");
		assertThat(body.get("window").asString()).isEqualTo("PT1H");
		assertThat(body.get("action").asString()).isEqualTo("block");
		assertThat(body.get("store").asString()).isEqualTo("memory");
		assertThat(body.get("perRun").isNull()).isTrue();
		assertThat(body.get("defaultLimit").asDouble()).isEqualTo(0.10);
		String windowStart = windowStart().toString();
		String windowEnd = windowStart().plus(Duration.ofHours(1)).toString();
		JsonNode shown = body.get("tenants").get("shown");
		assertThat(shown.get("windowStart").asString()).isEqualTo(windowStart);
		assertThat(shown.get("windowEnd").asString()).isEqualTo(windowEnd);
		assertThat(shown.get("spent").asDouble()).isEqualTo(0.015);
		assertThat(shown.get("limit").asDouble()).isEqualTo(0.05);
		assertThat(shown.get("remaining").asDouble()).isEqualTo(0.035);
		JsonNode walkIn = body.get("tenants").get("walk-in");
		assertThat(walkIn.get("spent").asDouble()).isEqualTo(0.015);
		assertThat(walkIn.get("limit").asDouble()).isEqualTo(0.10);
		assertThat(walkIn.get("remaining").asDouble()).isEqualTo(0.085);
		// Configured tenants are shown before they spend anything.
		assertThat(body.get("tenants").get("closed").get("remaining").asDouble()).isZero();
	}

	private Instant windowStart() {
		return this.clock.instant().truncatedTo(ChronoUnit.HOURS);
	}

	private double blocked() {
		return this.meterRegistry.get("ai.budget.blocked").counter().count();
	}

	// Spring AI's observations have an active long-task timer while a call runs: one left
	// active would be a handler started for a call that never stopped. Only Spring AI's
	// count: the HTTP server's of the endpoint test's request may still be stopping.
	private int activeLongTaskTimers() {
		assertThat(this.meterRegistry.find("gen_ai.client.operation.active").longTaskTimers()).isNotEmpty();
		return this.meterRegistry.getMeters()
			.stream()
			.filter(LongTaskTimer.class::isInstance)
			.filter((meter) -> meter.getId().getName().startsWith("gen_ai.")
					|| meter.getId().getName().startsWith("spring.ai."))
			.mapToInt((meter) -> ((LongTaskTimer) meter).activeTasks())
			.sum();
	}

	private static EventData event(SpanData span, String name) {
		return span.getEvents()
			.stream()
			.filter((event) -> event.getName().equals(name))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no " + name + " event on " + span));
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Clocks {

		@Bean
		TestClock budgetClock() {
			return new TestClock(START);
		}

	}

}
