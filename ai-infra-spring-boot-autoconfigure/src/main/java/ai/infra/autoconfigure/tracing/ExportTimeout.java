package ai.infra.autoconfigure.tracing;

import java.time.Duration;

import ai.infra.autoconfigure.InvalidAiInfraPropertyException;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingProperties;
import org.springframework.core.env.Environment;

/**
 * Boot's batch span processor timeout, {@value #PROPERTY}, which ai-infra also gives
 * every exporter it creates and uses as the limit on exporting at shutdown.
 */
final class ExportTimeout {

	static final String PROPERTY = "management.opentelemetry.tracing.export.timeout";

	private ExportTimeout() {
	}

	/**
	 * Resolve the timeout, falling back to Boot's default like Boot's batch span
	 * processor does.
	 * @param environment the environment
	 * @return the timeout, always positive
	 * @throws InvalidAiInfraPropertyException if the timeout is not positive
	 */
	static Duration resolve(Environment environment) {
		Duration timeout = Binder.get(environment)
			.bind(PROPERTY, Duration.class)
			.orElseGet(() -> new OpenTelemetryTracingProperties().getExport().getTimeout());
		if (timeout.isZero() || timeout.isNegative()) {
			throw new InvalidAiInfraPropertyException(PROPERTY, timeout,
					"the export timeout bounds every export and the export at shutdown, so it must be positive",
					PROPERTY + "=10s")
				.locatedIn(environment);
		}
		return timeout;
	}

}
