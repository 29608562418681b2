package ai.infra.benchmarks;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import ai.infra.internal.budget.MemorySpendStore;
import ai.infra.internal.budget.SpendStore;
import ai.infra.internal.budget.redis.RedisSpendStore;
import ai.infra.test.redis.RedisServer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * What a tenant budget's spend store costs per model call: the check before the call
 * ({@code spent}) and the addition after it ({@code add}), in this instance's memory or
 * in a real {@code redis-server} on loopback through Spring Data Redis and Lettuce, as
 * {@code ai-infra.budget.store=redis} sets it up. Calls go round 100 tenants. Sampled per
 * call, so that the percentiles of the Redis round trips can be read.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = { "-Xms1g", "-Xmx1g" })
@Threads(1)
@State(Scope.Benchmark)
public class SpendStoreBenchmark {

	private static final int TENANTS = 100;

	private static final Duration WINDOW = Duration.ofHours(24);

	@Param({ "memory", "redis" })
	public String store;

	private RedisServer redis;

	private LettuceConnectionFactory connectionFactory;

	private SpendStore spendStore;

	private String[] tenants;

	private Instant windowStart;

	private int next;

	@Setup(Level.Trial)
	public void start() {
		this.tenants = new String[TENANTS];
		for (int i = 0; i < TENANTS; i++) {
			this.tenants[i] = "tenant-" + i;
		}
		long window = WINDOW.toMillis();
		this.windowStart = Instant.ofEpochMilli(Math.floorDiv(System.currentTimeMillis(), window) * window);
		if (this.store.equals("memory")) {
			this.spendStore = new MemorySpendStore();
			return;
		}
		this.redis = RedisServer.start();
		// The settings the README recommends for the store: a dead Redis costs a call at
		// most the command timeout
		this.connectionFactory = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration(this.redis.host(), this.redis.port()),
				LettuceClientConfiguration.builder().commandTimeout(Duration.ofMillis(250)).build());
		this.connectionFactory.afterPropertiesSet();
		StringRedisTemplate template = new StringRedisTemplate(this.connectionFactory);
		this.spendStore = new RedisSpendStore(() -> template, false, Duration.ofSeconds(1), Clock.systemUTC());
	}

	@TearDown(Level.Trial)
	public void stop() {
		if (this.connectionFactory != null) {
			this.connectionFactory.destroy();
		}
		if (this.redis != null) {
			this.redis.close();
		}
	}

	@Benchmark
	public long checkAndAdd() {
		String tenant = this.tenants[this.next++ % TENANTS];
		long spent = this.spendStore.spent(tenant, this.windowStart);
		return spent + this.spendStore.add(tenant, this.windowStart, WINDOW, 15_000_000_000L);
	}

}
