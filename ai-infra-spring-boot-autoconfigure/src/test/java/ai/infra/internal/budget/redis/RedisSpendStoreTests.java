package ai.infra.internal.budget.redis;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import ai.infra.internal.budget.SpendStoreUnavailableException;
import ai.infra.test.redis.RedisServer;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link RedisSpendStore} against a real {@code redis-server}, including
 * outages made by stopping and restarting it.
 */
@ExtendWith(OutputCaptureExtension.class)
class RedisSpendStoreTests {

	private static final Instant NOW = Instant.parse("2026-12-01T15:10:00Z");

	private static final Instant WINDOW_START = Instant.parse("2026-12-01T15:00:00Z");

	private static final Duration WINDOW = Duration.ofHours(1);

	private static final Duration RETRY = Duration.ofMillis(50);

	private static RedisServer redis;

	private LettuceConnectionFactory connectionFactory;

	private StringRedisTemplate template;

	@BeforeAll
	static void startRedis() {
		redis = RedisServer.start();
	}

	@AfterAll
	static void stopRedis() {
		redis.close();
	}

	@BeforeEach
	void connect() {
		redis.restart();
		redis.command("FLUSHALL");
		this.connectionFactory = connectionFactory(redis);
		this.template = new StringRedisTemplate(this.connectionFactory);
	}

	@AfterEach
	void disconnect() {
		this.connectionFactory.destroy();
	}

