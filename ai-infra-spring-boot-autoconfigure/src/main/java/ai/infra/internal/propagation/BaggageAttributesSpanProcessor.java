package ai.infra.internal.propagation;

import java.util.Collection;
import java.util.List;

import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;

/**
 * Copies selected baggage entries of the parent context, for example {@code user.id} set
 * by the caller, onto every span of one instrumentation scope as string attributes of the
 * same name. Entries the caller did not send are left out. Entries set with
 * {@code AiTracing.attribute} are copied too, whether listed or not
 * ({@link AttributedBaggage}).
 */
public final class BaggageAttributesSpanProcessor implements SpanProcessor {

	private final String instrumentationName;

	private final List<String> keys;

	/**
	 * Create a new processor.
	 * @param instrumentationName the scope whose spans get the attributes
	 * @param keys the baggage entries to copy
	 */
	public BaggageAttributesSpanProcessor(String instrumentationName, Collection<String> keys) {
		this.instrumentationName = instrumentationName;
		this.keys = keys.stream().filter((key) -> key != null && !key.isBlank()).map(String::trim).toList();
	}

	/**
	 * Return the baggage entries that are copied.
	 * @return the entry names
	 */
	public List<String> getKeys() {
		return this.keys;
	}

	@Override
	public void onStart(Context parentContext, ReadWriteSpan span) {
		if (!this.instrumentationName.equals(span.getInstrumentationScopeInfo().getName())) {
			return;
		}
		Baggage baggage = Baggage.fromContext(parentContext);
		if (baggage.isEmpty()) {
			return;
		}
		for (String key : this.keys) {
			String value = baggage.getEntryValue(key);
			if (value != null) {
				span.setAttribute(key, value);
			}
		}
		baggage.forEach((key, entry) -> {
			if (AttributedBaggage.isAttributed(entry)) {
				span.setAttribute(key, entry.getValue());
			}
		});
	}

	@Override
	public boolean isStartRequired() {
		return true;
	}

	@Override
	public void onEnd(ReadableSpan span) {
	}

	@Override
	public boolean isEndRequired() {
		return false;
	}

}
