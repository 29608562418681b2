package ai.infra.autoconfigure.tracing;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

import ai.infra.autoconfigure.InvalidAiInfraPropertyException;
import ai.infra.autoconfigure.tracing.ExportEndpoints.ConfiguredEndpoint;
import ai.infra.internal.export.ExportTarget;
import ai.infra.internal.export.ExporterType;
import ai.infra.internal.export.OtlpProtocol;
import org.jspecify.annotations.Nullable;

import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * Where spans go: one {@link ExportTarget} per selected exporter, in the configured
 * order, with full endpoints and, for OTLP, the transport. An endpoint comes from the
 * exporter's own {@code ai-infra.tracing.<exporter>.endpoint}, then
 * {@code ai-infra.tracing.endpoint}, then (otlp only) Boot's OTLP connection details,
 * then {@code OTEL_EXPORTER_OTLP_ENDPOINT}, then the exporter's default. Endpoints,
 * headers and the metrics endpoint are checked even where no selected exporter uses
 * them.
 */
final class ExportTargets {

	static final String OTEL_EXPORTER_OTLP_ENDPOINT = "OTEL_EXPORTER_OTLP_ENDPOINT";

	static final List<ExporterType> NETWORK = List.of(ExporterType.OTLP, ExporterType.JAEGER, ExporterType.ZIPKIN);

	private static final String PREFIX = AiInfraTracingProperties.PREFIX;

	private final List<ExportTarget> targets;

	private ExportTargets(List<ExportTarget> targets) {
		this.targets = List.copyOf(targets);
	}

	List<ExportTarget> targets() {
		return this.targets;
	}

	@Nullable ExportTarget target(ExporterType type) {
		return this.targets.stream().filter((target) -> target.type() == type).findFirst().orElse(null);
	}

	/**
	 * Validate and resolve the export targets.
	 * @param properties the bound properties
	 * @param environment the environment, for the OpenTelemetry fallback and origins
	 * @param boot Boot's OTLP endpoint, if Boot has one
	 * @return the targets
	 * @throws InvalidAiInfraPropertyException if a setting cannot be used
	 */
	static ExportTargets resolve(AiInfraTracingProperties properties, Environment environment,
			@Nullable BootOtlpEndpoint boot) {
		try {
			List<ExporterType> types = selected(properties.getExporter());
			String general = trimToNull(properties.getEndpoint());
			rejectSharedEndpoint(general, types);
			checkUnusedSettings(properties, types, general, environment);
			return new ExportTargets(resolveTargets(properties, types, general, environment, boot));
		}
		catch (InvalidAiInfraPropertyException ex) {
			throw ex.locatedIn(environment);
		}
	}

	/**
	 * Check the configured exporters: at least one, each known, {@code none} alone.
	 * @param configured the bound exporters; an element is {@code null} where a value was
	 * empty
	 * @return the selected exporters without duplicates and without {@code none}
	 */
	static List<ExporterType> selected(List<@Nullable ExporterType> configured) {
		String property = PREFIX + "exporter";
		String value = configured.stream()
			.map((type) -> (type != null) ? type.id() : "")
			.collect(Collectors.joining(","));
		if (configured.isEmpty()) {
			throw new InvalidAiInfraPropertyException(property, "",
					"at least one exporter is needed; use 'none' to export nothing", property + "=otlp");
		}
		if (configured.stream().anyMatch(Objects::isNull)) {
			throw new InvalidAiInfraPropertyException(property, value,
					"unknown exporter; choose from " + ExporterType.ids(), property + "=otlp,console");
		}
		Set<ExporterType> types = new LinkedHashSet<>(configured);
		if (types.contains(ExporterType.NONE) && types.size() > 1) {
			throw new InvalidAiInfraPropertyException(property, value,
					"'none' cannot be combined with other exporters", property + "=none");
		}
		types.remove(ExporterType.NONE);
		return new ArrayList<>(types);
	}

