package ai.infra.budget;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import ai.infra.autoconfigure.tracing.LoggingReset;
import ai.infra.internal.budget.redis.RedisSpendStore;
import ai.infra.internal.cost.Dollars;
import ai.infra.llm.LlmTracingSupport;
import ai.infra.test.openai.FakeOpenAiServer;
import ai.infra.test.openai.FakeResponse;
import ai.infra.test.redis.RedisServer;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.ai.chat.model.ChatModel;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * Two instances of one application, each with the real Spring AI OpenAI client against
 * the fake model server, sharing one tenant's spend in a real {@code redis-server} with
 * {@code ai-infra.budget.action=block}: what one instance spends counts against the
 * other's calls, a Redis outage in the middle lets calls go on (or refuses them with
 * {@code deny}), and what each instance spent during the outage is added to Redis once,
 * when it is back.
 */
@ExtendWith(OutputCaptureExtension.class)
class RedisSharedBudgetIntegrationTests {

	/** What one call costs: 100,000 input tokens of gpt-4o-mini at $0.15 per million. */
	private static final double CALL_COST = 0.015;

	private static final Instant START = Instant.parse("2026-03-01T10:15:00Z");

	private static final String KEY = "ai-infra:budget:fleet:" + Instant.parse("2026-03-01T10:00:00Z").getEpochSecond();

	private static FakeOpenAiServer server;

	private static RedisServer redis;

	@BeforeAll
	static void startServers() {
		server = FakeOpenAiServer.start();
		redis = RedisServer.start();
	}

	@AfterAll
	static void stopServers() {
		redis.close();
		server.close();
	}

	@BeforeEach
	void answerEveryCallAtTheSameCost() {
		redis.restart();
		redis.command("FLUSHALL");
		server.reset();
		server.responder((request) -> FakeResponse.text("ok", 100_000, 0));
	}

	@AfterEach
	void resetLogging() {
		LoggingReset.toDefaults();
	}

	@Test
	void shouldShareOneTenantsSpendBetweenInstancesThroughARedisOutage(CapturedOutput output) {
		try (ConfigurableApplicationContext first = start(); ConfigurableApplicationContext second = start()) {
			ChatModel one = first.getBean(ChatModel.class);
			ChatModel other = second.getBean(ChatModel.class);
			Tenants.as("fleet", () -> one.call("first"));
			Tenants.as("fleet", () -> other.call("second"));
			assertThat(redis.command("GET", KEY)).isEqualTo(picos(2 * CALL_COST));

			redis.stop();
			assertThat(Tenants.as("fleet", () -> one.call("during the outage"))).isEqualTo("ok");
			assertThat(Tenants.as("fleet", () -> other.call("during the outage"))).isEqualTo("ok");
			assertThat(server.requests()).hasSize(4);

			redis.restart();
			// A Redis that persists would still hold the spend from before the outage; this
			// one does not, so the test puts it back
			redis.command("INCRBY", KEY, picos(2 * CALL_COST));
			awaitReachable(first, second);
			// Each instance added the call it made during the outage, once
			assertThat(redis.command("GET", KEY)).isEqualTo(picos(4 * CALL_COST));

			assertThat(Tenants.as("fleet", () -> one.call("last within the limit"))).isEqualTo("ok");
			assertThatExceptionOfType(AiBudgetExceededException.class)
				.isThrownBy(() -> Tenants.as("fleet", () -> other.call("over the shared limit")))
				.satisfies((refusal) -> {
					assertThat(refusal.getSubject()).isEqualTo("fleet");
					assertThat(refusal.getLimit()).isEqualTo(0.075);
					assertThat(refusal.getSpent()).isCloseTo(5 * CALL_COST, within(1e-12));
				});
			assertThatExceptionOfType(AiBudgetExceededException.class)
				.isThrownBy(() -> Tenants.as("fleet", () -> one.call("over the shared limit")));
			assertThat(server.requests()).hasSize(5);

			assertThat(lines(output, "WARN")).hasSize(2)
				.allSatisfy((line) -> assertThat(line).contains("Budget spend store Redis is unreachable"));
			assertThat(lines(output, "INFO")).hasSize(2)
				.allSatisfy((line) -> assertThat(line).contains("the local spend of 1 tenant window(s) was added"));
			assertThat(failures(first)).isGreaterThanOrEqualTo(2);
			assertThat(failures(second)).isGreaterThanOrEqualTo(2);
		}
	}

