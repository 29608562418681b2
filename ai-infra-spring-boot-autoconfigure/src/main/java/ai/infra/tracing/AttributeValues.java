package ai.infra.tracing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import org.jspecify.annotations.Nullable;

/**
 * Converts Java values to OpenTelemetry attribute values, keeping their real types:
 * strings, longs, doubles and booleans, and arrays of them.
 */
final class AttributeValues {

	private AttributeValues() {
	}

	static Attributes toAttributes(@Nullable Map<String, ?> values) {
		if (values == null || values.isEmpty()) {
			return Attributes.empty();
		}
		AttributesBuilder builder = Attributes.builder();
		values.forEach((key, value) -> put(builder, key, value));
		return builder.build();
	}

	static void put(AttributesBuilder builder, @Nullable String key, @Nullable Object value) {
		if (key == null || value == null) {
			return;
		}
		if (value instanceof String string) {
			builder.put(key, string);
		}
		else if (value instanceof Boolean bool) {
			builder.put(key, bool);
		}
		else if (isIntegral(value)) {
			builder.put(key, ((Number) value).longValue());
		}
		else if (value instanceof Number number) {
			builder.put(key, number.doubleValue());
		}
		else if (value instanceof String[] strings) {
			builder.put(key, withoutNulls(strings));
		}
		else if (value instanceof long[] longs) {
			builder.put(key, longs);
		}
		else if (value instanceof int[] ints) {
			builder.put(key, Arrays.stream(ints).asLongStream().toArray());
		}
		else if (value instanceof double[] doubles) {
			builder.put(key, doubles);
		}
		else if (value instanceof boolean[] booleans) {
			builder.put(key, booleans);
		}
		else if (value instanceof Object[] objects) {
			putCollection(builder, key, Arrays.asList(objects));
		}
		else if (value instanceof Collection<?> collection) {
			putCollection(builder, key, collection);
		}
		else {
			builder.put(key, String.valueOf(value));
		}
	}

	private static void putCollection(AttributesBuilder builder, String key, Collection<?> collection) {
		List<Object> values = new ArrayList<>(collection.size());
		for (Object element : collection) {
			if (element != null) {
				values.add(element);
			}
		}
		if (!values.isEmpty() && values.stream().allMatch(Boolean.class::isInstance)) {
			boolean[] booleans = new boolean[values.size()];
			for (int i = 0; i < booleans.length; i++) {
				booleans[i] = (Boolean) values.get(i);
			}
			builder.put(key, booleans);
		}
		else if (!values.isEmpty() && values.stream().allMatch(AttributeValues::isIntegral)) {
			builder.put(key, values.stream().mapToLong((element) -> ((Number) element).longValue()).toArray());
		}
		else if (!values.isEmpty() && values.stream().allMatch(Number.class::isInstance)) {
			builder.put(key, values.stream().mapToDouble((element) -> ((Number) element).doubleValue()).toArray());
		}
		else {
			builder.put(key, values.stream().map(String::valueOf).toArray(String[]::new));
		}
	}

	private static boolean isIntegral(Object value) {
		return value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte;
	}

	private static String[] withoutNulls(String[] strings) {
		return Arrays.stream(strings).filter((string) -> string != null).toArray(String[]::new);
	}

}
