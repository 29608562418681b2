package ai.infra.autoconfigure.tracing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ai.infra.autoconfigure.InvalidAiInfraPropertyException;
import ai.infra.internal.export.ExporterType;
import ai.infra.internal.export.OtlpProtocol;
import ai.infra.internal.propagation.Propagator;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties for ai-infra tracing.
 */
@ConfigurationProperties("ai-infra.tracing")
public class AiInfraTracingProperties {

	static final String PREFIX = "ai-infra.tracing.";

	static final int DEFAULT_CAPTURE_CONTENT_MAX_LENGTH = 4096;

	static final int DEFAULT_TOOL_ARGS_MAX_LENGTH = 2048;

	/**
	 * Whether ai-infra traces AI operations; false leaves no spans, meters, exporter
	 * threads or aspects of ai-infra in the application.
	 */
	private boolean enabled = true;

	/**
	 * Value of the resource attribute service.name; defaults to OTEL_SERVICE_NAME, then
	 * spring.application.name.
	 */
	private @Nullable String serviceName;

	/**
	 * Value of the resource attribute service.version.
	 */
	private @Nullable String serviceVersion;

	/**
	 * Value of the resource attribute deployment.environment.name, for example
	 * production.
	 */
	private @Nullable String environment;

	/**
	 * Span exporters to use: one or more of otlp, jaeger, zipkin, console, none.
	 */
	private List<ExporterType> exporter = new ArrayList<>(List.of(ExporterType.OTLP));

	/**
	 * Where spans are sent when a single network exporter is selected; defaults to
	 * http://localhost:4317 for otlp and jaeger and to
	 * http://localhost:9411/api/v2/spans for zipkin.
	 */
	private @Nullable String endpoint;

	/**
	 * OTLP transport, grpc or http/protobuf; defaults to grpc for port 4317 and to
	 * http/protobuf otherwise.
	 */
	private @Nullable OtlpProtocol protocol;

	/**
	 * Fraction of new traces to record, from 0.0 to 1.0; child spans follow their
	 * parent's decision.
	 */
	private double sampleRate = 1.0;

	/**
	 * Context propagation formats: any of tracecontext, baggage, b3, b3multi; when unset,
	 * Boot's management.tracing.propagation settings apply.
	 */
	private List<Propagator> propagators = new ArrayList<>(List.of(Propagator.TRACECONTEXT, Propagator.BAGGAGE));

	/**
	 * Whether to record the ai.* meters (requests, tokens, duration, cost, tools,
	 * agents).
	 */
	private boolean enableMetrics = true;

	/**
	 * OTLP/HTTP endpoint the ai.* meters are also pushed to, for example
	 * http://localhost:4318/v1/metrics; unset pushes nothing.
	 */
	private @Nullable String metricsEndpoint;

	/**
	 * How often the ai.* meters are pushed to the metrics endpoint.
	 */
	private Duration metricsInterval = Duration.ofSeconds(60);

	/**
	 * Whether prompts and completions are recorded on spans as gen_ai.input.messages and
	 * gen_ai.output.messages; off by default because they may hold personal data.
	 */
	private boolean captureContent = false;

	/**
	 * Maximum number of characters kept of each captured message text; longer texts are
	 * truncated.
	 */
	private int captureContentMaxLength = DEFAULT_CAPTURE_CONTENT_MAX_LENGTH;

	/**
	 * Headers sent with every OTLP export request, for example an Authorization header
	 * for a hosted backend.
	 */
	private Map<String, String> headers = new LinkedHashMap<>();

	private final ToolArgs toolArgs = new ToolArgs();

	private final ExporterEndpoint otlp = new ExporterEndpoint();

	private final ExporterEndpoint jaeger = new ExporterEndpoint();

	private final ExporterEndpoint zipkin = new ExporterEndpoint();

	private final Keep keep = new Keep();

	/**
	 * Baggage entries copied onto every ai-infra span as attributes of the same name, for
	 * example user.id and tenant.id set by the caller.
	 */
	private List<String> baggageAttributes = new ArrayList<>(List.of("user.id", "tenant.id"));

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public @Nullable String getServiceName() {
		return this.serviceName;
	}

