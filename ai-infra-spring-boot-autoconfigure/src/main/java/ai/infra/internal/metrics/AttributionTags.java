package ai.infra.internal.metrics;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.context.Context;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The baggage keys whose values tag the {@code ai.*} meters, each capped at a number of
 * distinct values per instance so that a key such as {@code user.id} cannot grow the
 * meter registry without bound. Later values are reported as {@value #OTHER}, counted in
 * {@code ai.metrics.tag.overflow} and warned about once per key.
 */
final class AttributionTags {

	/** Tag value of an operation whose baggage lacks the key. */
	static final String MISSING = "none";

	/** Tag value of every value past a key's cap. */
	static final String OTHER = "other";

	private static final Log logger = LogFactory.getLog(AiMetrics.class);

	private final String[] keys;

	private final Cap[] caps;

	// Shared by every operation without baggage, so that capturing allocates nothing.
	private final Attribution missing;

	AttributionTags(MeterRegistry registry, List<String> keys, int maxValues) {
		this.keys = keys.toArray(String[]::new);
		this.caps = new Cap[this.keys.length];
		String[] missing = new String[this.keys.length];
		for (int i = 0; i < this.keys.length; i++) {
			this.caps[i] = new Cap(registry, this.keys[i], maxValues);
			missing[i] = MISSING;
		}
		this.missing = (this.keys.length > 0) ? new Attribution(missing) : Attribution.NONE;
	}

	Attribution capture(Context context) {
		if (this.keys.length == 0) {
			return Attribution.NONE;
		}
		Baggage baggage = Baggage.fromContext(context);
		if (baggage.isEmpty()) {
			return this.missing;
		}
		String[] values = new String[this.keys.length];
		boolean any = false;
		for (int i = 0; i < values.length; i++) {
			String value = baggage.getEntryValue(this.keys[i]);
			if (value == null || value.isEmpty()) {
				values[i] = MISSING;
			}
			else {
				values[i] = this.caps[i].admit(value);
				any = true;
			}
		}
		return any ? new Attribution(values) : this.missing;
	}

	Tags tags(Attribution attribution) {
		if (this.keys.length == 0) {
			return Tags.empty();
		}
		Tags tags = Tags.empty();
		for (int i = 0; i < this.keys.length; i++) {
			tags = tags.and(this.keys[i], attribution.value(i));
		}
		return tags;
	}

	/**
	 * The distinct values one key has been reported with on this instance.
	 */
	private static final class Cap {

		private final String key;

		private final int maxValues;

		private final Map<String, String> admitted = new ConcurrentHashMap<>();

		private final Counter overflow;

		private final AtomicBoolean warned = new AtomicBoolean();

		private volatile boolean full;

		Cap(MeterRegistry registry, String key, int maxValues) {
			this.key = key;
			this.maxValues = maxValues;
			this.overflow = Counter.builder("ai.metrics.tag.overflow")
				.description("Operations whose attribution tag was reported as other because the tag had reached "
						+ "its cap of distinct values")
				.tag("tag", key)
				.register(registry);
		}

		String admit(String value) {
			String known = this.admitted.get(value);
			if (known != null) {
				return known;
			}
			return this.full ? overflow() : admitNew(value);
		}

		private synchronized String admitNew(String value) {
			String known = this.admitted.get(value);
			if (known != null) {
				return known;
			}
			if (this.admitted.size() >= this.maxValues) {
				this.full = true;
				return overflow();
			}
			this.admitted.put(value, value);
			return value;
		}

		private String overflow() {
			this.overflow.increment();
			if (!this.warned.get() && this.warned.compareAndSet(false, true)) {
				logger.warn("The meter tag '" + this.key + "' has reached its cap of " + this.maxValues
						+ " distinct values (ai-infra.metrics.max-tag-values) on this instance; later values are "
						+ "tagged '" + OTHER + "' and counted in ai.metrics.tag.overflow");
			}
			return OTHER;
		}

	}

}
