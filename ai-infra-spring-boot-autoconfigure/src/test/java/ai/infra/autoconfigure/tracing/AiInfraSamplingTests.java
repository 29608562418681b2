package ai.infra.autoconfigure.tracing;

import java.util.List;
import java.util.concurrent.TimeUnit;

import ai.infra.tracing.AiSampler;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration;
import org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests of what ai-infra's sampler records and exports.
 */
class AiInfraSamplingTests {

	private static final int ROOT_SPANS = 4000;

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(OpenTelemetrySdkAutoConfiguration.class,
				OpenTelemetryTracingAutoConfiguration.class, AiInfraTracingAutoConfiguration.class))
		.withUserConfiguration(InMemorySpanExporterConfiguration.class)
		.withPropertyValues("ai-infra.tracing.exporter=none",
				"management.opentelemetry.tracing.export.max-queue-size=10000");

	@Test
	void shouldExportNothingAtRateZero() {
		this.contextRunner.withPropertyValues("ai-infra.tracing.sample-rate=0.0")
			.run((context) -> assertThat(startRootSpans(context, ROOT_SPANS)).isZero());
	}

	@Test
	void shouldExportEverythingAtRateOne() {
		this.contextRunner.withPropertyValues("ai-infra.tracing.sample-rate=1.0")
			.run((context) -> assertThat(startRootSpans(context, ROOT_SPANS)).isEqualTo(ROOT_SPANS));
	}

	@Test
	void shouldExportAQuarterAtRateAQuarter() {
		// Binomial(4000, 0.25): mean 1000, standard deviation 27.4. A band of five standard
		// deviations fails by chance less than once in a million runs.
		this.contextRunner.withPropertyValues("ai-infra.tracing.sample-rate=0.25")
			.run((context) -> assertThat(startRootSpans(context, ROOT_SPANS)).isBetween(863, 1137));
	}

	@Test
	void shouldLetAiSamplerDecideRootSpans() {
		this.contextRunner.withUserConfiguration(LlmOnlySamplerConfiguration.class).run((context) -> {
			Tracer tracer = context.getBean(OpenTelemetry.class).getTracer("test");
			tracer.spanBuilder("llm.generate").startSpan().end();
			tracer.spanBuilder("health.check").startSpan().end();
			assertThat(exported(context)).extracting(SpanData::getName).containsExactly("llm.generate");
		});
	}

	@Test
	void shouldKeepChildrenOfASampledParentWhateverTheRate() {
		this.contextRunner.withPropertyValues("ai-infra.tracing.sample-rate=0.0").run((context) -> {
			Tracer tracer = context.getBean(OpenTelemetry.class).getTracer("test");
			SpanContext remoteParent = SpanContext.createFromRemoteParent("0af7651916cd43dd8448eb211c80319c",
					"b7ad6b7169203331", TraceFlags.getSampled(), TraceState.getDefault());
			Context parent = Context.root().with(Span.wrap(remoteParent));
			tracer.spanBuilder("llm.generate").setParent(parent).startSpan().end();
			assertThat(exported(context)).singleElement()
				.satisfies((span) -> assertThat(span.getParentSpanId()).isEqualTo("b7ad6b7169203331"));
		});
	}

	@Test
	void shouldDropChildrenOfAnUnsampledParentWhateverTheAiSampler() {
		this.contextRunner.withUserConfiguration(LlmOnlySamplerConfiguration.class).run((context) -> {
			Tracer tracer = context.getBean(OpenTelemetry.class).getTracer("test");
			Span root = tracer.spanBuilder("health.check").startSpan();
			try (Scope scope = root.makeCurrent()) {
				tracer.spanBuilder("llm.generate").startSpan().end();
			}
			root.end();
			assertThat(exported(context)).isEmpty();
		});
	}

	private static int startRootSpans(AssertableApplicationContext context, int count) {
		Tracer tracer = context.getBean(OpenTelemetry.class).getTracer("test");
		for (int i = 0; i < count; i++) {
			tracer.spanBuilder("root-" + i).startSpan().end();
		}
		return exported(context).size();
	}

	private static List<SpanData> exported(AssertableApplicationContext context) {
		context.getBean(SdkTracerProvider.class).forceFlush().join(10, TimeUnit.SECONDS);
		return context.getBean(InMemorySpanExporter.class).getFinishedSpanItems();
	}

	@Configuration(proxyBeanMethods = false)
	static class LlmOnlySamplerConfiguration {

		@Bean
		AiSampler llmOnlySampler() {
			return (spanName, parent, traceId) -> spanName.startsWith("llm.");
		}

	}

}
