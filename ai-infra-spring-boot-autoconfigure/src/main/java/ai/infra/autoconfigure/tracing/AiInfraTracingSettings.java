package ai.infra.autoconfigure.tracing;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import ai.infra.internal.export.ExportTarget;
import ai.infra.internal.export.ExporterType;
import ai.infra.internal.export.OtlpProtocol;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingProperties;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;
import org.springframework.util.StringUtils;

/**
 * The validated, resolved form of {@link AiInfraTracingProperties}: effective sample
 * rate, export targets with full endpoints, propagators and resource attributes.
 * Resolving throws {@link InvalidAiInfraPropertyException} for any value ai-infra cannot
 * use, so a bad setting stops start-up instead of being ignored.
 */
public final class AiInfraTracingSettings {

	static final String PREFIX = "ai-infra.tracing.";

	static final String SAMPLE_RATE = PREFIX + "sample-rate";

	static final String BOOT_SAMPLING_PROBABILITY = "management.tracing.sampling.probability";

	/**
	 * Boot's batch span processor timeout, which ai-infra also gives every exporter it
	 * creates and uses as the limit on exporting at shutdown.
	 */
	public static final String EXPORT_TIMEOUT = "management.opentelemetry.tracing.export.timeout";

	static final String OTEL_SERVICE_NAME = "OTEL_SERVICE_NAME";

	static final String OTEL_EXPORTER_OTLP_ENDPOINT = "OTEL_EXPORTER_OTLP_ENDPOINT";

	/**
	 * The propagators ai-infra understands.
	 */
	public static final Set<String> KNOWN_PROPAGATORS = Set.of("tracecontext", "baggage", "b3", "b3multi");

	// RFC 9110 token characters, and visible ASCII with spaces and tabs: what the OTLP
	// exporters' HTTP clients accept, checked here instead of failing every export.
	private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

	private static final Pattern HEADER_VALUE = Pattern.compile("[\\t\\x20-\\x7E]*");

	private final double sampleRate;

	private final List<ExportTarget> exportTargets;

	private final List<String> propagators;

	private final Map<String, String> resourceAttributes;

	private final Map<String, String> headers;

	private final Duration exportTimeout;

	private AiInfraTracingSettings(double sampleRate, List<ExportTarget> exportTargets, List<String> propagators,
			Map<String, String> resourceAttributes, Map<String, String> headers, Duration exportTimeout) {
		this.sampleRate = sampleRate;
		this.exportTargets = List.copyOf(exportTargets);
		this.propagators = List.copyOf(propagators);
		this.resourceAttributes = Map.copyOf(resourceAttributes);
		this.headers = Map.copyOf(headers);
		this.exportTimeout = exportTimeout;
	}

	/**
	 * Return the fraction of new traces to record.
	 * @return the rate, from 0.0 to 1.0
	 */
	public double sampleRate() {
		return this.sampleRate;
	}

	/**
	 * Return where spans go, in the configured order.
	 * @return the targets, empty for {@code none}
	 */
	public List<ExportTarget> exportTargets() {
		return this.exportTargets;
	}

	/**
	 * Return the target of the given exporter, if it is selected.
	 * @param type the exporter
	 * @return the target or {@code null}
	 */
	public @Nullable ExportTarget exportTarget(ExporterType type) {
		return this.exportTargets.stream().filter((target) -> target.type() == type).findFirst().orElse(null);
	}

	/**
	 * Return the normalized propagator names.
	 * @return the propagators, in the configured order
	 */
	public List<String> propagators() {
		return this.propagators;
	}

	/**
	 * Return the resource attributes ai-infra adds to Boot's resource.
	 * @return attribute names and values
	 */
	public Map<String, String> resourceAttributes() {
		return this.resourceAttributes;
	}

	/**
	 * Return the headers sent with OTLP exports.
	 * @return header names and values
	 */
	public Map<String, String> headers() {
		return this.headers;
	}