	/**
	 * A connection factory as Boot's would be with a short command timeout.
	 * @param server the server to connect to
	 * @return the started factory
	 */
	static LettuceConnectionFactory connectionFactory(RedisServer server) {
		LettuceConnectionFactory factory = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration(server.host(), server.port()),
				LettuceClientConfiguration.builder().commandTimeout(Duration.ofMillis(500)).build());
		factory.afterPropertiesSet();
		return factory;
	}

	@Test
	void shouldAddAtomicallyFromManyThreads() throws Exception {
		RedisSpendStore store = store(false, RETRY);
		int threads = 16;
		int addsPerThread = 100;
		Set<Long> totals = ConcurrentHashMap.newKeySet();
		CountDownLatch start = new CountDownLatch(1);
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		try {
			List<Future<?>> done = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				done.add(executor.submit(() -> {
					start.await();
					for (int i = 0; i < addsPerThread; i++) {
						totals.add(store.add("acme", WINDOW_START, WINDOW, 1_000));
					}
					return null;
				}));
			}
			start.countDown();
			for (Future<?> future : done) {
				future.get(30, TimeUnit.SECONDS);
			}
		}
		finally {
			executor.shutdownNow();
		}
		long expected = threads * addsPerThread * 1_000L;
		assertThat(store.spent("acme", WINDOW_START)).isEqualTo(expected);
		assertThat(redis.command("GET", "ai-infra:budget:acme:" + WINDOW_START.getEpochSecond()))
			.isEqualTo(Long.toString(expected));
		// Every addition saw its own total: none was lost or applied on a stale value
		assertThat(totals).hasSize(threads * addsPerThread).contains(expected);
		assertThat(store.failures()).isZero();
	}

	@Test
	void shouldExpireTheKeyWithItsWindow() {
		RedisSpendStore store = store(false, RETRY);
		store.add("acme", WINDOW_START, WINDOW, 5);
		long ttl = (Long) redis.command("PTTL", "ai-infra:budget:acme:" + WINDOW_START.getEpochSecond());
		// 50 minutes left in the window by the store's clock, plus the minute of grace
		assertThat(ttl).isBetween(Duration.ofMinutes(51).minusSeconds(5).toMillis(), Duration.ofMinutes(51).toMillis());
	}

	@Test
	void shouldNotKeepTheSpendOfAWindowThatHasEnded() {
		RedisSpendStore store = store(false, RETRY);
		// Ended ten minutes ago by the store's clock, longer than the minute of grace
		store.add("acme", WINDOW_START.minus(WINDOW), WINDOW, 5);
		// Gone (-2) or expiring within the millisecond
		assertThat(redis.command("PTTL", "ai-infra:budget:acme:" + WINDOW_START.minus(WINDOW).getEpochSecond()))
			.asInstanceOf(InstanceOfAssertFactories.LONG)
			.isIn(-2L, 0L, 1L);
	}

	@Test
	void shouldReturnZeroForATenantWithoutSpend() {
		RedisSpendStore store = store(false, RETRY);
		assertThat(store.spent("nobody", WINDOW_START)).isZero();
		assertThat(redis.command("KEYS", "*")).isEqualTo(List.of());
	}

	@Test
	void shouldKeepOneKeyPerTenantAndWindowWhateverTheTenantValue() {
		RedisSpendStore store = store(false, RETRY);
		long start = WINDOW_START.getEpochSecond();
		store.add("acme", WINDOW_START, WINDOW, 1);
		store.add("acme", WINDOW_START.plus(WINDOW), WINDOW, 2);
		store.add("acme:" + start, WINDOW_START, WINDOW, 4);
		store.add("acme%3A" + start, WINDOW_START, WINDOW, 8);
		store.add("caf\u00e9 {x}*", WINDOW_START, WINDOW, 16);
		store.add("acme", NOW.plusMillis(500), Duration.ofSeconds(1), 32);
		assertThat(redis.command("KEYS", "*")).asInstanceOf(InstanceOfAssertFactories.LIST)
			.containsExactlyInAnyOrder("ai-infra:budget:acme:" + start, "ai-infra:budget:acme:" + (start + 3600),
					"ai-infra:budget:acme%3A" + start + ":" + start, "ai-infra:budget:acme%253A" + start + ":" + start,
					"ai-infra:budget:caf%C3%A9%20%7Bx%7D%2A:" + start,
					"ai-infra:budget:acme:" + NOW.plusMillis(500).toEpochMilli() + "ms");
		assertThat(store.spent("acme", WINDOW_START)).isEqualTo(1);
		assertThat(store.spent("acme:" + start, WINDOW_START)).isEqualTo(4);
		assertThat(store.spent("acme%3A" + start, WINDOW_START)).isEqualTo(8);
		assertThat(store.spent("caf\u00e9 {x}*", WINDOW_START)).isEqualTo(16);
	}

	@Test
	void shouldListEveryTenantOfAWindowByItsOwnName() {
		RedisSpendStore store = store(false, RETRY);
		store.add("acme", WINDOW_START, WINDOW, 1);
		store.add("caf\u00e9 {x}:*", WINDOW_START, WINDOW, 2);
		store.add("100%", WINDOW_START, WINDOW, 4);
		store.add("acme", WINDOW_START.plus(WINDOW), WINDOW, 8);
		redis.command("SET", "ai-infra:budget:bad%zz:" + WINDOW_START.getEpochSecond(), "16");
		assertThat(store.spentInWindow(WINDOW_START))
			.containsExactlyInAnyOrderEntriesOf(Map.of("acme", 1L, "caf\u00e9 {x}:*", 2L, "100%", 4L));
		assertThat(store.spentInWindow(WINDOW_START.plus(WINDOW))).containsExactlyInAnyOrderEntriesOf(Map.of("acme", 8L));
	}

	@Test
	void shouldListWhatThisInstanceKnowsOfAWindowWhileRedisIsDown() {
		RedisSpendStore store = store(false, Duration.ofHours(1));
		store.add("acme", WINDOW_START, WINDOW, 100);
		store.spentInWindow(WINDOW_START);
		redis.stop();
		store.add("acme", WINDOW_START, WINDOW, 5);
		store.add("globex", WINDOW_START, WINDOW, 7);
		assertThat(store.spentInWindow(WINDOW_START))
			.containsExactlyInAnyOrderEntriesOf(Map.of("acme", 105L, "globex", 7L));
		RedisSpendStore denying = store(true, Duration.ofHours(1));
		assertThatExceptionOfType(SpendStoreUnavailableException.class)
			.isThrownBy(() -> denying.spentInWindow(WINDOW_START));
	}

	@Test
	void shouldShareSpendBetweenStoresOfTheSameRedis() {
		LettuceConnectionFactory other = connectionFactory(redis);
		try {
			RedisSpendStore first = store(false, RETRY);
			StringRedisTemplate otherTemplate = new StringRedisTemplate(other);
			RedisSpendStore second = new RedisSpendStore(() -> otherTemplate, false, RETRY, clock());
			assertThat(first.add("acme", WINDOW_START, WINDOW, 300)).isEqualTo(300);
			assertThat(second.add("acme", WINDOW_START, WINDOW, 200)).isEqualTo(500);
			assertThat(first.spent("acme", WINDOW_START)).isEqualTo(500);
		}
		finally {
			other.destroy();
		}
	}

	@Test
	void shouldLetCallsGoOnDuringAnOutageAndAddTheLocalSpendOnceWhenRedisIsBack(CapturedOutput output) {
		RedisSpendStore store = store(false, RETRY);
		assertThat(store.add("acme", WINDOW_START, WINDOW, 500)).isEqualTo(500);
		redis.stop();
		assertThat(store.add("acme", WINDOW_START, WINDOW, 70)).isEqualTo(570);
		assertThat(store.spent("acme", WINDOW_START)).isEqualTo(570);
		assertThat(store.add("acme", WINDOW_START, WINDOW, 30)).isEqualTo(600);
		assertThat(store.add("globex", WINDOW_START, WINDOW, 9)).isEqualTo(9);
		assertThat(store.isDown()).isTrue();
		assertThat(store.failures()).isEqualTo(4);
		redis.restart();
		// The restarted server is empty: what it holds afterwards is exactly the local spend
		await().atMost(Duration.ofSeconds(20)).until(() -> store.spent("acme", WINDOW_START) == 100);
		assertThat(store.isDown()).isFalse();
		assertThat(store.spent("acme", WINDOW_START)).isEqualTo(100);
		assertThat(store.add("acme", WINDOW_START, WINDOW, 1)).isEqualTo(101);
		assertThat(redis.command("GET", "ai-infra:budget:acme:" + WINDOW_START.getEpochSecond())).isEqualTo("101");
		assertThat(redis.command("GET", "ai-infra:budget:globex:" + WINDOW_START.getEpochSecond())).isEqualTo("9");
		assertThat(redis.command("PTTL", "ai-infra:budget:globex:" + WINDOW_START.getEpochSecond()))
			.asInstanceOf(InstanceOfAssertFactories.LONG)
			.isPositive();
		assertThat(lines(output, "WARN")).singleElement()
			.asString()
			.contains("Budget spend store Redis is unreachable (",
					"budgets are checked against the last total read from Redis plus this instance's spend");
		assertThat(lines(output, "INFO")).singleElement()
			.asString()
			.contains("Budget spend store Redis is reachable again after ",
					"the local spend of 2 tenant window(s) was added to Redis");
	}

	@Test
	void shouldRefuseReadsButKeepSpendDuringAnOutageWhenDenying(CapturedOutput output) {
		RedisSpendStore store = store(true, RETRY);
		store.add("acme", WINDOW_START, WINDOW, 500);
		redis.stop();
		assertThatExceptionOfType(SpendStoreUnavailableException.class)
			.isThrownBy(() -> store.spent("acme", WINDOW_START))
			.withMessage("The spend store is unreachable")
			.withCauseInstanceOf(RuntimeException.class);
		assertThat(store.add("acme", WINDOW_START, WINDOW, 40)).isEqualTo(540);
		assertThatExceptionOfType(SpendStoreUnavailableException.class)
			.isThrownBy(() -> store.spent("acme", WINDOW_START));
		assertThat(store.failures()).isEqualTo(3);
		redis.restart();
		await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> store.spent("acme", WINDOW_START) == 40);
		assertThat(redis.command("GET", "ai-infra:budget:acme:" + WINDOW_START.getEpochSecond())).isEqualTo("40");
		assertThat(lines(output, "WARN")).singleElement()
			.asString()
			.contains("model calls of tenants with a budget are refused");
	}

	@Test
	void shouldLeaveRedisAloneUntilTheRetryIntervalHasPassed() {
		RedisSpendStore store = store(false, Duration.ofHours(1));
		store.add("acme", WINDOW_START, WINDOW, 500);
		redis.stop();
		assertThat(store.add("acme", WINDOW_START, WINDOW, 1)).isEqualTo(501);
		redis.restart();
		redis.command("SET", "ai-infra:budget:acme:" + WINDOW_START.getEpochSecond(), "7000");
		// Redis answers again, but the store does not ask before the interval has passed
		for (int i = 0; i < 50; i++) {
			assertThat(store.spent("acme", WINDOW_START)).isEqualTo(501);
		}
		assertThat(store.isDown()).isTrue();
		assertThat(store.failures()).isEqualTo(51);
		assertThat(redis.command("GET", "ai-infra:budget:acme:" + WINDOW_START.getEpochSecond())).isEqualTo("7000");
	}

	private RedisSpendStore store(boolean deny, Duration retry) {
		return new RedisSpendStore(() -> this.template, deny, retry, clock());
	}

	private static Clock clock() {
		return Clock.fixed(NOW, ZoneOffset.UTC);
	}

	private static List<String> lines(CapturedOutput output, String level) {
		return output.getAll()
			.lines()
			.filter((line) -> line.contains(level) && line.contains(RedisSpendStore.class.getSimpleName()))
			.toList();
	}

}
