package ai.infra.autoconfigure.tracing;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import ai.infra.autoconfigure.InvalidAiInfraPropertyException;
import ai.infra.tracing.AiSpan;
import ai.infra.tracing.AiTracer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.transport.SenderContext;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.extension.trace.propagation.B3Propagator;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.asm.ClassWriter;
import org.springframework.asm.Opcodes;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration;
import org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link AiInfraJavaAgentAutoConfiguration}. The agent cannot be attached to
 * the test JVM, so the cases for an attached agent register the auto-configuration's
 * configurations directly, with an SDK of the test's own as {@link GlobalOpenTelemetry},
 * the way the agent installs its SDK; {@code SampleApplicationJavaAgentIT} runs the real
 * agent.
 */
@ExtendWith(OutputCaptureExtension.class)
class AiInfraJavaAgentAutoConfigurationTests {

	private static final AutoConfigurations BOOT_AND_AI_INFRA = AutoConfigurations.of(ObservationAutoConfiguration.class,
			MetricsAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class,
			SimpleMetricsExportAutoConfiguration.class, MicrometerTracingAutoConfiguration.class,
			OpenTelemetrySdkAutoConfiguration.class, OpenTelemetryTracingAutoConfiguration.class,
			AiInfraJavaAgentAutoConfiguration.class, AiInfraTracingAutoConfiguration.class,
			AiInfraTracerAutoConfiguration.class);

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(BOOT_AND_AI_INFRA)
		.withPropertyValues("management.tracing.sampling.probability=1.0");

	private static final Class<?>[] AGENT_CONFIGURATIONS = { AiInfraJavaAgentAutoConfiguration.AgentOpenTelemetry.class,
			AiInfraJavaAgentAutoConfiguration.TransportSpans.class,
			AiInfraJavaAgentAutoConfiguration.LazySdkTracing.class };

	// As under the agent: its configurations applied, the test's SDK as the agent's.
	private final ApplicationContextRunner underAgent = this.contextRunner.withUserConfiguration(AGENT_CONFIGURATIONS);

	private final InMemorySpanExporter agentSpans = InMemorySpanExporter.create();

	private OpenTelemetrySdk agentSdk;

