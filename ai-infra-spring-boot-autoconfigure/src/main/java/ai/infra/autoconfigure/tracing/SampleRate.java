package ai.infra.autoconfigure.tracing;

import ai.infra.autoconfigure.InvalidAiInfraPropertyException;

import org.springframework.core.env.Environment;

/**
 * The fraction of new traces to record: {@code ai-infra.tracing.sample-rate}, or Boot's
 * {@value #BOOT_SAMPLING_PROBABILITY} when only that is set.
 */
final class SampleRate {

	static final String PROPERTY = AiInfraTracingProperties.PREFIX + "sample-rate";

	static final String BOOT_SAMPLING_PROBABILITY = "management.tracing.sampling.probability";

	private SampleRate() {
	}

	/**
	 * Resolve the sample rate.
	 * @param properties the bound properties
	 * @param environment the environment
	 * @return the rate, from 0.0 to 1.0
	 * @throws InvalidAiInfraPropertyException if the rate is outside that range
	 */
	static double resolve(AiInfraTracingProperties properties, Environment environment) {
		if (!environment.containsProperty(PROPERTY) && environment.containsProperty(BOOT_SAMPLING_PROBABILITY)) {
			return environment.getProperty(BOOT_SAMPLING_PROBABILITY, Double.class, 1.0);
		}
		double rate = properties.getSampleRate();
		if (Double.isNaN(rate) || rate < 0.0 || rate > 1.0) {
			throw new InvalidAiInfraPropertyException(PROPERTY, rate,
					"the sample rate is a fraction of traces and must be between 0.0 and 1.0", PROPERTY + "=0.25")
				.locatedIn(environment);
		}
		return rate;
	}

}
