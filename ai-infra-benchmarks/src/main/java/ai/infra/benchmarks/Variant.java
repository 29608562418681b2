package ai.infra.benchmarks;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The set-ups whose per-call cost is compared. Every variant is a real Spring Boot
 * application context on the same class path; only properties differ.
 */
public enum Variant {

	/**
	 * No observation at all: the observation registry is {@code ObservationRegistry.NOOP},
	 * so the model, the tool-calling manager and the {@code ChatClient} skip every
	 * handler, and ai-infra is off.
	 */
	NONE("none", Map.of(BenchmarkApplication.OBSERVATIONS, "none", "ai-infra.tracing.enabled", "false",
			"management.tracing.export.enabled", "false")),

	/**
	 * Spring AI's and Boot's observation meters alone, as in any Spring AI application
	 * with Actuator: the observation registry runs Boot's meter handler and Spring AI's
	 * token meter handler, but no tracing handler (Micrometer Tracing's auto-configuration
	 * is excluded) and no ai-infra. Not one of the compared set-ups: it splits the cost
	 * of the others into what the observation and its meters cost and what tracing adds.
	 */
	METRICS_ONLY("metrics-only", Map.of("ai-infra.tracing.enabled", "false", "spring.autoconfigure.exclude",
			"org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration")),

	/**
	 * ai-infra at sample rate 1.0, its spans going through Boot's batch span processor to
	 * an exporter that discards them.
	 */
	AI_INFRA("ai-infra", Map.of("ai-infra.tracing.enabled", "true", "ai-infra.tracing.sample-rate", "1.0")),

	/**
	 * ai-infra at sample rate 0.0: every call is observed and metered, no span is
	 * recorded.
	 */
	AI_INFRA_UNSAMPLED("ai-infra-unsampled",
			Map.of("ai-infra.tracing.enabled", "true", "ai-infra.tracing.sample-rate", "0.0")),

	/**
	 * ai-infra at sample rate 0.01 with keep-sampling off: plain head sampling, a call
	 * that is not sampled is not recorded.
	 */
	AI_INFRA_RATIO("ai-infra-ratio", Map.of("ai-infra.tracing.enabled", "true", "ai-infra.tracing.sample-rate",
			"0.01", "ai-infra.tracing.keep.errors", "false", "ai-infra.tracing.keep.budget-events", "false")),

	/**
	 * ai-infra at sample rate 0.01 with keep-sampling's defaults: a call that is not
	 * sampled is recorded, held until its local root ends and then released.
	 */
	AI_INFRA_KEEP("ai-infra-keep", Map.of("ai-infra.tracing.enabled", "true", "ai-infra.tracing.sample-rate", "0.01",
			"ai-infra.tracing.keep.slower-than", "10s", "ai-infra.tracing.keep.costlier-than", "1.0")),

	/**
	 * The peer: Boot's tracing of Spring AI's own observations, without ai-infra, every
	 * trace sampled.
	 */
	PEER("peer", Map.of("ai-infra.tracing.enabled", "false", "management.tracing.sampling.probability", "1.0")),

	/**
	 * The floor: hand-written OpenTelemetry spans and Micrometer meters around the work,
	 * no observation machinery (the observation registry is NOOP), every trace sampled
	 * through the same Boot span processor.
	 */
	FLOOR("floor", Map.of(BenchmarkApplication.OBSERVATIONS, "none", BenchmarkApplication.INSTRUMENTATION, "floor",
			"ai-infra.tracing.enabled", "false", "management.tracing.sampling.probability", "1.0")),

	/**
	 * The floor at sample rate 0.0: the same hand-written span, made current but not
	 * recorded, and the same meter updates. What it costs is the least any instrumentation
	 * that meters every call and keeps unsampled calls' trace context current can cost.
	 */
	FLOOR_UNSAMPLED("floor-unsampled",
			Map.of(BenchmarkApplication.OBSERVATIONS, "none", BenchmarkApplication.INSTRUMENTATION, "floor",
					"ai-infra.tracing.enabled", "false", "management.tracing.sampling.probability", "0.0")),

	/**
	 * The floor on top of {@link #METRICS_ONLY}: the same hand-written spans and meters,
	 * in an application whose observation registry runs Boot's and Spring AI's meter
	 * handlers. Compared with {@code metrics-only}, it is the floor's cost in an
	 * application that has observation meters anyway, as every variant with tracing does.
	 */
	FLOOR_METRICS("floor-metrics", Map.of(BenchmarkApplication.INSTRUMENTATION, "floor", "ai-infra.tracing.enabled",
			"false", "management.tracing.sampling.probability", "1.0", "spring.autoconfigure.exclude",
			"org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration"));

	private final String id;

	private final Map<String, Object> properties;

	Variant(String id, Map<String, Object> properties) {
		this.id = id;
		this.properties = properties;
	}

	/**
	 * Return the variant named by a JMH parameter.
	 * @param id the id, such as {@code ai-infra}
	 * @return the variant
	 */
	public static Variant of(String id) {
		for (Variant variant : values()) {
			if (variant.id.equals(id)) {
				return variant;
			}
		}
		throw new IllegalArgumentException("Unknown variant '" + id + "'");
	}

	/**
	 * Return whether this variant instruments the work by hand (a floor) rather than
	 * through observations.
	 * @return whether the work is wrapped in hand-written spans and meters
	 */
	public boolean instrumentsByHand() {
		return "floor".equals(this.properties.get(BenchmarkApplication.INSTRUMENTATION));
	}

	/**
	 * Return the variant's id, as used in JMH parameters.
	 * @return the id
	 */
	public String id() {
		return this.id;
	}

	/**
	 * Return the application properties of this variant, on top of those every variant
	 * shares.
	 * @return the properties
	 */
	public Map<String, Object> properties() {
		Map<String, Object> all = new LinkedHashMap<>();
		all.put("spring.main.web-application-type", "none");
		all.put("spring.main.banner-mode", "off");
		all.put("spring.application.name", "ai-infra-benchmarks");
		all.put("logging.level.root", "warn");
		// Spans are handed to the discarding exporter bean only, in every variant.
		all.put("ai-infra.tracing.exporter", "none");
		all.putAll(this.properties);
		return all;
	}

}
