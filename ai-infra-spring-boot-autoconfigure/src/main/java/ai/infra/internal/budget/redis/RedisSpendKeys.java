package ai.infra.internal.budget.redis;

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
		String start = (windowStart.getNano() == 0) ? Long.toString(windowStart.getEpochSecond())
				: windowStart.toEpochMilli() + "ms";
		return PREFIX + encode(tenant) + ":" + start;
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

	private static boolean isSafe(char c) {
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_'
				|| c == '-';
	}

}