	private static List<ExportTarget> resolveTargets(AiInfraTracingProperties properties, List<ExporterType> types,
			@Nullable String general, Environment environment, @Nullable BootOtlpEndpoint boot) {
		List<ExportTarget> targets = new ArrayList<>();
		for (ExporterType type : types) {
			if (!type.isNetwork()) {
				targets.add(new ExportTarget(type, null, null));
				continue;
			}
			ConfiguredEndpoint endpoint = endpointOf(type, properties, general, environment, boot);
			URI uri = ExportEndpoints.parse(endpoint, type);
			if (type.isOtlp()) {
				OtlpProtocol protocol = endpoint.fromBoot() ? boot.protocol(properties.getProtocol())
						: ExportEndpoints.protocolFor(properties.getProtocol(), uri);
				targets.add(new ExportTarget(type, ExportEndpoints.otlp(uri, protocol), protocol));
			}
			else {
				targets.add(new ExportTarget(type, ExportEndpoints.zipkin(uri), null));
			}
		}
		return targets;
	}

	private static void rejectSharedEndpoint(@Nullable String general, List<ExporterType> types) {
		List<ExporterType> network = types.stream().filter(ExporterType::isNetwork).toList();
		if (general != null && network.size() > 1) {
			String example = network.stream()
				.map((type) -> PREFIX + type.id() + ".endpoint=" + type.defaultEndpoint())
				.collect(Collectors.joining(" and "));
			throw new InvalidAiInfraPropertyException(PREFIX + "endpoint", general,
					"one endpoint cannot serve the exporters "
							+ network.stream().map(ExporterType::id).collect(Collectors.joining(", "))
							+ "; give each its own endpoint",
					example);
		}
	}

	private static ConfiguredEndpoint endpointOf(ExporterType type, AiInfraTracingProperties properties,
			@Nullable String general, Environment environment, @Nullable BootOtlpEndpoint boot) {
		String specific = specificEndpoint(type, properties);
		if (specific != null) {
			return new ConfiguredEndpoint(PREFIX + type.id() + ".endpoint", specific, false);
		}
		if (general != null) {
			return new ConfiguredEndpoint(PREFIX + "endpoint", general, false);
		}
		if (type == ExporterType.OTLP && boot != null) {
			return boot.endpoint(properties.getProtocol());
		}
		String otel = trimToNull(environment.getProperty(OTEL_EXPORTER_OTLP_ENDPOINT));
		if (type == ExporterType.OTLP && otel != null) {
			return new ConfiguredEndpoint(OTEL_EXPORTER_OTLP_ENDPOINT, otel, false);
		}
		return new ConfiguredEndpoint(PREFIX + "endpoint", type.defaultEndpoint(), false);
	}

	// A setting that the selected exporters do not use is still checked: a malformed
	// value shows a mistake, such as a forgotten exporter setting, and would fail as soon
	// as the exporter is selected.
	private static void checkUnusedSettings(AiInfraTracingProperties properties, List<ExporterType> types,
			@Nullable String general, Environment environment) {
		for (ExporterType type : NETWORK) {
			String endpoint = specificEndpoint(type, properties);
			if (endpoint != null && !types.contains(type)) {
				ExportEndpoints.parse(new ConfiguredEndpoint(PREFIX + type.id() + ".endpoint", endpoint, false),
						type);
			}
		}
		List<ExporterType> network = types.stream().filter(ExporterType::isNetwork).toList();
		if (general != null && (network.isEmpty() || specificEndpoint(network.get(0), properties) != null)) {
			ExportEndpoints.parse(new ConfiguredEndpoint(PREFIX + "endpoint", general, false),
					network.isEmpty() ? ExporterType.OTLP : network.get(0));
		}
		ExportHeaders.resolve(properties.getHeaders(), environment);
		String metrics = trimToNull(properties.getMetricsEndpoint());
		if (metrics != null) {
			ExportEndpoints.parseMetrics(new ConfiguredEndpoint(PREFIX + "metrics-endpoint", metrics, false));
		}
	}

	static @Nullable String specificEndpoint(ExporterType type, AiInfraTracingProperties properties) {
		return trimToNull(switch (type) {
			case OTLP -> properties.getOtlp().getEndpoint();
			case JAEGER -> properties.getJaeger().getEndpoint();
			case ZIPKIN -> properties.getZipkin().getEndpoint();
			default -> null;
		});
	}

	static @Nullable String trimToNull(@Nullable String value) {
		return StringUtils.hasText(value) ? value.trim() : null;
	}

}
