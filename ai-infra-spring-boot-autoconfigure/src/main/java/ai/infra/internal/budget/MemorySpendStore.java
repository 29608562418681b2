package ai.infra.internal.budget;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link SpendStore} in this instance's memory: every instance counts only its own
 * calls. A window's spend is dropped once a later window has begun, so the store holds
 * at most the tenants of the current and the previous window.
 */
public final class MemorySpendStore implements SpendStore {

	private final ConcurrentMap<Instant, ConcurrentMap<String, AtomicLong>> windows = new ConcurrentHashMap<>();

	private volatile Instant latestStart = Instant.EPOCH;

	@Override
	public long spent(String tenant, Instant windowStart) {
		ConcurrentMap<String, AtomicLong> window = this.windows.get(windowStart);
		AtomicLong spent = (window != null) ? window.get(tenant) : null;
		return (spent != null) ? spent.get() : 0;
	}

	@Override
	public long add(String tenant, Instant windowStart, Duration window, long picos) {
		if (windowStart.isAfter(this.latestStart)) {
			begin(windowStart);
		}
		return this.windows.computeIfAbsent(windowStart, (start) -> new ConcurrentHashMap<>())
			.computeIfAbsent(tenant, (key) -> new AtomicLong())
			.addAndGet(picos);
	}

	@Override
	public Map<String, Long> spentInWindow(Instant windowStart) {
		ConcurrentMap<String, AtomicLong> window = this.windows.get(windowStart);
		Map<String, Long> spent = new LinkedHashMap<>();
		if (window != null) {
			window.forEach((tenant, picos) -> spent.put(tenant, picos.get()));
		}
		return spent;
	}

	// Windows before the one that just began have ended: a call still finishing in the
	// previous window may add to it, so that one is kept until the next begins.
	private synchronized void begin(Instant windowStart) {
		if (!windowStart.isAfter(this.latestStart)) {
			return;
		}
		Instant previous = this.latestStart;
		this.latestStart = windowStart;
		this.windows.keySet().removeIf((start) -> start.isBefore(previous));
	}

}