	/**
	 * Return how long one export may take before it is abandoned.
	 * @return the timeout, always positive
	 */
	public Duration exportTimeout() {
		return this.exportTimeout;
	}

	/**
	 * Validate and resolve the properties.
	 * @param properties the bound properties
	 * @param environment the environment, for fallbacks to Boot and OpenTelemetry
	 * settings
	 * @return the settings
	 * @throws InvalidAiInfraPropertyException if a value cannot be used
	 */
	public static AiInfraTracingSettings resolve(AiInfraTracingProperties properties, Environment environment) {
		try {
			return resolveValid(properties, environment);
		}
		catch (InvalidAiInfraPropertyException ex) {
			throw ex.locatedIn(environment);
		}
	}

	private static AiInfraTracingSettings resolveValid(AiInfraTracingProperties properties, Environment environment) {
		checkEveryEndpoint(properties);
		checkLimits(properties);
		return new AiInfraTracingSettings(resolveSampleRate(properties, environment),
				resolveExportTargets(properties, environment), resolvePropagators(properties.getPropagators()),
				resolveResourceAttributes(properties, environment), resolveHeaders(properties.getHeaders()),
				resolveExportTimeout(environment));
	}

	/**
	 * Resolve Boot's export timeout, {@value #EXPORT_TIMEOUT}, falling back to Boot's
	 * default like Boot's batch span processor does.
	 * @param environment the environment
	 * @return the timeout
	 * @throws InvalidAiInfraPropertyException if the timeout is not positive
	 */
	public static Duration resolveExportTimeout(Environment environment) {
		Duration timeout = Binder.get(environment)
			.bind(EXPORT_TIMEOUT, Duration.class)
			.orElseGet(() -> new OpenTelemetryTracingProperties().getExport().getTimeout());
		if (timeout.isZero() || timeout.isNegative()) {
			throw new InvalidAiInfraPropertyException(EXPORT_TIMEOUT, timeout,
					"the export timeout bounds every export and the export at shutdown, so it must be positive",
					EXPORT_TIMEOUT + "=10s")
				.locatedIn(environment);
		}
		return timeout;
	}

	/**
	 * Check that the library behind every selected exporter and propagator is on the
	 * class path.
	 * @param classLoader the application's class loader
	 * @throws InvalidAiInfraPropertyException naming the missing library
	 */
	public void requireLibraries(@Nullable ClassLoader classLoader) {
		for (String propagator : this.propagators) {
			if (propagator.startsWith("b3")
					&& !ClassUtils.isPresent("io.opentelemetry.extension.trace.propagation.B3Propagator", classLoader)) {
				throw new InvalidAiInfraPropertyException(PREFIX + "propagators", propagator,
						"the " + propagator
								+ " propagator needs io.opentelemetry:opentelemetry-extension-trace-propagators on the class path",
						PREFIX + "propagators=tracecontext,baggage");
			}
		}
		for (ExportTarget target : this.exportTargets) {
			String[] library = switch (target.type()) {
				case OTLP, JAEGER -> new String[] { "io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter",
						"io.opentelemetry:opentelemetry-exporter-otlp" };
				case ZIPKIN -> new String[] { "io.opentelemetry.exporter.zipkin.ZipkinSpanExporter",
						"io.opentelemetry:opentelemetry-exporter-zipkin" };
				default -> null;
			};
			if (library != null && !ClassUtils.isPresent(library[0], classLoader)) {
				throw new InvalidAiInfraPropertyException(PREFIX + "exporter", target.type().id(),
						"the " + target.type().id() + " exporter needs " + library[1] + " on the class path",
						PREFIX + "exporter=console");
			}
		}
	}

