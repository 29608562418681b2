package ai.infra.autoconfigure.tracing;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.sdk.resources.Resource;
import org.jspecify.annotations.Nullable;

import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * The resource attributes ai-infra adds to Boot's resource: {@code service.name} (from
 * {@code service-name}, then {@code OTEL_SERVICE_NAME}, then
 * {@code spring.application.name}), {@code service.version} and
 * {@code deployment.environment.name}. Blank values are left out.
 */
final class ServiceResource {

	static final String OTEL_SERVICE_NAME = "OTEL_SERVICE_NAME";

	private ServiceResource() {
	}

	static Resource resolve(AiInfraTracingProperties properties, Environment environment) {
		AttributesBuilder attributes = Attributes.builder();
		String serviceName = firstText(properties.getServiceName(), environment.getProperty(OTEL_SERVICE_NAME),
				environment.getProperty("spring.application.name"));
		putIfText(attributes, "service.name", serviceName);
		putIfText(attributes, "service.version", properties.getServiceVersion());
		putIfText(attributes, "deployment.environment.name", properties.getEnvironment());
		return Resource.create(attributes.build());
	}

	private static void putIfText(AttributesBuilder attributes, String key, @Nullable String value) {
		if (StringUtils.hasText(value)) {
			attributes.put(key, value.trim());
		}
	}

	private static @Nullable String firstText(@Nullable String... candidates) {
		for (String candidate : candidates) {
			if (StringUtils.hasText(candidate)) {
				return candidate;
			}
		}
		return null;
	}

}
