package ai.infra.autoconfigure.llm;

import java.util.List;

import ai.infra.autoconfigure.FailureAnalyses;
import ai.infra.autoconfigure.tracing.AiInfraTracingAutoConfiguration;
import ai.infra.internal.metrics.AiMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.context.Context;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link AiInfraMetricsProperties}: binding, defaults, and the values that stop
 * start-up.
 */
class AiInfraMetricsPropertiesTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
				CompositeMeterRegistryAutoConfiguration.class, AiInfraTracingAutoConfiguration.class,
				AiInfraMetricsAutoConfiguration.class))
		.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
		.withPropertyValues("ai-infra.tracing.exporter=none");

	@Test
	void shouldTagNothingAndCapAtOneHundredByDefault() {
		this.contextRunner.run((context) -> {
			AiInfraMetricsProperties properties = context.getBean(AiInfraMetricsProperties.class);
			assertThat(properties.getTags()).isEmpty();
			assertThat(properties.getMaxTagValues()).isEqualTo(100);
			assertThat(context.getBean(MeterRegistry.class).find("ai.metrics.tag.overflow").counters()).isEmpty();
		});
	}

	@Test
	void shouldTagMetersWithTheConfiguredBaggageKeysCappedAtTheConfiguredValues() {
		this.contextRunner.withPropertyValues("ai-infra.metrics.tags= tenant.id ,feature",
				"ai-infra.metrics.max-tag-values=1")
			.run((context) -> {
				AiMetrics metrics = context.getBean(AiMetrics.class);
				for (String tenant : List.of("acme", "globex")) {
					Context baggage = Context.root().with(Baggage.builder().put("tenant.id", tenant).build());
					metrics.recordToolCall(metrics.attribution(baggage), "search", AiMetrics.SUCCESS, 1000);
				}
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				assertThat(registry.get("ai.tool.calls").tags("tenant.id", "acme", "feature", "none").counter().count())
					.isEqualTo(1.0);
				assertThat(registry.get("ai.tool.calls").tags("tenant.id", "other").counter().count()).isEqualTo(1.0);
				assertThat(registry.get("ai.metrics.tag.overflow").tags("tag", "tenant.id").counter().count())
					.isEqualTo(1.0);
				assertThat(registry.get("ai.metrics.tag.overflow").tags("tag", "feature").counter().count()).isZero();
			});
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			tenant.id,               | ai-infra.metrics.tags[1] | ''        | a tag needs a baggage key
			tenant.id,tenant.id      | ai-infra.metrics.tags[1] | tenant.id | this baggage key is listed twice
			tenant.id,tenant_id      | ai-infra.metrics.tags[1] | tenant_id | this key and 'tenant.id' are the same Prometheus label tenant_id
			model                    | ai-infra.metrics.tags[0] | model     | the ai.* meters already have a tag of this name
			feature,status           | ai-infra.metrics.tags[1] | status    | the ai.* meters already have a tag of this name
			le                       | ai-infra.metrics.tags[0] | le        | the ai.* meters already have a tag of this name
			""")
	void shouldRejectTagKeysThatCannotBeTags(String tags, String property, String value, String reason) {
		this.contextRunner.withPropertyValues("ai-infra.metrics.tags=" + tags).run((context) -> {
			FailureAnalysis analysis = FailureAnalyses.analyze(context.getStartupFailure());
			assertThat(analysis.getDescription()).contains("'" + property + "'", "'" + value + "'", reason);
			assertThat(analysis.getAction()).contains("ai-infra.metrics.tags=tenant.id,feature");
		});
	}

	@ParameterizedTest
	@CsvSource({ "0", "-1" })
	void shouldRejectACapBelowOne(String maxTagValues) {
		this.contextRunner.withPropertyValues("ai-infra.metrics.max-tag-values=" + maxTagValues).run((context) -> {
			FailureAnalysis analysis = FailureAnalyses.analyze(context.getStartupFailure());
			assertThat(analysis.getDescription()).contains("'ai-infra.metrics.max-tag-values'",
					"'" + maxTagValues + "'", "a tag needs room for at least one value");
			assertThat(analysis.getAction()).contains("ai-infra.metrics.max-tag-values=100");
		});
	}

	@Test
	void shouldNotCheckTagsWhenMetricsAreDisabled() {
		this.contextRunner.withPropertyValues("ai-infra.tracing.enable-metrics=false", "ai-infra.metrics.tags=model")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(AiMetrics.class));
	}

}
