package ai.infra.benchmarks;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.observation.ObservationHandler;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;

import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.tool.ToolCallback;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The application context of one variant, started once per benchmark trial. When closed
 * it prints what the trial really produced (model calls, exported spans by name, the AI
 * meters' counts) so that every result can be checked against the work it claims to
 * measure.
 */
final class BenchmarkContext implements AutoCloseable {

	private final Variant variant;

	private final ConfigurableApplicationContext context;

	private BenchmarkContext(Variant variant, ConfigurableApplicationContext context) {
		this.variant = variant;
		this.context = context;
	}

	/**
	 * Start the application of a variant.
	 * @param variantId the variant's id
	 * @return the running context
	 */
	static BenchmarkContext start(String variantId) {
		return start(Variant.of(variantId), Map.of());
	}

	/**
	 * Start the application of a variant with more properties.
	 * @param variant the variant
	 * @param properties properties on top of the variant's own
	 * @return the running context
	 */
	static BenchmarkContext start(Variant variant, Map<String, Object> properties) {
		Map<String, Object> all = new LinkedHashMap<>(variant.properties());
		all.putAll(properties);
		// As command-line arguments, so that they win over anything in the environment.
		String[] args = all.entrySet()
			.stream()
			.map((entry) -> "--" + entry.getKey() + "=" + entry.getValue())
			.toArray(String[]::new);
		ConfigurableApplicationContext context = new SpringApplicationBuilder(BenchmarkApplication.class)
			.web(WebApplicationType.NONE)
			.run(args);
		BenchmarkContext started = new BenchmarkContext(variant, context);
		started.describe();
		return started;
	}

	<T> T bean(Class<T> type) {
		return this.context.getBean(type);
	}

	Variant variant() {
		return this.variant;
	}

	/**
	 * Return the tracer the floors make their spans with.
	 * @return the tracer of the floors' instrumentation scope
	 */
	Tracer floorTracer() {
		return bean(OpenTelemetry.class).getTracer(BenchmarkApplication.FLOOR_SCOPE);
	}

	/**
	 * Return the tools as this variant calls them: wrapped by hand in a floor variant,
	 * as they are otherwise.
	 * @param tools the tools
	 * @return the tools to offer the model
	 */
	ToolCallback[] tools(ToolCallback[] tools) {
		if (!this.variant.instrumentsByHand()) {
			return tools;
		}
		Tracer tracer = floorTracer();
		MeterRegistry meterRegistry = bean(MeterRegistry.class);
		return Arrays.stream(tools)
			.map((tool) -> new FloorToolCallback(tool, tracer, meterRegistry))
			.toArray(ToolCallback[]::new);
	}

	private void describe() {
		String sampler = this.context.getBeanProvider(Sampler.class)
			.stream()
			.map(Sampler::getDescription)
			.findFirst()
			.orElse("none");
		print("handlers=" + Arrays.toString(this.context.getBeanNamesForType(ObservationHandler.class))
				+ " exporters=" + Arrays.toString(this.context.getBeanNamesForType(SpanExporter.class)) + " sampler="
				+ sampler);
	}

	@Override
	public void close() {
		try {
			this.context.getBeanProvider(SdkTracerProvider.class)
				.ifAvailable((provider) -> provider.forceFlush().join(10, TimeUnit.SECONDS));
			ChatModel model = this.context.getBean(ChatModel.class);
			long calls = (model instanceof InstantChatModel instant) ? instant.calls()
					: (model instanceof FloorChatModel floor) ? floor.calls() : -1;
			print("modelCalls=" + calls + " exportedSpans="
					+ this.context.getBean(DiscardingSpanExporter.class).exportedByName() + " meters=" + aiMeters());
		}
		finally {
			this.context.close();
		}
	}

	private Map<String, Long> aiMeters() {
		Map<String, Long> counts = new TreeMap<>();
		this.context.getBeanProvider(MeterRegistry.class).ifAvailable((registry) -> {
			for (Meter meter : registry.getMeters()) {
				String name = meter.getId().getName();
				if (name.startsWith("ai.") || name.startsWith("gen_ai.") || name.startsWith("spring.ai.")) {
					long count = count(meter);
					if (count >= 0) {
						counts.merge(name + tag(meter), count, Long::sum);
					}
				}
			}
		});
		return counts;
	}

	private static String tag(Meter meter) {
		String type = meter.getId().getTag("type");
		String reason = meter.getId().getTag("reason");
		return (type != null) ? "[" + type + "]" : (reason != null) ? "[" + reason + "]" : "";
	}

	private static long count(Meter meter) {
		if (meter instanceof Counter counter) {
			return (long) counter.count();
		}
		if (meter instanceof Timer timer) {
			return timer.count();
		}
		if (meter instanceof DistributionSummary summary) {
			return summary.count();
		}
		return -1;
	}

	private void print(String message) {
		System.out.println("[benchmark " + this.variant.id() + "] " + message);
	}

}
