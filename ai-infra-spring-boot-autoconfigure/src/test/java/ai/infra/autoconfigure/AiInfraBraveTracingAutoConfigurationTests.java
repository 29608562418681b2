package ai.infra.autoconfigure;

import ai.infra.autoconfigure.llm.AiInfraLlmTracingAutoConfiguration;
import ai.infra.autoconfigure.tracing.AiInfraTracingAutoConfiguration;
import ai.infra.internal.llm.LlmCallObservationHandler;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.brave.bridge.BraveTracer;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.brave.autoconfigure.BraveAutoConfiguration;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration;
import org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.DefaultResourceLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Tests for {@link AiInfraBraveTracingAutoConfiguration}: with Micrometer Tracing's Brave
 * bridge in use, as {@code spring-boot-starter-zipkin} makes it, start-up stops with an
 * explanation instead of ai-infra half working.
 */
@ExtendWith(OutputCaptureExtension.class)
class AiInfraBraveTracingAutoConfigurationTests {

	private static final String OTEL_BRIDGE = "io.micrometer.tracing.otel.";

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class, BraveAutoConfiguration.class,
				OpenTelemetrySdkAutoConfiguration.class, OpenTelemetryTracingAutoConfiguration.class,
				MicrometerTracingAutoConfiguration.class, AiInfraTracingAutoConfiguration.class,
				AiInfraLlmTracingAutoConfiguration.class, AiInfraBraveTracingAutoConfiguration.class))
		.withPropertyValues("ai-infra.tracing.exporter=none");

	@Test
	void shouldExplainBraveInPlaceOfTheOpenTelemetryBridge() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(OTEL_BRIDGE))
			.run((context) -> assertExplainsBrave(FailureAnalyses.registered(context.getStartupFailure())));
	}

	@Test
	void shouldExplainBravePickedOverTheOpenTelemetryBridgeWhenBothArePresent() {
		// With both bridges Boot makes the Brave tracer, and ai-infra's OpenTelemetry
		// parents would be handed to it.
		this.contextRunner
			.run((context) -> assertExplainsBrave(FailureAnalyses.registered(context.getStartupFailure())));
	}

	@Test
	void shouldStartWithBraveWhenAiInfraTracingIsDisabled() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(OTEL_BRIDGE))
			.withPropertyValues("ai-infra.tracing.enabled=false")
			.run((context) -> {
				assertThat(context).hasNotFailed()
					.doesNotHaveBean("aiInfraTracingBridgeCheck")
					.doesNotHaveBean(LlmCallObservationHandler.class);
				assertThat(context.getBean(Tracer.class)).isInstanceOf(BraveTracer.class);
			});
	}

	@Test
	void shouldNotInterfereWithTheOpenTelemetryBridge() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(BraveTracer.class)).run((context) -> {
			assertThat(context).hasNotFailed()
				.doesNotHaveBean("aiInfraTracingBridgeCheck")
				.hasSingleBean(LlmCallObservationHandler.class);
			assertThat(context.getBean(Tracer.class)).isInstanceOf(OtelTracer.class);
		});
	}

	@Test
	void shouldReportBraveWhenApplicationStarts(CapturedOutput output) {
		SpringApplication application = new SpringApplication(MinimalApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		application.setResourceLoader(new DefaultResourceLoader(new FilteredClassLoader(OTEL_BRIDGE)));
		// The other tests of this module exclude Boot's Brave auto-configuration.
		assertThatException().isThrownBy(() -> application.run("--spring.autoconfigure.exclude=",
				"--spring.main.banner-mode=off", "--ai-infra.tracing.exporter=none",
				"--spring.ai.openai.api-key=sk-test"));
		assertThat(output).contains("APPLICATION FAILED TO START", "Micrometer Tracing is using Brave",
				"io.micrometer:micrometer-tracing-bridge-brave", "Remove spring-boot-starter-zipkin",
				"ai-infra.tracing.enabled=false");
	}

	private static void assertExplainsBrave(FailureAnalysis analysis) {
		assertThat(analysis.getCause()).isInstanceOf(BraveTracingBridgeException.class);
		assertThat(analysis.getDescription()).contains("Micrometer Tracing is using Brave",
				"io.micrometer:micrometer-tracing-bridge-brave", "spring-boot-starter-zipkin",
				"could not join the application's traces");
		assertThat(analysis.getAction()).contains("Remove spring-boot-starter-zipkin",
				"io.micrometer:micrometer-tracing-bridge-otel", "ai-infra.tracing.exporter=zipkin",
				"ai-infra.tracing.enabled=false");
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class MinimalApplication {

	}

}
