package ai.infra.autoconfigure.llm;

import java.util.Map;

import ai.infra.autoconfigure.FailureAnalyses;
import ai.infra.autoconfigure.tracing.AiInfraTracingAutoConfiguration;
import ai.infra.cost.ModelPrice;
import ai.infra.cost.PriceTable;
import ai.infra.internal.agent.ChatClientObservationHandler;
import ai.infra.internal.cost.CostCalculator;
import ai.infra.internal.cost.TokenUsage;
import ai.infra.internal.llm.LlmCallObservationHandler;
import ai.infra.internal.llm.LlmCallRecorder;
import ai.infra.internal.metrics.AiMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.registry.otlp.OtlpMeterRegistry;
import io.micrometer.tracing.otel.bridge.OtelSpan;
import org.junit.jupiter.api.Test;

import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.client.ChatClientCustomizer;
import org.springframework.ai.chat.observation.ChatModelObservationContext;
import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration;
import org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link AiInfraLlmTracingAutoConfiguration} and
 * {@link AiInfraMetricsAutoConfiguration}.
 */
class AiInfraLlmTracingAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class, MetricsAutoConfiguration.class,
				CompositeMeterRegistryAutoConfiguration.class, OpenTelemetrySdkAutoConfiguration.class,
				OpenTelemetryTracingAutoConfiguration.class, MicrometerTracingAutoConfiguration.class,
				AiInfraTracingAutoConfiguration.class, AiInfraMetricsAutoConfiguration.class,
				AiInfraLlmTracingAutoConfiguration.class))
		.withPropertyValues("ai-infra.tracing.exporter=none");

	@Test
	void shouldRegisterLlmTracingAndMetersByDefault() {
		this.contextRunner.run((context) -> assertThat(context).hasSingleBean(LlmCallObservationHandler.class)
			.hasSingleBean(ChatClientObservationHandler.class)
			.hasSingleBean(LlmCallRecorder.class)
			.hasSingleBean(CostCalculator.class)
			.hasSingleBean(AiMetrics.class)
			.hasBean("aiInfraChatClientCustomizer"));
	}

	@Test
	void shouldRegisterNothingWhenDisabled() {
		this.contextRunner.withPropertyValues("ai-infra.tracing.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(LlmCallObservationHandler.class)
				.doesNotHaveBean(ChatClientObservationHandler.class)
				.doesNotHaveBean(AiMetrics.class)
				.doesNotHaveBean(ChatClientCustomizer.class));
	}

	@Test
	void shouldRecordNoMetersWhenMetricsAreDisabled() {
		this.contextRunner.withPropertyValues("ai-infra.tracing.enable-metrics=false")
			.run((context) -> assertThat(context).doesNotHaveBean(AiMetrics.class)
				.hasSingleBean(LlmCallObservationHandler.class));
	}

	@Test
	void shouldPriceModelCallsWithAUserPriceTable() {
		this.contextRunner.withUserConfiguration(UserPriceTable.class).run((context) -> {
			assertThat(context).hasSingleBean(PriceTable.class).hasSingleBean(CostCalculator.class);
			assertThat(context.getBean(PriceTable.class)).isSameAs(context.getBean("priceTable"));
			// 1M input tokens at $0.50 and 1M output tokens at $1.50.
			assertThat(context.getBean(CostCalculator.class)
				.cost("openai", "in-house-llm-v2", 1_000_000, 1_000_000, 0)).hasValue(2.0);
		});
	}

	@Test
	void shouldBackOffWhenSpringAiIsMissing() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(ChatModelObservationContext.class))
			.run((context) -> assertThat(context).doesNotHaveBean(LlmCallObservationHandler.class)
				.doesNotHaveBean(CostCalculator.class));
	}

	@Test
	void shouldBackOffWhenMicrometerOpenTelemetryBridgeIsMissing() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(OtelSpan.class))
			.run((context) -> assertThat(context).doesNotHaveBean(LlmCallObservationHandler.class));
	}

	@Test
	void shouldTraceModelCallsWithoutChatClientOnTheClassPath() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(ChatClient.class))
			.run((context) -> assertThat(context).hasSingleBean(LlmCallObservationHandler.class)
				.doesNotHaveBean(ChatClientObservationHandler.class)
				.doesNotHaveBean("aiInfraChatClientCustomizer"));
	}

	@Test
	void shouldRecordNoMetersWithoutAMeterRegistry() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class,
					OpenTelemetrySdkAutoConfiguration.class, OpenTelemetryTracingAutoConfiguration.class,
					MicrometerTracingAutoConfiguration.class, AiInfraTracingAutoConfiguration.class,
					AiInfraMetricsAutoConfiguration.class, AiInfraLlmTracingAutoConfiguration.class))
			.withPropertyValues("ai-infra.tracing.exporter=none")
			.run((context) -> assertThat(context).doesNotHaveBean(AiMetrics.class)
				.hasSingleBean(LlmCallObservationHandler.class));
	}

	@Test
	void shouldBackOffFromUserCostCalculator() {
		this.contextRunner.withUserConfiguration(UserCostCalculatorConfiguration.class)
			.run((context) -> assertThat(context.getBean(CostCalculator.class))
				.isSameAs(context.getBean("userCostCalculator")));
	}

	@Test
	void shouldPushToOtlpOnlyWhenMetricsEndpointIsSet() {
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean("aiInfraOtlpMetricsPush"));
		this.contextRunner.withPropertyValues("ai-infra.tracing.metrics-endpoint=http://collector:4318")
			.run((context) -> {
				assertThat(context).hasBean("aiInfraOtlpMetricsPush");
				// Not a MeterRegistry bean: Boot would otherwise push every meter there.
				assertThat(context.getBeansOfType(MeterRegistry.class).values())
					.noneMatch(OtlpMeterRegistry.class::isInstance);
			});
	}

	@Test
	void shouldExplainMetricsEndpointWithoutOtlpRegistry() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(OtlpMeterRegistry.class))
			.withPropertyValues("ai-infra.tracing.metrics-endpoint=http://collector:4318")
			.run((context) -> assertThat(FailureAnalyses.analyze(context.getStartupFailure()).getDescription())
				.contains("'ai-infra.tracing.metrics-endpoint'", "io.micrometer:micrometer-registry-otlp"));
	}

	@Test
	void shouldExplainMalformedMetricsEndpoint() {
		this.contextRunner.withPropertyValues("ai-infra.tracing.metrics-endpoint=collector:4318")
			.run((context) -> {
				FailureAnalysis analysis = FailureAnalyses.analyze(context.getStartupFailure());
				assertThat(analysis.getDescription()).contains("'collector:4318'", "absolute http or https URL");
				assertThat(analysis.getAction())
					.contains("ai-infra.tracing.metrics-endpoint=http://localhost:4318/v1/metrics");
			});
	}

	@Test
	void shouldExplainNegativePrice() {
		this.contextRunner
			.withPropertyValues("ai-infra.pricing.models.my-model.input-per-million=-1",
					"ai-infra.pricing.models.my-model.output-per-million=2")
			.run((context) -> {
				FailureAnalysis analysis = FailureAnalyses.analyze(context.getStartupFailure());
				assertThat(analysis.getDescription()).contains("'-1'",
						"'ai-infra.pricing.models.my-model.input-per-million'", "non-negative");
				assertThat(analysis.getAction()).contains("ai-infra.pricing.models.my-model.input-per-million=2.5");
			});
	}

	@Test
	void shouldExplainPriceWithoutOutputPrice() {
		this.contextRunner.withPropertyValues("ai-infra.pricing.models.my-model.input-per-million=1")
			.run((context) -> assertThat(FailureAnalyses.analyze(context.getStartupFailure()).getDescription())
				.contains("'ai-infra.pricing.models.my-model.output-per-million'"));
	}

	@Test
	void shouldExplainUnreadablePriceFile() {
		this.contextRunner.withPropertyValues("ai-infra.pricing.file=classpath:no-such-prices.json")
			.run((context) -> assertThat(FailureAnalyses.analyze(context.getStartupFailure()).getDescription())
				.contains("'ai-infra.pricing.file'", "the price file cannot be read"));
	}

	@Test
	void shouldLoadAWholePriceFile() {
		this.contextRunner.withPropertyValues("ai-infra.pricing.file=classpath:ai/infra/cost/model-prices.json")
			.run((context) -> assertThat(context.getBean(CostCalculator.class).cost("openai", "gpt-4o", 1_000_000, 0, 0))
				.hasValue(PriceTable.bundled().find("openai", "gpt-4o").orElseThrow().inputPerMillion()));
	}

	@Test
	void shouldShowTheDateAndSourceOfThePricesOnTheInfoEndpoint() {
		this.contextRunner.run((context) -> assertThat(pricingInfo(context)).containsExactly(
				Map.entry("date", PriceTable.bundled().date().toString()),
				Map.entry("source", PriceTable.bundled().source())));
	}

	@Test
	void shouldShowTheDateOfAUserPriceFileOnTheInfoEndpoint() {
		this.contextRunner.withPropertyValues("ai-infra.pricing.file=classpath:ai/infra/cost/user-prices.json")
			.run((context) -> assertThat(pricingInfo(context)).containsEntry("date", "2026-01-15")
				.containsEntry("source", "Our negotiated prices"));
	}

	@Test
	void shouldBackOffFromAUserPricingInfoContributor() {
		this.contextRunner.withBean("aiInfraPricingInfoContributor", InfoContributor.class, () -> (builder) -> {
		}).run((context) -> assertThat(context).getBean("aiInfraPricingInfoContributor")
			.isNotInstanceOf(PricingInfoContributor.class));
	}

	@Test
	void shouldContributeNoInfoWithoutActuator() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(InfoContributor.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean("aiInfraPricingInfoContributor")
				.hasSingleBean(CostCalculator.class));
	}

	@Test
	void shouldNeverLetATablePriceWinOverAConfiguredOne() {
		this.contextRunner
			.withPropertyValues("ai-infra.pricing.models.gpt-4o.input-per-million=1",
					"ai-infra.pricing.models.gpt-4o.output-per-million=2")
			.run((context) -> {
				CostCalculator costs = context.getBean(CostCalculator.class);
				// The table names gpt-4o-2024-08-06 itself, at $2.50: the override wins.
				assertThat(costs.cost("openai", "gpt-4o-2024-08-06", 1_000_000, 1_000_000, 0)).hasValue(3.0);
				assertThat(costs.cost("azure_openai", "gpt-4o", 1_000_000, 0, 0)).hasValue(1.0);
			});
	}

	@Test
	void shouldPriceCacheWritesOfAConfiguredModel() {
		this.contextRunner
			.withPropertyValues("ai-infra.pricing.models.my-claude.input-per-million=3",
					"ai-infra.pricing.models.my-claude.output-per-million=15",
					"ai-infra.pricing.models.my-claude.cached-input-per-million=0.3",
					"ai-infra.pricing.models.my-claude.cache-write-input-per-million=3.75")
			// 1,000 x 3 + 3,000 x 0.3 + 500 x 3.75 + 200 x 15 = 8,775 per million.
			.run((context) -> assertThat(context.getBean(CostCalculator.class)
				.cost("anthropic", "my-claude", new TokenUsage(4500, 200, 3000, 500, 0))).hasValue(0.008775));
	}

	@Test
	void shouldCostFreeProvidersNothingUnlessAModelIsPriced() {
		this.contextRunner
			.withPropertyValues("ai-infra.pricing.free-providers=vllm, lm-studio",
					"ai-infra.pricing.models.big-local.input-per-million=0.1",
					"ai-infra.pricing.models.big-local.output-per-million=0.2")
			.run((context) -> {
				CostCalculator costs = context.getBean(CostCalculator.class);
				assertThat(costs.cost("vllm", "in-house-llm", 1_000_000, 1_000_000, 0)).hasValue(0.0);
				assertThat(costs.cost("lm_studio", "gpt-4o", 1_000_000, 1_000_000, 0)).hasValue(0.0);
				assertThat(costs.cost("vllm", "big-local", 1_000_000, 1_000_000, 0)).hasValue(0.3);
				assertThat(costs.cost("openai", "in-house-llm", 1_000_000, 1_000_000, 0)).isEmpty();
			});
	}

	@Test
	void shouldExplainBlankFreeProvider() {
		this.contextRunner.withPropertyValues("ai-infra.pricing.free-providers[0]= ")
			.run((context) -> {
				FailureAnalysis analysis = FailureAnalyses.analyze(context.getStartupFailure());
				assertThat(analysis.getDescription()).contains("'ai-infra.pricing.free-providers[0]'",
						"a free provider needs a name");
				assertThat(analysis.getAction()).contains("ai-infra.pricing.free-providers=vllm");
			});
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> pricingInfo(AssertableApplicationContext context) {
		Info.Builder builder = new Info.Builder();
		context.getBean("aiInfraPricingInfoContributor", InfoContributor.class).contribute(builder);
		Map<String, Object> aiInfra = (Map<String, Object>) builder.build().getDetails().get("ai-infra");
		return (Map<String, Object>) aiInfra.get("pricing");
	}

	@Configuration(proxyBeanMethods = false)
	static class UserCostCalculatorConfiguration {

		@Bean
		CostCalculator userCostCalculator() {
			return new CostCalculator(PriceTable.bundled());
		}

		@Bean
		MeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserPriceTable {

		@Bean
		PriceTable priceTable() {
			return PriceTable.bundled().withOverrides(Map.of("in-house-llm-v2", ModelPrice.of(0.50, 1.50)));
		}

	}

}
