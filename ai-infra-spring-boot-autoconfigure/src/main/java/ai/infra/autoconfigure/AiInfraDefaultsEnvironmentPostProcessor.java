package ai.infra.autoconfigure;

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
 * Adds ai-infra's defaults for Spring Boot's own settings, below every other property
 * source, so that any setting of the application wins.
 * <p>
 * Always: {@code management.otlp.metrics.export.enabled=false}, because the starter
 * brings Micrometer's OTLP registry for {@code ai-infra.tracing.metrics-endpoint} and
 * Boot would otherwise push every meter of the application to localhost:4318 merely
 * because the library is present; and exemplars only where OpenMetrics 1.0 allows them
 * (counters and histogram buckets), because Prometheus before 2.43 rejects a whole scrape
 * with one on a histogram's count, and ai-infra's histograms are recorded inside spans.
 * <p>
 * Unless ai-infra's tracing is disabled: {@code spring.reactor.context-propagation=auto},
 * so that Reactor restores the current span in every operator;
 * {@code management.opentelemetry.tracing.export.timeout=10s}, the exporters' own default,
 * instead of Boot's 30 seconds, because ai-infra gives that timeout to its exporters and
 * lets shutdown wait that long for the last spans; and, for each selected network
 * exporter, level {@code off} for the OpenTelemetry exporter's own logger, which writes a
 * line for every failed batch, because ai-infra reports each outage once.
 */
final class AiInfraDefaultsEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	/**
	 * Name of the property source holding the defaults.
	 */
	public static final String PROPERTY_SOURCE_NAME = "aiInfraDefaults";

	/**
	 * The order of this post-processor: after the application's configuration and
	 * {@link AiInfraEnvironmentPostProcessor}, whose settings decide the defaults.
	 */
	public static final int ORDER = Ordered.LOWEST_PRECEDENCE;

	static final Map<String, Object> DEFAULTS = Map.of("management.otlp.metrics.export.enabled", "false",
			"management.prometheus.metrics.export.properties[io.prometheus.exporter.exemplarsOnAllMetricTypes]",
			"false");

	static final Map<String, Object> TRACING_DEFAULTS = Map.of("spring.reactor.context-propagation", "auto",
			"management.opentelemetry.tracing.export.timeout", "10s");

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
		if (environment.getPropertySources().contains(PROPERTY_SOURCE_NAME)) {
			return;
		}
		Map<String, Object> defaults = new LinkedHashMap<>(DEFAULTS);
		if (!isDisabled(environment)) {
			defaults.putAll(TRACING_DEFAULTS);
			for (ExporterType exporter : selectedExporters(environment)) {
				if (exporter == null) {
					continue;
				}
				EXPORTER_LOGGERS.getOrDefault(exporter, List.of())
					.forEach((logger) -> defaults.put("logging.level." + logger, "off"));
			}
		}
		environment.getPropertySources().addLast(new MapPropertySource(PROPERTY_SOURCE_NAME, defaults));
	}

	private static List<ExporterType> selectedExporters(ConfigurableEnvironment environment) {
		try {
			return Binder.get(environment)
				.bind("ai-infra.tracing.exporter", Bindable.listOf(ExporterType.class))
				.orElse(List.of(ExporterType.OTLP));
		}
		catch (RuntimeException ex) {
			// Reported with its origin when the tracing auto-configuration binds it.
			return List.of();
		}
	}

	private static boolean isDisabled(ConfigurableEnvironment environment) {
		String property = ConditionalOnAiInfraEnabled.PROPERTY;
		String enabled = environment.getProperty(property);
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
		return ORDER;
	}

}
