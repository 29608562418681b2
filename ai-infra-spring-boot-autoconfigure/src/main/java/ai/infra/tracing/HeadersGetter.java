package ai.infra.tracing;

import java.util.Map;

import io.opentelemetry.context.propagation.TextMapGetter;
import org.jspecify.annotations.Nullable;

/**
 * Reads propagation headers from a map, ignoring the case of header names as HTTP does.
 */
enum HeadersGetter implements TextMapGetter<Map<String, String>> {

	INSTANCE;

	@Override
	public Iterable<String> keys(Map<String, String> carrier) {
		return carrier.keySet();
	}

	@Override
	public @Nullable String get(@Nullable Map<String, String> carrier, String key) {
		if (carrier == null) {
			return null;
		}
		String value = carrier.get(key);
		if (value != null) {
			return value;
		}
		for (Map.Entry<String, String> entry : carrier.entrySet()) {
			if (key.equalsIgnoreCase(entry.getKey())) {
				return entry.getValue();
			}
		}
		return null;
	}

}