	@BeforeEach
	void installAgentSdk() {
		GlobalOpenTelemetry.resetForTest();
		this.agentSdk = OpenTelemetrySdk.builder()
			.setTracerProvider(
					SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(this.agentSpans)).build())
			.setPropagators(ContextPropagators.create(B3Propagator.injectingSingleHeader()))
			.build();
		GlobalOpenTelemetry.set(this.agentSdk);
	}

	@AfterEach
	void removeAgentSdk() {
		GlobalOpenTelemetry.resetForTest();
		this.agentSdk.close();
	}

	@Test
	void shouldNotApplyWithoutTheAgent() {
		this.contextRunner.withUserConfiguration(InMemorySpanExporterConfiguration.class).run((context) -> {
			assertThat(OpenTelemetryJavaAgent.isAttached(context.getClassLoader())).isFalse();
			assertThat(context).doesNotHaveBean(AgentTransportObservationHandler.class)
				.doesNotHaveBean(JavaAgentMootSettings.class)
				.hasSingleBean(ExportTargets.class)
				.getBean(OpenTelemetry.class)
				.isInstanceOf(OpenTelemetrySdk.class);
			assertThat(recordedThroughTheApplication(context)).as("spans of Boot's own SDK").hasSize(2);
			assertThat(this.agentSpans.getFinishedSpanItems()).isEmpty();
		});
	}

	@Test
	void shouldNotTakeTheAgentJarOnTheClassPathForAnAttachedAgent() {
		ClassLoader withAgentClasses = new AgentBootstrapClassLoader(getClass().getClassLoader());
		assertThat(OpenTelemetryJavaAgent.isAttached(withAgentClasses)).isFalse();
		this.contextRunner.withClassLoader(withAgentClasses)
			.run((context) -> assertThat(context).doesNotHaveBean(AgentTransportObservationHandler.class)
				.hasSingleBean(ExportTargets.class));
	}

	@Test
	void shouldRecordEverySpanThroughTheAgentsOpenTelemetry() {
		this.underAgent.withUserConfiguration(InMemorySpanExporterConfiguration.class).run((context) -> {
			assertThat(context).doesNotHaveBean(OpenTelemetrySdk.class);
			assertThat(recordedThroughTheApplication(context)).as("spans of Boot's own SDK").isEmpty();
			assertThat(this.agentSpans.getFinishedSpanItems()).extracting(SpanData::getName)
				.containsExactly("child", "parent");
			SpanData child = this.agentSpans.getFinishedSpanItems().get(0);
			SpanData parent = this.agentSpans.getFinishedSpanItems().get(1);
			assertThat(child.getParentSpanId()).isEqualTo(parent.getSpanId());
		});
	}

	@Test
	void shouldUseTheAgentsPropagators() {
		this.underAgent.run((context) -> {
			assertThat(context.getBean(ContextPropagators.class).getTextMapPropagator().fields()).containsExactly("b3");
			Map<String, String> headers = new HashMap<>();
			AiTracer tracer = context.getBean(AiTracer.class);
			try (AiSpan span = tracer.startSpan("outgoing")) {
				tracer.inject(headers);
				assertThat(headers).containsEntry("b3", span.traceId() + "-" + span.spanId() + "-1");
			}
		});
	}

	@Test
	void shouldLeaveBootsTracingSdkUncreated() {
		this.underAgent.withUserConfiguration(InMemorySpanExporterConfiguration.class).run((context) -> {
			List<String> sdkBeans = List.of(context.getBeanNamesForType(SdkTracerProvider.class, true, false));
			assertThat(sdkBeans).isNotEmpty();
			assertThat(List.of(context.getBeanNamesForType(SpanExporter.class, true, false)))
				.contains("inMemorySpanExporter");
			for (String name : List.of(sdkBeans.get(0), "inMemorySpanExporter")) {
				assertThat(context.getBeanFactory().getBeanDefinition(name).isLazyInit()).as(name).isTrue();
				assertThat(context.getBeanFactory().containsSingleton(name)).as(name).isFalse();
			}
		});
	}

	@Test
	void shouldLeaveTransportSpansToTheAgentAndKeepTheirMeters() {
		this.underAgent.run((context) -> {
			ObservationRegistry registry = context.getBean(ObservationRegistry.class);
			Observation.createNotStarted("http.client.requests", () -> new SenderContext<>((carrier, key, value) -> {
			}), registry).observe(() -> {
			});
			Observation.createNotStarted("travel.lookup", registry).observe(() -> {
			});
			assertThat(this.agentSpans.getFinishedSpanItems()).extracting(SpanData::getName)
				.containsExactly("travel.lookup");
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			assertThat(meters.get("http.client.requests").timer().count()).isEqualTo(1);
			assertThat(meters.get("travel.lookup").timer().count()).isEqualTo(1);
		});
	}

	@Test
	void shouldBackOffWhenTheApplicationDefinesItsOwnOpenTelemetry() {
		// The application's configuration comes before any auto-configuration.
		this.contextRunner.withUserConfiguration(OwnOpenTelemetryConfiguration.class)
			.withUserConfiguration(AGENT_CONFIGURATIONS)
			.run((context) -> {
				assertThat(context).getBean(OpenTelemetry.class).isSameAs(OwnOpenTelemetryConfiguration.OWN);
				assertThat(context).getBean(ContextPropagators.class)
					.isSameAs(OwnOpenTelemetryConfiguration.OWN.getPropagators());
			});
	}

	@Test
	void shouldBackOffWhenTheApplicationDefinesItsOwnTransportHandler() {
		this.underAgent.withBean("aiInfraAgentTransportObservationHandler", AgentTransportObservationHandler.class,
				AgentTransportObservationHandler::new)
			.run((context) -> assertThat(context).hasSingleBean(AgentTransportObservationHandler.class));
	}

	@Test
	void shouldWarnAboutTheExporterSettingsTheAgentMakesMoot(CapturedOutput output) {
		this.underAgent
			.withPropertyValues("ai-infra.tracing.exporter=zipkin", "ai-infra.tracing.zipkin.endpoint=http://zipkin:9411",
					"ai-infra.tracing.sample-rate=0.5", "ai-infra.tracing.capture-content=true")
			.run((context) -> {
				assertThat(JavaAgentMootSettings.find(context.getEnvironment())).containsExactly(
						"ai-infra.tracing.exporter (use OTEL_TRACES_EXPORTER)",
						"ai-infra.tracing.zipkin.endpoint (use OTEL_EXPORTER_ZIPKIN_ENDPOINT)",
						"ai-infra.tracing.sample-rate (use OTEL_TRACES_SAMPLER / OTEL_TRACES_SAMPLER_ARG)");
				assertThat(output).containsOnlyOnce("OpenTelemetry Java agent is attached")
					.contains("these settings have no effect: ai-infra.tracing.exporter (use OTEL_TRACES_EXPORTER), "
							+ "ai-infra.tracing.zipkin.endpoint");
			});
	}

	@Test
	void shouldStillFailStartUpOnAMalformedExporterSettingUnderTheAgent() {
		this.underAgent.withPropertyValues("ai-infra.tracing.endpoint=not a url").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(InvalidAiInfraPropertyException.class)
				.hasMessageContaining("ai-infra.tracing.endpoint")
				.hasMessageContaining("not a url");
		});
	}

	@Test
	void shouldNotWarnWhenNoExporterSettingIsSet(CapturedOutput output) {
		this.underAgent.withPropertyValues("ai-infra.tracing.capture-content=true").run((context) -> {
			assertThat(context).hasSingleBean(JavaAgentMootSettings.class);
			assertThat(JavaAgentMootSettings.find(context.getEnvironment())).isEmpty();
			assertThat(output).doesNotContain("OpenTelemetry Java agent is attached");
		});
	}

	/**
	 * A span of the application's OpenTelemetry bean, and one of ai-infra's tracer as its
	 * child, both made current in turn; what Boot's own SDK recorded of them.
	 */
	private List<SpanData> recordedThroughTheApplication(AssertableApplicationContext context) {
		Span parent = context.getBean(OpenTelemetry.class).getTracer("test").spanBuilder("parent").startSpan();
		try (Scope scope = parent.makeCurrent()) {
			context.getBean(AiTracer.class).startSpan("child").close();
		}
		finally {
			parent.end();
		}
		return FinishedSpans.of(context);
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnOpenTelemetryConfiguration {

		static final OpenTelemetry OWN = OpenTelemetry.noop();

		@Bean
		OpenTelemetry ownOpenTelemetry() {
			return OWN;
		}

	}

	/**
	 * Defines the agent's bootstrap class as an ordinary application class, as when the
	 * agent jar is on the class path without being attached.
	 */
	static final class AgentBootstrapClassLoader extends ClassLoader {

		AgentBootstrapClassLoader(ClassLoader parent) {
			super(parent);
		}

		@Override
		protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
			if (!OpenTelemetryJavaAgent.BOOTSTRAP_CLASS.equals(name)) {
				return super.loadClass(name, resolve);
			}
			synchronized (getClassLoadingLock(name)) {
				Class<?> loaded = findLoadedClass(name);
				if (loaded != null) {
					return loaded;
				}
				ClassWriter writer = new ClassWriter(0);
				writer.visit(Opcodes.V17, Opcodes.ACC_PUBLIC, name.replace('.', '/'), null, "java/lang/Object", null);
				writer.visitEnd();
				byte[] bytes = writer.toByteArray();
				return defineClass(name, bytes, 0, bytes.length);
			}
		}

	}

}
