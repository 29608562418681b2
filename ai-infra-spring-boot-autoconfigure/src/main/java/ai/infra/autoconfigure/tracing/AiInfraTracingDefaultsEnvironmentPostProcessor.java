package ai.infra.autoconfigure.tracing;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ai.infra.internal.export.ExporterType;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Adds the Spring Boot settings ai-infra's tracing relies on as defaults, with the lowest
 * precedence so that any setting of the application wins:
 * {@code spring.reactor.context-propagation=auto}, so that Reactor restores the current
 * span in every operator (Boot's default, {@code limited}, does so only in a few);
 * {@code management.opentelemetry.tracing.export.timeout=10s}, the exporters' own default,
 * instead of Boot's 30 seconds, because ai-infra gives that timeout to its exporters and
 * lets shutdown wait that long for the last spans; and, for each selected network
 * exporter, level {@code off} for the OpenTelemetry exporter's own logger, which writes a
 * line for every failed batch, because ai-infra reports each outage of its exporters
 * once. Adds nothing when ai-infra's tracing is disabled.
 */
public class AiInfraTracingDefaultsEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	/**
	 * Name of the property source holding the defaults.
	 */
	public static final String PROPERTY_SOURCE_NAME = "aiInfraTracingDefaults";

	static final Map<String, Object> DEFAULTS = Map.of("spring.reactor.context-propagation", "auto",
			AiInfraTracingSettings.EXPORT_TIMEOUT, "10s");

	/**
	 * The loggers through which the OpenTelemetry exporters report every failed export,
	 * by the exporters that use them.
	 */
	static final Map<ExporterType, List<String>> EXPORTER_LOGGERS = Map.of(ExporterType.OTLP,
			List.of("io.opentelemetry.exporter.internal.http.HttpExporter",
					"io.opentelemetry.exporter.internal.grpc.GrpcExporter"),
			ExporterType.JAEGER,
			List.of("io.opentelemetry.exporter.internal.http.HttpExporter",
					"io.opentelemetry.exporter.internal.grpc.GrpcExporter"),
			ExporterType.ZIPKIN, List.of("io.opentelemetry.exporter.zipkin.ZipkinSpanExporter"));

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (isDisabled(environment) || environment.getPropertySources().contains(PROPERTY_SOURCE_NAME)) {
			return;
		}
		Map<String, Object> defaults = new LinkedHashMap<>(DEFAULTS);
		for (String exporter : selectedExporters(environment)) {
			ExporterType.fromId(exporter)
				.map((type) -> EXPORTER_LOGGERS.getOrDefault(type, List.of()))
				.ifPresent((loggers) -> loggers.forEach((logger) -> defaults.put("logging.level." + logger, "off")));
		}
		environment.getPropertySources().addLast(new MapPropertySource(PROPERTY_SOURCE_NAME, defaults));
	}

	private static List<String> selectedExporters(ConfigurableEnvironment environment) {
		return Binder.get(environment)
			.bind(AiInfraTracingSettings.PREFIX + "exporter", Bindable.listOf(String.class))
			.orElse(List.of(ExporterType.OTLP.id()));
	}

	private static boolean isDisabled(ConfigurableEnvironment environment) {
		String property = AiInfraTracerAutoConfiguration.ENABLED;
		String enabled = environment.getProperty(property);
		if (enabled == null) {
			// The environment variable may not have been mapped yet; see
			// AiInfraEnvironmentPostProcessor.
			property = "AI_INFRA_TRACING_ENABLED";
			enabled = environment.getProperty(property);
		}
		if (enabled == null || "true".equalsIgnoreCase(enabled.trim())) {
			return false;
		}
		if ("false".equalsIgnoreCase(enabled.trim())) {
			return true;
		}
		// Any other value would match neither the enabled nor the disabled conditions,
		// leaving the application without tracing and without the no-op tracer.
		throw new InvalidAiInfraPropertyException(property, enabled, "the value must be true or false",
				property + "=false")
			.locatedIn(environment);
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