	private static double resolveSampleRate(AiInfraTracingProperties properties, Environment environment) {
		if (!environment.containsProperty(SAMPLE_RATE) && environment.containsProperty(BOOT_SAMPLING_PROBABILITY)) {
			return environment.getProperty(BOOT_SAMPLING_PROBABILITY, Double.class, 1.0);
		}
		double rate = properties.getSampleRate();
		if (Double.isNaN(rate) || rate < 0.0 || rate > 1.0) {
			throw new InvalidAiInfraPropertyException(SAMPLE_RATE, rate,
					"the sample rate is a fraction of traces and must be between 0.0 and 1.0",
					SAMPLE_RATE + "=0.25");
		}
		return rate;
	}

	static List<ExporterType> resolveExporterTypes(List<String> configured) {
		String property = PREFIX + "exporter";
		if (configured.isEmpty()) {
			throw new InvalidAiInfraPropertyException(property, "",
					"at least one exporter is needed; use 'none' to export nothing", property + "=otlp");
		}
		Set<ExporterType> types = new LinkedHashSet<>();
		for (String id : configured) {
			ExporterType type = ExporterType.fromId(id)
				.orElseThrow(() -> new InvalidAiInfraPropertyException(property, id,
						"unknown exporter; choose from " + ExporterType.ids(), property + "=otlp,console"));
			types.add(type);
		}
		if (types.contains(ExporterType.NONE) && types.size() > 1) {
			throw new InvalidAiInfraPropertyException(property, String.join(",", configured),
					"'none' cannot be combined with other exporters", property + "=none");
		}
		types.remove(ExporterType.NONE);
		return new ArrayList<>(types);
	}

	private static List<ExportTarget> resolveExportTargets(AiInfraTracingProperties properties,
			Environment environment) {
		List<ExporterType> types = resolveExporterTypes(properties.getExporter());
		List<ExporterType> networkTypes = types.stream().filter(ExporterType::isNetwork).toList();
		String general = trimToNull(properties.getEndpoint());
		if (general != null && networkTypes.size() > 1) {
			String example = networkTypes.stream()
				.map((type) -> PREFIX + type.id() + ".endpoint=" + type.defaultEndpoint())
				.collect(Collectors.joining(" and "));
			throw new InvalidAiInfraPropertyException(PREFIX + "endpoint", general,
					"one endpoint cannot serve the exporters "
							+ networkTypes.stream().map(ExporterType::id).collect(Collectors.joining(", "))
							+ "; give each its own endpoint",
					example);
		}
		List<ExportTarget> targets = new ArrayList<>();
		for (ExporterType type : types) {
			if (!type.isNetwork()) {
				targets.add(new ExportTarget(type, null, null));
				continue;
			}
			ConfiguredValue endpoint = endpointOf(type, properties, general, environment);
			URI uri = parseEndpoint(endpoint, type);
			if (type.isOtlp()) {
				rejectJaegerThrift(endpoint, uri);
				OtlpProtocol protocol = resolveProtocol(properties.getProtocol(), uri);
				targets.add(new ExportTarget(type, otlpEndpoint(uri, protocol), protocol));
			}
			else {
				targets.add(new ExportTarget(type, withDefaultPath(uri, "/api/v2/spans"), null));
			}
		}
		return targets;
	}

	private static ConfiguredValue endpointOf(ExporterType type, AiInfraTracingProperties properties,
			@Nullable String general, Environment environment) {
		String specific = trimToNull(switch (type) {
			case OTLP -> properties.getOtlp().getEndpoint();
			case JAEGER -> properties.getJaeger().getEndpoint();
			case ZIPKIN -> properties.getZipkin().getEndpoint();
			default -> null;
		});
		if (specific != null) {
			return new ConfiguredValue(PREFIX + type.id() + ".endpoint", specific);
		}
		if (general != null) {
			return new ConfiguredValue(PREFIX + "endpoint", general);
		}
		String otelEndpoint = trimToNull(environment.getProperty(OTEL_EXPORTER_OTLP_ENDPOINT));
		if (type == ExporterType.OTLP && otelEndpoint != null) {
			return new ConfiguredValue(OTEL_EXPORTER_OTLP_ENDPOINT, otelEndpoint);
		}
		return new ConfiguredValue(PREFIX + "endpoint", type.defaultEndpoint());
	}

