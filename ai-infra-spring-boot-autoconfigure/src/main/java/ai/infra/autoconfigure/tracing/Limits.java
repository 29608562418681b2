package ai.infra.autoconfigure.tracing;

import java.time.Duration;

import ai.infra.autoconfigure.InvalidAiInfraPropertyException;

/**
 * Checks the size and interval limits of {@link AiInfraTracingProperties} as they are
 * bound, so that every auto-configuration binding the properties gets only values it can
 * use, and a bad one is reported with the property's origin.
 */
final class Limits {

	private Limits() {
	}

	static void requireNonNegative(String property, int value, int example) {
		if (value < 0) {
			throw new InvalidAiInfraPropertyException(property, value,
					"a maximum number of characters cannot be negative", property + "=" + example);
		}
	}

	static void requirePositive(String property, Duration value, String reason, String example) {
		if (value.isZero() || value.isNegative()) {
			throw new InvalidAiInfraPropertyException(property, value, reason, property + "=" + example);
		}
	}

}