	public void setServiceName(@Nullable String serviceName) {
		this.serviceName = serviceName;
	}

	public @Nullable String getServiceVersion() {
		return this.serviceVersion;
	}

	public void setServiceVersion(@Nullable String serviceVersion) {
		this.serviceVersion = serviceVersion;
	}

	public @Nullable String getEnvironment() {
		return this.environment;
	}

	public void setEnvironment(@Nullable String environment) {
		this.environment = environment;
	}

	public List<ExporterType> getExporter() {
		return this.exporter;
	}

	public void setExporter(List<ExporterType> exporter) {
		this.exporter = exporter;
	}

	public @Nullable String getEndpoint() {
		return this.endpoint;
	}

	public void setEndpoint(@Nullable String endpoint) {
		this.endpoint = endpoint;
	}

	public @Nullable OtlpProtocol getProtocol() {
		return this.protocol;
	}

	public void setProtocol(@Nullable OtlpProtocol protocol) {
		this.protocol = protocol;
	}

	public double getSampleRate() {
		return this.sampleRate;
	}

	public void setSampleRate(double sampleRate) {
		this.sampleRate = sampleRate;
	}

	public List<Propagator> getPropagators() {
		return this.propagators;
	}

	public void setPropagators(List<Propagator> propagators) {
		this.propagators = propagators;
	}

	public boolean isEnableMetrics() {
		return this.enableMetrics;
	}

	public void setEnableMetrics(boolean enableMetrics) {
		this.enableMetrics = enableMetrics;
	}

	public @Nullable String getMetricsEndpoint() {
		return this.metricsEndpoint;
	}

	public void setMetricsEndpoint(@Nullable String metricsEndpoint) {
		this.metricsEndpoint = metricsEndpoint;
	}

	public Duration getMetricsInterval() {
		return this.metricsInterval;
	}

	public void setMetricsInterval(Duration metricsInterval) {
		Limits.requirePositive(PREFIX + "metrics-interval", metricsInterval,
				"the interval between two pushes of the meters must be positive", "30s");
		this.metricsInterval = metricsInterval;
	}

	public boolean isCaptureContent() {
		return this.captureContent;
	}

	public void setCaptureContent(boolean captureContent) {
		this.captureContent = captureContent;
	}

	public int getCaptureContentMaxLength() {
		return this.captureContentMaxLength;
	}

	public void setCaptureContentMaxLength(int captureContentMaxLength) {
		Limits.requireNonNegative(PREFIX + "capture-content-max-length", captureContentMaxLength,
				DEFAULT_CAPTURE_CONTENT_MAX_LENGTH);
		this.captureContentMaxLength = captureContentMaxLength;
	}

	public Map<String, String> getHeaders() {
		return this.headers;
	}

	public void setHeaders(Map<String, String> headers) {
		this.headers = headers;
	}

	public ToolArgs getToolArgs() {
		return this.toolArgs;
	}

	public ExporterEndpoint getOtlp() {
		return this.otlp;
	}

	public ExporterEndpoint getJaeger() {
		return this.jaeger;
	}

	public ExporterEndpoint getZipkin() {
		return this.zipkin;
	}

	public Keep getKeep() {
		return this.keep;
	}

	public List<String> getBaggageAttributes() {
		return this.baggageAttributes;
	}

	public void setBaggageAttributes(List<String> baggageAttributes) {
		this.baggageAttributes = baggageAttributes;
	}

	/**
	 * How tool arguments are recorded on {@code tool.args}.
	 */
	public static class ToolArgs {

		/**
		 * Argument names whose values are replaced by [REDACTED], matched as whole words
		 * ignoring case and separators (api-key matches apiKey and X_API_KEY).
		 */
		private List<String> redactedNames = new ArrayList<>(List.of("password", "passwd", "secret", "token",
				"api-key", "apikey", "authorization", "credential", "credentials", "private-key"));

		/**
		 * Maximum number of characters of the recorded arguments JSON.
		 */
		private int maxLength = DEFAULT_TOOL_ARGS_MAX_LENGTH;

		public List<String> getRedactedNames() {
			return this.redactedNames;
		}

		public void setRedactedNames(List<String> redactedNames) {
			this.redactedNames = redactedNames;
		}

