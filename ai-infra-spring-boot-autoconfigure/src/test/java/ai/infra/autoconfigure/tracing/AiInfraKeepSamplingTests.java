package ai.infra.autoconfigure.tracing;

import java.util.List;

import ai.infra.autoconfigure.llm.AiInfraMetricsAutoConfiguration;
import ai.infra.internal.metrics.TraceDecisionMetrics;
import ai.infra.internal.observation.AiAttributes;
import ai.infra.internal.sampling.AiSamplers;
import ai.infra.internal.sampling.KeepSamplingSpanProcessor;
import ai.infra.tracing.AiSampler;
import ai.infra.tracing.AiTraceSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
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
 * Tests of the wiring of keep-sampling: when unsampled traces are recorded for it, and
 * that a kept trace reaches Boot's batch span processor and the
 * {@code ai.tracing.traces} meter.
 */
class AiInfraKeepSamplingTests {

	private static final String PROCESSOR = "aiInfraKeepSamplingSpanProcessor";

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(OpenTelemetrySdkAutoConfiguration.class,
				OpenTelemetryTracingAutoConfiguration.class, AiInfraTracingAutoConfiguration.class,
				AiInfraMetricsAutoConfiguration.class))
		.withUserConfiguration(InMemorySpanExporterConfiguration.class, MeterRegistryConfiguration.class)
		.withPropertyValues("ai-infra.tracing.exporter=none");

	@Test
	void shouldRecordNothingForKeepingAtRateOne() {
		this.contextRunner.run((context) -> {
			assertThat(AiSamplers.isKeeping(context.getBean(Sampler.class))).isFalse();
			assertThat(context.getBean(PROCESSOR, SpanProcessor.class)).isNotInstanceOf(KeepSamplingSpanProcessor.class);
			assertThat(context.getBean(PROCESSOR, SpanProcessor.class).isEndRequired()).isFalse();
			assertThat(context.getBean(MeterRegistry.class).find(TraceDecisionMetrics.NAME).counters()).isEmpty();
		});
	}

	@Test
	void shouldRecordNothingForKeepingWhenEveryRuleIsOff() {
		this.contextRunner
			.withPropertyValues("ai-infra.tracing.sample-rate=0.1", "ai-infra.tracing.keep.errors=false",
					"ai-infra.tracing.keep.budget-events=false")
			.run((context) -> assertThat(AiSamplers.isKeeping(context.getBean(Sampler.class))).isFalse());
	}

	@Test
	void shouldExportTraceWithErrorThroughBootsBatchProcessorAtLowRate() {
		this.contextRunner.withPropertyValues("ai-infra.tracing.sample-rate=0.0").run((context) -> {
			assertThat(context.getBean(PROCESSOR)).isInstanceOf(KeepSamplingSpanProcessor.class);
			Tracer tracer = context.getBean(OpenTelemetry.class).getTracer("test");
			startTrace(tracer, "failed", true);
			startTrace(tracer, "fine", false);
			List<SpanData> spans = FinishedSpans.of(context);
			assertThat(spans).extracting(SpanData::getName).containsExactly("llm.generate", "failed");
			assertThat(spans).allSatisfy((span) -> assertThat(span.getSpanContext().isSampled()).isTrue());
			assertThat(count(context, "kept", "error")).isEqualTo(1);
			assertThat(count(context, "dropped", "ratio")).isEqualTo(1);
			assertThat(count(context, "kept", "ratio")).isZero();
			assertThat(count(context, "dropped", "evicted")).isZero();
		});
	}

	@Test
	void shouldUseBootsSamplingProbabilityAsTheRate() {
		this.contextRunner.withPropertyValues("management.tracing.sampling.probability=0.0")
			.run((context) -> assertThat(AiSamplers.isKeeping(context.getBean(Sampler.class))).isTrue());
	}

	@Test
	void shouldLetTheAiSamplerDecideOnTheWholeTraceAtAnyRate() {
		this.contextRunner.withUserConfiguration(AgentsAndCostlyTracesSamplerConfiguration.class).run((context) -> {
			Tracer tracer = context.getBean(OpenTelemetry.class).getTracer("test");
			startTrace(tracer, "agent.run", false, 0.0);
			startTrace(tracer, "failed", true, 0.0);
			startTrace(tracer, "costly", false, 0.06);
			startTrace(tracer, "cheap", false, 0.01);
			assertThat(FinishedSpans.of(context)).extracting(SpanData::getName)
				.containsExactly("llm.generate", "agent.run", "llm.generate", "failed", "llm.generate", "costly");
			assertThat(count(context, "kept", "ratio")).isEqualTo(1);
			assertThat(count(context, "kept", "error")).isEqualTo(1);
			assertThat(count(context, "kept", "sampler")).isEqualTo(1);
			assertThat(count(context, "dropped", "ratio")).isEqualTo(1);
		});
	}

	@Test
	void shouldBackOffWhenTheApplicationDefinesItsOwnSampler() {
		this.contextRunner.withPropertyValues("ai-infra.tracing.sample-rate=0.0")
			.withUserConfiguration(OwnSamplerConfiguration.class)
			.run((context) -> {
				assertThat(context.getBean(Sampler.class)).isSameAs(context.getBean("ownSampler"));
				assertThat(context.getBean(PROCESSOR, SpanProcessor.class).isStartRequired()).isFalse();
			});
	}

	private static void startTrace(Tracer tracer, String name, boolean fail) {
		startTrace(tracer, name, fail, 0.0);
	}

	private static void startTrace(Tracer tracer, String name, boolean fail, double cost) {
		Span root = tracer.spanBuilder(name).startSpan();
		try (Scope scope = root.makeCurrent()) {
			Span call = tracer.spanBuilder("llm.generate").setAttribute(AiAttributes.COST, cost).startSpan();
			if (fail) {
				call.setStatus(StatusCode.ERROR);
			}
			call.end();
		}
		root.end();
	}

	private static double count(AssertableApplicationContext context, String decision, String reason) {
		return context.getBean(MeterRegistry.class)
			.get(TraceDecisionMetrics.NAME)
			.tag("decision", decision)
			.tag("reason", reason)
			.counter()
			.count();
	}

	@Configuration(proxyBeanMethods = false)
	static class MeterRegistryConfiguration {

		@Bean
		SimpleMeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class AgentsAndCostlyTracesSamplerConfiguration {

		@Bean
		AiSampler agentRunsAndCostlyTraces() {
			return new AiSampler() {

				@Override
				public boolean shouldSample(String spanName, Context parent, String traceId) {
					return spanName.startsWith("agent.");
				}

				@Override
				public boolean shouldKeep(AiTraceSummary trace) {
					return trace.matchesKeepRules() || trace.cost() > 0.05;
				}

			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnSamplerConfiguration {

		@Bean
		Sampler ownSampler() {
			return Sampler.alwaysOff();
		}

	}

}
