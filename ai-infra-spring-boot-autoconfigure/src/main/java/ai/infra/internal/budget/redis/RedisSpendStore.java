package ai.infra.internal.budget.redis;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

import ai.infra.internal.budget.SpendStore;
import ai.infra.internal.budget.SpendStoreUnavailableException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * A {@link SpendStore} in Redis, shared by every instance that uses the same Redis
 * database: one key per tenant and window (see {@link RedisSpendKeys}), holding whole
 * picodollars, added to with {@code INCRBY} and given an expiry at the end of the window
 * (plus a minute, for instances whose clocks lag) in the same Lua script, so that each
 * addition is atomic and one round trip.
 * <p>
 * While Redis cannot be reached, spend is added up in this instance and added to Redis
 * once it answers again; reads meanwhile return the last total read from Redis plus
 * that local spend, or, when calls are to be denied, throw
 * {@link SpendStoreUnavailableException}. The outage is logged once when it starts and
 * once when it ends, and every operation that could not use Redis is counted
 * ({@link #failures()}). Redis is tried again at most once per retry interval while it
 * is down, so that calls do not each wait for a dead server; how long the one call that
 * tries waits is Spring Data Redis's command and connect timeout.
 */
public final class RedisSpendStore implements SpendStore {

	/** How long a key outlives its window, for instances whose clocks lag behind. */
	static final Duration EXPIRY_GRACE = Duration.ofMinutes(1);

	private static final Log logger = LogFactory.getLog(RedisSpendStore.class);

	private static final RedisScript<Long> ADD = RedisScript.of("""
			local total = redis.call('INCRBY', KEYS[1], ARGV[1])
			redis.call('PEXPIRE', KEYS[1], ARGV[2])
			return total
			""", Long.class);

	private final Supplier<StringRedisTemplate> redis;

	private final boolean denyWhileDown;

	private final long retryNanos;

	private final Clock clock;

	private final ConcurrentMap<WindowKey, Pending> pending = new ConcurrentHashMap<>();

	private final ConcurrentMap<String, Known> known = new ConcurrentHashMap<>();

	private final AtomicReference<@Nullable Outage> outage = new AtomicReference<>();

	private final AtomicBoolean flushing = new AtomicBoolean();

	private final LongAdder failures = new LongAdder();

	/**
	 * Create a store.
	 * @param redis the template of the Redis connection to use, asked for at the first
	 * store operation: the connection factory's client resources observe their commands,
	 * and so depend on the observation registry whose handlers need this store
	 * @param denyWhileDown whether {@link #spent} throws while Redis cannot be reached,
	 * rather than answering from what this instance knows
	 * @param retryInterval how long to leave Redis alone after a failure before trying
	 * it again
	 * @param clock the clock the expiry of keys is computed with
	 */
	public RedisSpendStore(Supplier<StringRedisTemplate> redis, boolean denyWhileDown, Duration retryInterval,
			Clock clock) {
		this.redis = redis;
		this.denyWhileDown = denyWhileDown;
		this.retryNanos = retryInterval.toNanos();
		this.clock = clock;
	}

	@Override
	public long spent(String tenant, Instant windowStart) {
		WindowKey key = new WindowKey(tenant, windowStart);
		Outage down = this.outage.get();
		RuntimeException cause;
		if (down == null || down.tryNow(this.retryNanos)) {
			long local = pendingPicos(key);
			try {
				String value = this.redis.get().opsForValue().get(RedisSpendKeys.of(tenant, windowStart));
				long total = (value != null) ? Long.parseLong(value) : 0;
				remember(key, total);
				reachable();
				return total + local;
			}
			catch (RuntimeException ex) {
				unreachable(ex);
				cause = ex;
			}
		}
		else {
			cause = down.cause();
		}
		this.failures.increment();
		if (this.denyWhileDown) {
			throw new SpendStoreUnavailableException(cause);
		}
		return locallyKnown(key);
	}

	@Override
	public long add(String tenant, Instant windowStart, Duration window, long picos) {
		WindowKey key = new WindowKey(tenant, windowStart);
		Outage down = this.outage.get();
		if (down == null || down.tryNow(this.retryNanos)) {
			long local = pendingPicos(key);
			try {
				long total = increment(key, window, picos);
				reachable();
				return total + local;
			}
			catch (RuntimeException ex) {
				// Kept before the outage is marked, so that the flush that ends it sees it
				this.pending.merge(key, new Pending(picos, window), Pending::plus);
				unreachable(ex);
				this.failures.increment();
				return locallyKnown(key);
			}
		}
		this.pending.merge(key, new Pending(picos, window), Pending::plus);
		this.failures.increment();
		return locallyKnown(key);
	}

	/**
	 * Return every tenant's spend in a window, found with {@code SCAN} (which, unlike
	 * {@code KEYS}, does not hold Redis up on a large database), plus what this
	 * instance keeps locally. While Redis is down this is what this instance knows,
	 * unless calls are denied.
	 */
	@Override
	public Map<String, Long> spentInWindow(Instant windowStart) {
		Map<String, Long> spent = new TreeMap<>();
		Outage down = this.outage.get();
		RuntimeException cause = null;
		if (down == null || down.tryNow(this.retryNanos)) {
			try {
				readWindow(windowStart, spent);
				reachable();
			}
			catch (RuntimeException ex) {
				unreachable(ex);
				cause = ex;
				spent.clear();
			}
		}
		else {
			cause = down.cause();
		}
		if (cause != null) {
			this.failures.increment();
			if (this.denyWhileDown) {
				throw new SpendStoreUnavailableException(cause);
			}
			this.known.forEach((tenant, last) -> {
				if (last.windowStart().equals(windowStart)) {
					spent.put(tenant, last.total());
				}
			});
		}
		this.pending.forEach((key, kept) -> {
			if (key.windowStart().equals(windowStart)) {
				spent.merge(key.tenant(), kept.picos(), Long::sum);
			}
		});
		return spent;
	}

	private void readWindow(Instant windowStart, Map<String, Long> spent) {
		StringRedisTemplate template = this.redis.get();
		List<String> keys = new ArrayList<>();
		try (Cursor<String> cursor = template
			.scan(ScanOptions.scanOptions().match(RedisSpendKeys.patternOf(windowStart)).count(1000).build())) {
			cursor.forEachRemaining(keys::add);
		}
		if (keys.isEmpty()) {
			return;
		}
		List<String> values = template.opsForValue().multiGet(keys);
		for (int i = 0; i < keys.size(); i++) {
			String value = (values != null) ? values.get(i) : null;
			if (value == null) {
				// Expired between the scan and the read
				continue;
			}
			try {
				String tenant = RedisSpendKeys.tenantOf(keys.get(i), windowStart);
				long total = Long.parseLong(value);
				spent.put(tenant, total);
				remember(new WindowKey(tenant, windowStart), total);
			}
			catch (IllegalArgumentException ex) {
				// A key of the same shape that this store did not write
			}
		}
	}

	/**
	 * Return how many store operations could not use Redis: those that failed and those
	 * answered locally while Redis was down.
	 * @return the count since start-up
	 */
	public long failures() {
		return this.failures.sum();
	}

	/**
	 * Return whether Redis is considered unreachable right now.
	 * @return {@code true} from a failed operation until one succeeds again
	 */
	public boolean isDown() {
		return this.outage.get() != null;
	}

	private long increment(WindowKey key, Duration window, long picos) {
		long expiry = Math.max(1, Duration.between(this.clock.instant(), key.windowStart().plus(window))
			.plus(EXPIRY_GRACE)
			.toMillis());
		Long total = this.redis.get().execute(ADD, List.of(RedisSpendKeys.of(key.tenant(), key.windowStart())),
				Long.toString(picos), Long.toString(expiry));
		if (total == null) {
			throw new IllegalStateException("Redis returned no total for " + key.tenant());
		}
		remember(key, total);
		return total;
	}

	private void reachable() {
		Outage ended = this.outage.get();
		if (ended != null && this.outage.compareAndSet(ended, null)) {
			int windows = flush();
			logger.info(String.format(
					Locale.ROOT,
					"Budget spend store Redis is reachable again after %.1f s; %d store operation(s) used local "
							+ "spend meanwhile, and the local spend of %d tenant window(s) was added to Redis",
					(System.nanoTime() - ended.startedNanos()) / 1e9,
					failures() - ended.failuresBefore(), windows));
		}
		else if (!this.pending.isEmpty()) {
			// Spend kept by a call that failed while another call was ending the outage
			flush();
		}
	}

	private void unreachable(RuntimeException ex) {
		Outage started = new Outage(ex, System.nanoTime(), new AtomicLong(System.nanoTime() + this.retryNanos),
				failures());
		if (this.outage.compareAndSet(null, started)) {
			logger.warn(String.format("Budget spend store Redis is unreachable (%s); until it answers again, %s, "
					+ "spend is kept in this instance and added to Redis once it is back",
					ex.getClass().getSimpleName() + ": " + ex.getMessage(),
					this.denyWhileDown ? "model calls of tenants with a budget are refused"
							: "budgets are checked against the last total read from Redis plus this instance's spend"));
		}
	}

	private int flush() {
		if (!this.flushing.compareAndSet(false, true)) {
			return 0;
		}
		int windows = 0;
		try {
			for (WindowKey key : this.pending.keySet()) {
				Pending taken = this.pending.remove(key);
				if (taken == null) {
					continue;
				}
				try {
					increment(key, taken.window(), taken.picos());
					windows++;
				}
				catch (RuntimeException ex) {
					this.pending.merge(key, taken, Pending::plus);
					unreachable(ex);
					break;
				}
			}
		}
		finally {
			this.flushing.set(false);
		}
		return windows;
	}

	private long pendingPicos(WindowKey key) {
		Pending kept = this.pending.get(key);
		return (kept != null) ? kept.picos() : 0;
	}

	private long locallyKnown(WindowKey key) {
		Known last = this.known.get(key.tenant());
		long fromRedis = (last != null && last.windowStart().equals(key.windowStart())) ? last.total() : 0;
		return fromRedis + pendingPicos(key);
	}

	private void remember(WindowKey key, long total) {
		this.known.merge(key.tenant(), new Known(key.windowStart(), total), Known::later);
	}

	private record WindowKey(String tenant, Instant windowStart) {
	}

	private record Pending(long picos, Duration window) {

		Pending plus(Pending other) {
			return new Pending(this.picos + other.picos, this.window);
		}

	}

	/**
	 * The last total read from Redis for a tenant, in the latest window seen.
	 */
	private record Known(Instant windowStart, long total) {

		Known later(Known other) {
			if (this.windowStart.equals(other.windowStart)) {
				return (other.total >= this.total) ? other : this;
			}
			return other.windowStart.isAfter(this.windowStart) ? other : this;
		}

	}

	/**
	 * A period in which Redis could not be reached, and when to try it again.
	 */
	private record Outage(RuntimeException cause, long startedNanos, AtomicLong retryAtNanos, long failuresBefore) {

		/**
		 * Claim the next attempt if it is due: at most one caller per retry interval.
		 */
		boolean tryNow(long retryNanos) {
			long now = System.nanoTime();
			long due = this.retryAtNanos.get();
			return now - due >= 0 && this.retryAtNanos.compareAndSet(due, now + retryNanos);
		}

	}

}
