package ai.infra.benchmarks;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.opentelemetry.api.OpenTelemetry;

import org.springframework.ai.chat.model.ChatModel;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * The application every benchmark starts, once per variant: an in-process chat model, a
 * tool, and a span exporter that discards. Everything else, including ai-infra's
 * instrumentation and Spring AI's and Boot's observation support, is auto-configured.
 */
@SpringBootApplication(proxyBeanMethods = false)
public class BenchmarkApplication {

	/**
	 * Property that, set to {@code none}, replaces the observation registry by
	 * {@link ObservationRegistry#NOOP}.
	 */
	public static final String OBSERVATIONS = "benchmark.observations";

	/**
	 * Property that, set to {@code floor}, instruments the model by hand instead of
	 * through its observation.
	 */
	public static final String INSTRUMENTATION = "benchmark.instrumentation";

	/**
	 * Name of the instrumentation scope of the hand-written spans.
	 */
	public static final String FLOOR_SCOPE = "ai.infra.benchmarks.floor";

	@Bean
	DiscardingSpanExporter discardingSpanExporter() {
		return new DiscardingSpanExporter();
	}

	@Bean
	WeatherTools weatherTools() {
		return new WeatherTools();
	}

	@Bean
	AiWeatherTools aiWeatherTools() {
		return new AiWeatherTools();
	}

	@Bean
	@ConditionalOnProperty(name = OBSERVATIONS, havingValue = "none")
	ObservationRegistry noopObservationRegistry() {
		return ObservationRegistry.NOOP;
	}

	@Bean
	@ConditionalOnProperty(name = INSTRUMENTATION, havingValue = "observation", matchIfMissing = true)
	ChatModel instantChatModel(ObjectProvider<ObservationRegistry> observationRegistry) {
		return new InstantChatModel(observationRegistry.getIfUnique(() -> ObservationRegistry.NOOP));
	}

	@Bean
	@ConditionalOnProperty(name = INSTRUMENTATION, havingValue = "floor")
	ChatModel floorChatModel(OpenTelemetry openTelemetry, MeterRegistry meterRegistry,
			ObjectProvider<ObservationRegistry> observationRegistry) {
		// The instrumented model is still observed, so the floor costs what it adds to the
		// variant's observation set-up (none, or meters only).
		return new FloorChatModel(openTelemetry.getTracer(FLOOR_SCOPE), meterRegistry,
				new InstantChatModel(observationRegistry.getIfUnique(() -> ObservationRegistry.NOOP)));
	}

}