	private static URI parseEndpoint(ConfiguredValue endpoint, ExporterType type) {
		String example = endpoint.property() + "=" + type.defaultEndpoint();
		try {
			URI uri = new URI(endpoint.value());
			String scheme = uri.getScheme();
			if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
				throw new InvalidAiInfraPropertyException(endpoint.property(), endpoint.value(),
						"the endpoint must be an absolute http or https URL", example);
			}
			if (uri.getHost() == null) {
				throw new InvalidAiInfraPropertyException(endpoint.property(), endpoint.value(),
						"the endpoint has no valid host name", example);
			}
			return uri;
		}
		catch (URISyntaxException ex) {
			throw new InvalidAiInfraPropertyException(endpoint.property(), endpoint.value(),
					"the endpoint is not a valid URL (" + ex.getReason() + ")", example);
		}
	}

	private static void rejectJaegerThrift(ConfiguredValue endpoint, URI uri) {
		String path = (uri.getPath() != null) ? uri.getPath() : "";
		if (uri.getPort() == 14268 || uri.getPort() == 14250 || path.endsWith("/api/traces")) {
			throw new InvalidAiInfraPropertyException(endpoint.property(), endpoint.value(),
					"this is a legacy Jaeger endpoint; Jaeger's Thrift exporter no longer exists and Jaeger ingests "
							+ "OTLP on port 4317 (gRPC) or 4318 (HTTP)",
					endpoint.property() + "=" + uri.getScheme() + "://" + uri.getHost() + ":4317");
		}
	}

	private static OtlpProtocol resolveProtocol(@Nullable String configured, URI uri) {
		String value = trimToNull(configured);
		if (value == null) {
			return (uri.getPort() == OtlpProtocol.GRPC_PORT) ? OtlpProtocol.GRPC : OtlpProtocol.HTTP_PROTOBUF;
		}
		return OtlpProtocol.fromId(value)
			.orElseThrow(() -> new InvalidAiInfraPropertyException(PREFIX + "protocol", value,
					"unknown OTLP protocol; choose grpc or http/protobuf", PREFIX + "protocol=http/protobuf"));
	}

	private static URI otlpEndpoint(URI uri, OtlpProtocol protocol) {
		if (protocol == OtlpProtocol.GRPC) {
			// gRPC addresses a service, not a path: only scheme, host and port matter.
			return URI.create(uri.getScheme() + "://" + uri.getRawAuthority());
		}
		return withDefaultPath(uri, "/v1/traces");
	}

	private static URI withDefaultPath(URI uri, String defaultPath) {
		String path = uri.getRawPath();
		if (path == null || path.isEmpty() || path.equals("/")) {
			return URI.create(uri.getScheme() + "://" + uri.getRawAuthority() + defaultPath);
		}
		return uri;
	}

	static List<String> resolvePropagators(List<String> configured) {
		String property = PREFIX + "propagators";
		if (configured.isEmpty()) {
			throw new InvalidAiInfraPropertyException(property, "",
					"at least one propagator is needed; leave the property unset to use Spring Boot's "
							+ "management.tracing.propagation settings",
					property + "=tracecontext,baggage");
		}
		List<String> propagators = new ArrayList<>();
		for (String name : configured) {
			String normalized = name.trim().toLowerCase(Locale.ROOT);
			if (!KNOWN_PROPAGATORS.contains(normalized)) {
				throw new InvalidAiInfraPropertyException(property, name,
						"unknown propagator; choose from tracecontext, baggage, b3, b3multi",
						property + "=tracecontext,baggage");
			}
			if (!propagators.contains(normalized)) {
				propagators.add(normalized);
			}
		}
		return propagators;
	}

	// An endpoint of an exporter that is not selected is not used, but a malformed one
	// still shows a mistake, such as a forgotten exporter setting.
	private static void checkEveryEndpoint(AiInfraTracingProperties properties) {
		checkEndpoint(ExporterType.OTLP, properties.getOtlp().getEndpoint());
		checkEndpoint(ExporterType.JAEGER, properties.getJaeger().getEndpoint());
		checkEndpoint(ExporterType.ZIPKIN, properties.getZipkin().getEndpoint());
	}

	private static void checkEndpoint(ExporterType type, @Nullable String endpoint) {
		String value = trimToNull(endpoint);
		if (value != null) {
			ConfiguredValue configured = new ConfiguredValue(PREFIX + type.id() + ".endpoint", value);
			URI uri = parseEndpoint(configured, type);
			if (type.isOtlp()) {
				rejectJaegerThrift(configured, uri);
			}
		}
	}

	private static void checkLimits(AiInfraTracingProperties properties) {
		requireNonNegative(PREFIX + "capture-content-max-length", properties.getCaptureContentMaxLength(), 4096);
		requireNonNegative(PREFIX + "tool-args.max-length", properties.getToolArgs().getMaxLength(), 2048);
		Duration interval = properties.getMetricsInterval();
		if (interval == null || interval.isNegative() || interval.isZero()) {
			throw new InvalidAiInfraPropertyException(PREFIX + "metrics-interval", interval,
					"the interval between two pushes of the meters must be positive", PREFIX + "metrics-interval=30s");
		}
	}

	private static void requireNonNegative(String property, int value, int example) {
		if (value < 0) {
			throw new InvalidAiInfraPropertyException(property, value,
					"a maximum number of characters cannot be negative", property + "=" + example);
		}
	}

	private static Map<String, String> resolveHeaders(Map<String, String> headers) {
		for (Map.Entry<String, String> header : headers.entrySet()) {
			String property = PREFIX + "headers." + header.getKey();
			String example = PREFIX + "headers.Authorization=Bearer my-token";
			if (!HEADER_NAME.matcher(header.getKey()).matches()) {
				throw new InvalidAiInfraPropertyException(PREFIX + "headers", header.getKey(),
						"this is not a valid HTTP header name; use letters, digits and - only", example);
			}
			String value = (header.getValue() != null) ? header.getValue() : "";
			if (!HEADER_VALUE.matcher(value).matches()) {
				throw new InvalidAiInfraPropertyException(property, value,
						"an HTTP header value must be printable ASCII, without line breaks or other control "
								+ "characters; encode other text, for example in Base64",
						example);
			}
		}
		return headers;
	}

	private static Map<String, String> resolveResourceAttributes(AiInfraTracingProperties properties,
			Environment environment) {
		Map<String, String> attributes = new LinkedHashMap<>();
		String serviceName = firstNonEmpty(properties.getServiceName(), environment.getProperty(OTEL_SERVICE_NAME),
				environment.getProperty("spring.application.name"));
		putIfText(attributes, "service.name", serviceName);
		putIfText(attributes, "service.version", properties.getServiceVersion());
		putIfText(attributes, "deployment.environment.name", properties.getEnvironment());
		return attributes;
	}

	private static void putIfText(Map<String, String> attributes, String key, @Nullable String value) {
		if (StringUtils.hasText(value)) {
			attributes.put(key, value.trim());
		}
	}

	private static @Nullable String firstNonEmpty(@Nullable String... candidates) {
		for (String candidate : candidates) {
			if (StringUtils.hasText(candidate)) {
				return candidate;
			}
		}
		return null;
	}

	private static @Nullable String trimToNull(@Nullable String value) {
		return StringUtils.hasText(value) ? value.trim() : null;
	}

	private record ConfiguredValue(String property, String value) {
	}

}
