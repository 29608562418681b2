package ai.infra.internal.budget.redis;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * The Redis key of a tenant's window: {@code ai-infra:budget:<tenant>:<window start>}.
 * The tenant is percent-encoded except for ASCII letters, digits, {@code .}, {@code _}
 * and {@code -}, so that no value (one with {@code :}, {@code %}, braces or spaces) can
 * name another tenant's key or a cluster hash slot of its choosing. The window start is
 * in epoch seconds, or epoch milliseconds with an {@code ms} suffix for a window that
 * does not start on a whole second.
 */
final class RedisSpendKeys {

	/** The prefix of every key. */
	static final String PREFIX = "ai-infra:budget:";

	private static final char[] HEX = "0123456789ABCDEF".toCharArray();

	private RedisSpendKeys() {
	}

	static String of(String tenant, Instant windowStart) {
		return PREFIX + encode(tenant) + suffix(windowStart);
	}

	/**
	 * Return the {@code SCAN} pattern of every key of a window. It matches no other
	 * window's keys: encoded tenants have no {@code :}, and neither {@code *},
	 * {@code ?} nor {@code [}.
	 */
	static String patternOf(Instant windowStart) {
		return PREFIX + "*" + suffix(windowStart);
	}

	/**
	 * Return the tenant of a key that {@link #patternOf} matched.
	 */
	static String tenantOf(String key, Instant windowStart) {
		return decode(key.substring(PREFIX.length(), key.length() - suffix(windowStart).length()));
	}

	private static String suffix(Instant windowStart) {
		return ":" + ((windowStart.getNano() == 0) ? Long.toString(windowStart.getEpochSecond())
				: windowStart.toEpochMilli() + "ms");
	}

	static String encode(String tenant) {
		int length = tenant.length();
		int i = 0;
		while (i < length && isSafe(tenant.charAt(i))) {
			i++;
		}
		if (i == length) {
			return tenant;
		}
		StringBuilder encoded = new StringBuilder(length + 16).append(tenant, 0, i);
		for (byte b : tenant.substring(i).getBytes(StandardCharsets.UTF_8)) {
			if (b >= 0 && isSafe((char) b)) {
				encoded.append((char) b);
			}
			else {
				encoded.append('%').append(HEX[(b >> 4) & 0xF]).append(HEX[b & 0xF]);
			}
		}
		return encoded.toString();
	}

	static String decode(String encoded) {
		if (encoded.indexOf('%') < 0) {
			return encoded;
		}
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(encoded.length());
		for (int i = 0; i < encoded.length(); i++) {
			char c = encoded.charAt(i);
			if (c == '%' && i + 2 < encoded.length()) {
				bytes.write(Integer.parseInt(encoded, i + 1, i + 3, 16));
				i += 2;
			}
			else {
				bytes.write(c);
			}
		}
		return bytes.toString(StandardCharsets.UTF_8);
	}

	private static boolean isSafe(char c) {
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_'
				|| c == '-';
	}

}
