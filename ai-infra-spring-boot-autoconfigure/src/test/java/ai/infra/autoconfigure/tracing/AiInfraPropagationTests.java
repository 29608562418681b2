package ai.infra.autoconfigure.tracing;

import java.util.HashMap;
import java.util.Map;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration;
import org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Inject/extract round trips for each propagator selected through
 * {@code ai-infra.tracing.propagators}.
 */
class AiInfraPropagationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(OpenTelemetrySdkAutoConfiguration.class,
				OpenTelemetryTracingAutoConfiguration.class, AiInfraTracingAutoConfiguration.class))
		.withPropertyValues("ai-infra.tracing.exporter=none");

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			tracecontext          | traceparent    | b3
			b3                    | b3             | traceparent
			b3multi               | X-B3-TraceId   | b3
			tracecontext, b3multi | traceparent    | b3
			""")
	void shouldRoundTripTraceContext(String propagators, String expectedHeader, String absentHeader) {
		this.contextRunner.withPropertyValues("ai-infra.tracing.propagators=" + propagators).run((context) -> {
			OpenTelemetry openTelemetry = context.getBean(OpenTelemetry.class);
			TextMapPropagator propagator = openTelemetry.getPropagators().getTextMapPropagator();
			Span span = openTelemetry.getTracer("test").spanBuilder("outgoing").startSpan();
			Map<String, String> headers = new HashMap<>();
			propagator.inject(Context.root().with(span), headers, Map::put);
			span.end();
			assertThat(headers).containsKey(expectedHeader).doesNotContainKey(absentHeader);
			SpanContext extracted = Span.fromContext(propagator.extract(Context.root(), headers, MapGetter.INSTANCE))
				.getSpanContext();
			assertThat(extracted.isRemote()).isTrue();
			assertThat(extracted.getTraceId()).isEqualTo(span.getSpanContext().getTraceId());
			assertThat(extracted.getSpanId()).isEqualTo(span.getSpanContext().getSpanId());
			assertThat(extracted.isSampled()).isTrue();
		});
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			tracecontext, baggage | true
			tracecontext          | false
			""")
	void shouldPropagateBaggageOnlyWhenSelected(String propagators, boolean propagated) {
		this.contextRunner.withPropertyValues("ai-infra.tracing.propagators=" + propagators).run((context) -> {
			TextMapPropagator propagator = context.getBean(OpenTelemetry.class)
				.getPropagators()
				.getTextMapPropagator();
			Map<String, String> headers = new HashMap<>();
			Baggage baggage = Baggage.builder().put("tenant.id", "acme").build();
			try (Scope scope = Context.root().with(baggage).makeCurrent()) {
				propagator.inject(Context.current(), headers, Map::put);
			}
			assertThat(headers.containsKey("baggage")).isEqualTo(propagated);
			Baggage extracted = Baggage.fromContext(propagator.extract(Context.root(), headers, MapGetter.INSTANCE));
			assertThat(extracted.getEntryValue("tenant.id")).isEqualTo(propagated ? "acme" : null);
		});
	}

	private enum MapGetter implements TextMapGetter<Map<String, String>> {

		INSTANCE;

		@Override
		public Iterable<String> keys(Map<String, String> carrier) {
			return carrier.keySet();
		}

		@Override
		public @Nullable String get(@Nullable Map<String, String> carrier, String key) {
			return (carrier != null) ? carrier.get(key) : null;
		}

	}

}
