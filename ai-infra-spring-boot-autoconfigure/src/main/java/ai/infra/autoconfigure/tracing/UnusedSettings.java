package ai.infra.autoconfigure.tracing;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import ai.infra.internal.export.ExportTarget;
import ai.infra.internal.export.ExporterType;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * Warns once at start-up about each {@code ai-infra.tracing.*} setting that the selected
 * configuration does not use, such as an endpoint with the {@code console} exporter: the
 * setting is valid (invalid values stop start-up), but it has no effect, which usually
 * means a mistake in the exporter list or a left-over setting.
 */
final class UnusedSettings implements SmartInitializingSingleton {

	private static final Log logger = LogFactory.getLog(UnusedSettings.class);

	private static final String PREFIX = AiInfraTracingProperties.PREFIX;

	private final List<String> warnings;

	private UnusedSettings(List<String> warnings) {
		this.warnings = List.copyOf(warnings);
	}

	/**
	 * Find the settings the configuration does not use.
	 * @param properties the bound properties, already checked by {@link ExportTargets}
	 * @param targets the selected exporters
	 * @param environment the environment, to tell set values from defaults
	 * @return the warnings, logged once the application's singletons exist
	 */
	static UnusedSettings find(AiInfraTracingProperties properties, ExportTargets targets, Environment environment) {
		List<ExporterType> types = targets.targets().stream().map(ExportTarget::type).toList();
		List<ExporterType> network = types.stream().filter(ExporterType::isNetwork).toList();
		String selected = " (" + PREFIX + "exporter="
				+ properties.getExporter().stream().map(ExporterType::id).collect(Collectors.joining(",")) + ")";
		List<String> warnings = new ArrayList<>();
		if (ExportTargets.trimToNull(properties.getEndpoint()) != null) {
			if (network.isEmpty()) {
				warnings.add(unused("endpoint", "the selected exporters send spans to no endpoint; select otlp, "
						+ "jaeger or zipkin, or remove the setting"));
			}
			else if (ExportTargets.specificEndpoint(network.get(0), properties) != null) {
				warnings.add(unused("endpoint", "the " + network.get(0).id() + " exporter sends to " + PREFIX
						+ network.get(0).id() + ".endpoint instead"));
			}
		}
		for (ExporterType type : ExportTargets.NETWORK) {
			if (!types.contains(type) && ExportTargets.specificEndpoint(type, properties) != null) {
				warnings.add(unused(type.id() + ".endpoint", "the " + type.id() + " exporter is not selected"));
			}
		}
		boolean otlp = types.stream().anyMatch(ExporterType::isOtlp);
		if (properties.getProtocol() != null && !otlp) {
			warnings.add(unused("protocol", "only the otlp and jaeger exporters send OTLP, and neither is selected"));
		}
		boolean metricsPushed = properties.isEnableMetrics()
				&& ExportTargets.trimToNull(properties.getMetricsEndpoint()) != null;
		if (!properties.getHeaders().isEmpty() && !otlp && !metricsPushed) {
			warnings.add(unused("headers", "the headers " + String.join(", ", properties.getHeaders().keySet())
					+ " go only with OTLP exports (the otlp and jaeger exporters) and with the meters pushed to "
					+ PREFIX + "metrics-endpoint, and neither is configured"));
		}
		if (ExportTargets.trimToNull(properties.getMetricsEndpoint()) != null && !properties.isEnableMetrics()) {
			warnings.add(unused("metrics-endpoint", PREFIX + "enable-metrics is false, so no meters are pushed"));
		}
		if (isSet(environment, "metrics-interval") && !metricsPushed) {
			warnings.add(unused("metrics-interval",
					"it is the interval of the pushes to " + PREFIX + "metrics-endpoint, and no meters are pushed"));
		}
		if (isSet(environment, "capture-content-max-length") && !properties.isCaptureContent()) {
			warnings.add(unused("capture-content-max-length", PREFIX + "capture-content is false"));
		}
		return new UnusedSettings(warnings.stream().map((warning) -> warning + selected).toList());
	}

	private static String unused(String name, String reason) {
		return "Setting '" + PREFIX + name + "' is not used: " + reason;
	}

	private static boolean isSet(Environment environment, String name) {
		return Binder.get(environment).bind(PREFIX + name, String.class).isBound();
	}

	List<String> warnings() {
		return this.warnings;
	}

	@Override
	public void afterSingletonsInstantiated() {
		this.warnings.forEach(logger::warn);
	}

	@Override
	public String toString() {
		return "UnusedSettings" + this.warnings;
	}

}
