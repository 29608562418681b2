package ai.infra.internal.propagation;

import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.baggage.BaggageEntry;
import io.opentelemetry.api.baggage.BaggageEntryMetadata;

/**
 * Baggage entries set by {@code AiTracing.attribute}, which ai-infra's spans get as
 * attributes whether or not their keys are among the configured
 * {@code baggage-attributes}. The mark is the entry's metadata instance: it stays with
 * the entry wherever the baggage is carried in this process (executor and Reactor
 * threads, and Micrometer's scopes, which keep the baggage but not the rest of the
 * context), is empty and so never written to a {@code baggage} header, and an entry
 * received from another process, even one that was marked there, is never mistaken for
 * it.
 */
public final class AttributedBaggage {

	private static final BaggageEntryMetadata MARK = BaggageEntryMetadata.create("");

	private AttributedBaggage() {
	}

	/**
	 * Return the given baggage with a marked entry.
	 * @param baggage the baggage to extend
	 * @param key the entry's key
	 * @param value the entry's value
	 * @return the new baggage
	 */
	public static Baggage with(Baggage baggage, String key, String value) {
		return baggage.toBuilder().put(key, value, MARK).build();
	}

	/**
	 * Return whether any entry of the baggage was set by {@code AiTracing.attribute} in
	 * this process.
	 * @param baggage the baggage
	 * @return whether one of its entries is marked
	 */
	public static boolean isPresentIn(Baggage baggage) {
		if (baggage.isEmpty()) {
			return false;
		}
		for (BaggageEntry entry : baggage.asMap().values()) {
			if (isAttributed(entry)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Return whether an entry was set by {@code AiTracing.attribute} in this process.
	 * @param entry the baggage entry
	 * @return whether it is marked
	 */
	public static boolean isAttributed(BaggageEntry entry) {
		return entry.getMetadata() == MARK;
	}

}