	@Test
	void shouldRefuseCallsWithoutARequestWhileRedisIsDownWhenDenying() {
		try (ConfigurableApplicationContext context = start("ai-infra.budget.on-store-failure=deny")) {
			ChatModel chatModel = context.getBean(ChatModel.class);
			assertThat(Tenants.as("fleet", () -> chatModel.call("before"))).isEqualTo("ok");
			redis.stop();
			assertThatExceptionOfType(AiBudgetUnavailableException.class)
				.isThrownBy(() -> Tenants.as("fleet", () -> chatModel.call("during the outage")))
				.satisfies((refusal) -> assertThat(refusal.getTenant()).isEqualTo("fleet"));
			assertThat(server.requests()).hasSize(1);
			// A call without a tenant has no budget to check
			assertThat(chatModel.call("no tenant")).isEqualTo("ok");
			redis.restart();
			awaitReachable(context);
			assertThat(Tenants.as("fleet", () -> chatModel.call("after"))).isEqualTo("ok");
			assertThat(server.requests()).hasSize(3);
			// The restarted server is empty: it holds the call made since
			assertThat(redis.command("GET", KEY)).isEqualTo(picos(CALL_COST));
		}
	}

	private static ConfigurableApplicationContext start(String... properties) {
		return new SpringApplicationBuilder(LlmTracingSupport.TestApplication.class, Clocks.class)
			.web(WebApplicationType.NONE)
			.properties("spring.main.banner-mode=off", "ai-infra.tracing.exporter=none",
					"spring.ai.openai.api-key=sk-test-redis", "spring.ai.openai.base-url=" + server.apiBaseUrl(),
					"spring.ai.openai.chat.options.model=gpt-4o-mini", "spring.ai.openai.max-retries=0",
					"spring.ai.openai.chat.max-retries=0", "ai-infra.budget.store=redis", "ai-infra.budget.action=block",
					"ai-infra.budget.window=1h", "ai-infra.budget.limits.fleet=0.075", "spring.data.redis.host=127.0.0.1",
					"spring.data.redis.port=" + redis.port(), "spring.data.redis.timeout=500ms",
					"spring.data.redis.connect-timeout=500ms")
			.properties(properties)
			.run();
	}

	private static void awaitReachable(ConfigurableApplicationContext... contexts) {
		for (ConfigurableApplicationContext context : contexts) {
			RedisSpendStore store = context.getBean(RedisSpendStore.class);
			// Only a store operation finds Redis back, as a call's budget check would
			await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).ignoreExceptions().until(() -> {
				store.spent("fleet", Instant.parse("2026-03-01T10:00:00Z"));
				return !store.isDown();
			});
		}
	}

	private static double failures(ConfigurableApplicationContext context) {
		return context.getBean(MeterRegistry.class).get("ai.budget.store.failures").functionCounter().count();
	}

	private static String picos(double usd) {
		return Long.toString(Dollars.toPicos(usd));
	}

	private static List<String> lines(CapturedOutput output, String level) {
		return output.getAll()
			.lines()
			.filter((line) -> line.contains(level) && line.contains(RedisSpendStore.class.getSimpleName()))
			.toList();
	}

	@Configuration(proxyBeanMethods = false)
	static class Clocks {

		@Bean
		Clock budgetClock() {
			return new TestClock(START);
		}

	}

}