		public int getMaxLength() {
			return this.maxLength;
		}

		public void setMaxLength(int maxLength) {
			Limits.requireNonNegative(PREFIX + "tool-args.max-length", maxLength, DEFAULT_TOOL_ARGS_MAX_LENGTH);
			this.maxLength = maxLength;
		}

	}

	/**
	 * Which local traces the sample rate (or an AiSampler) would drop are exported all
	 * the same, decided when their local root span ends.
	 */
	public static class Keep {

		static final String PREFIX = AiInfraTracingProperties.PREFIX + "keep.";

		/**
		 * Whether a trace with a span that ended in error is kept; applies only while
		 * sample-rate is below 1.0 or an AiSampler decides.
		 */
		private boolean errors = true;

		/**
		 * Duration of the local root span above which a trace is kept, for example 10s;
		 * unset keeps no trace for its duration.
		 */
		private @Nullable Duration slowerThan;

		/**
		 * Summed cost in US dollars of a trace's model calls above which the trace is
		 * kept, for example 0.50; unset keeps no trace for its cost.
		 */
		private @Nullable Double costlierThan;

		/**
		 * Whether a trace with a budget warning or a call a budget refused is kept.
		 */
		private boolean budgetEvents = true;

		/**
		 * How long a trace whose local root span is still open is held before it is
		 * decided with what it has.
		 */
		private Duration maxWait = Duration.ofMinutes(5);

		/**
		 * Maximum number of spans held for undecided traces; past it the oldest traces
		 * are decided by the sample rate alone.
		 */
		private int maxPendingSpans = 50_000;

		public boolean isErrors() {
			return this.errors;
		}

		public void setErrors(boolean errors) {
			this.errors = errors;
		}

		public @Nullable Duration getSlowerThan() {
			return this.slowerThan;
		}

		public void setSlowerThan(@Nullable Duration slowerThan) {
			if (slowerThan != null) {
				Limits.requirePositive(PREFIX + "slower-than", slowerThan,
						"a trace is kept for taking longer than a positive duration", "10s");
			}
			this.slowerThan = slowerThan;
		}

		public @Nullable Double getCostlierThan() {
			return this.costlierThan;
		}

		public void setCostlierThan(@Nullable Double costlierThan) {
			if (costlierThan != null && (costlierThan.isNaN() || costlierThan.isInfinite() || costlierThan < 0)) {
				throw new InvalidAiInfraPropertyException(PREFIX + "costlier-than", costlierThan,
						"the cost threshold is an amount of US dollars and cannot be negative",
						PREFIX + "costlier-than=0.50");
			}
			this.costlierThan = costlierThan;
		}

		public boolean isBudgetEvents() {
			return this.budgetEvents;
		}

		public void setBudgetEvents(boolean budgetEvents) {
			this.budgetEvents = budgetEvents;
		}

		public Duration getMaxWait() {
			return this.maxWait;
		}

		public void setMaxWait(Duration maxWait) {
			Limits.requirePositive(PREFIX + "max-wait", maxWait,
					"an open trace must be held for a positive duration before it is decided", "5m");
			this.maxWait = maxWait;
		}

		public int getMaxPendingSpans() {
			return this.maxPendingSpans;
		}

		public void setMaxPendingSpans(int maxPendingSpans) {
			if (maxPendingSpans < 1) {
				throw new InvalidAiInfraPropertyException(PREFIX + "max-pending-spans", maxPendingSpans,
						"at least one span must be held for keep-sampling to decide a trace",
						PREFIX + "max-pending-spans=50000");
			}
			this.maxPendingSpans = maxPendingSpans;
		}

	}

	/**
	 * Settings of one network exporter.
	 */
	public static class ExporterEndpoint {

		/**
		 * Endpoint of this exporter, for when several network exporters are selected;
		 * defaults to ai-infra.tracing.endpoint, then (otlp only)
		 * OTEL_EXPORTER_OTLP_ENDPOINT, then the exporter's default.
		 */
		private @Nullable String endpoint;

		public @Nullable String getEndpoint() {
			return this.endpoint;
		}

		public void setEndpoint(@Nullable String endpoint) {
			this.endpoint = endpoint;
		}

	}

}
