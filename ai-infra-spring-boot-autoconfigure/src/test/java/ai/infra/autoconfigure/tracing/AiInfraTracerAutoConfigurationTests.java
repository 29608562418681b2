package ai.infra.autoconfigure.tracing;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import ai.infra.internal.propagation.BaggageAttributesSpanProcessor;
import ai.infra.internal.propagation.OpenTelemetryContextAccessor;
import ai.infra.tracing.AiReactorTracing;
import ai.infra.tracing.AiSpan;
import ai.infra.tracing.AiTracer;
import ai.infra.tracing.AiTracing;
import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ThreadLocalAccessor;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration;
import org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.support.ContextPropagatingTaskDecorator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link AiInfraTracerAutoConfiguration}.
 */
class AiInfraTracerAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(OpenTelemetrySdkAutoConfiguration.class,
				OpenTelemetryTracingAutoConfiguration.class, AiInfraTracingAutoConfiguration.class,
				AiInfraTracerAutoConfiguration.class))
		.withUserConfiguration(InMemorySpanExporterConfiguration.class)
		.withPropertyValues("ai-infra.tracing.exporter=none");

	@Test
	void shouldProvideTracerWhoseSpansHaveTheAiInfraScope() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(AiTracer.class);
			context.getBean(AiTracer.class).startSpan("scoped").close();
			assertThat(FinishedSpans.named(context, "scoped").getInstrumentationScopeInfo().getName())
				.isEqualTo("ai.infra");
		});
	}

	@Test
	void shouldPropagateWithTheApplicationsPropagators() {
		this.contextRunner.withPropertyValues("ai-infra.tracing.propagators=b3").run((context) -> {
			AiTracer tracer = context.getBean(AiTracer.class);
			Map<String, String> headers = new HashMap<>();
			try (AiSpan span = tracer.startSpan("outgoing")) {
				tracer.inject(headers);
				assertThat(headers).containsEntry("b3", span.traceId() + "-" + span.spanId() + "-1")
					.doesNotContainKey("traceparent");
			}
		});
	}

	@Test
	void shouldRegisterTheApplicationsOpenTelemetryForAiTracingWhileRunning() {
		AiTracer outside = AiTracing.getTracer("com.example.library");
		this.contextRunner.run((context) -> {
			assertThat(context.getBean(AiTracing.Registration.class).getOpenTelemetry())
				.isSameAs(context.getBean(OpenTelemetry.class));
			outside.startSpan("from_library").close();
			assertThat(FinishedSpans.named(context, "from_library").getInstrumentationScopeInfo().getName())
				.isEqualTo("com.example.library");
		});
		try (AiSpan afterClose = outside.startSpan("after_close")) {
			assertThat(afterClose.isRecording()).isFalse();
		}
		finally {
			// The fallback froze GlobalOpenTelemetry as a no-op for this JVM.
			GlobalOpenTelemetry.resetForTest();
		}
	}

	@Test
	void shouldBackOffFromUserTracer() {
		this.contextRunner.withUserConfiguration(UserTracerConfiguration.class)
			.run((context) -> assertThat(context.getBean(AiTracer.class)).isSameAs(UserTracerConfiguration.TRACER));
	}

	@Test
	void shouldProvideNoopTracerAndNoPropagationWhenDisabled() {
		this.contextRunner.withPropertyValues("ai-infra.tracing.enabled=false").run((context) -> {
			assertThat(context.getBean(AiTracer.class)).isSameAs(AiTracer.noop());
			assertThat(context).doesNotHaveBean(BaggageAttributesSpanProcessor.class)
				.doesNotHaveBean(ContextPropagatingTaskDecorator.class)
				.doesNotHaveBean(OpenTelemetryContextAccessor.class);
			try (AiSpan span = AiTracing.getTracer("com.example.library").startSpan("disabled")) {
				assertThat(span.isRecording()).isFalse();
			}
			assertThat(FinishedSpans.of(context)).isEmpty();
		});
	}

	@Test
	void shouldFallBackToAiTracingWithoutBootsOpenTelemetry() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(AiInfraTracerAutoConfiguration.class))
			.run((context) -> assertThat(context).hasSingleBean(AiTracer.class)
				.doesNotHaveBean(AiTracing.Registration.class));
	}

	@Test
	void shouldCopyConfiguredBaggageEntries() {
		this.contextRunner.withPropertyValues("ai-infra.tracing.baggage-attributes=user.id,session.id")
			.run((context) -> assertThat(context.getBean(BaggageAttributesSpanProcessor.class).getKeys())
				.containsExactly("user.id", "session.id"));
	}

	@Test
	void shouldCopyUserAndTenantIdsByDefault() {
		this.contextRunner.run((context) -> {
			assertThat(context.getBean(BaggageAttributesSpanProcessor.class).getKeys()).containsExactly("user.id",
					"tenant.id");
			assertThat(context.getBeansOfType(SpanProcessor.class).values()).hasAtLeastOneElementOfType(
					BaggageAttributesSpanProcessor.class);
		});
	}

	@Test
	void shouldRegisterContextAccessorAfterMicrometersObservationAccessor() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(ContextPropagatingTaskDecorator.class);
			assertThat(ContextRegistry.getInstance().getThreadLocalAccessors()).extracting(ThreadLocalAccessor::key)
				.containsSubsequence(ObservationThreadLocalAccessor.KEY, OpenTelemetryContextAccessor.KEY)
				.containsOnlyOnce(OpenTelemetryContextAccessor.KEY);
		});
	}

	@Test
	void shouldBackOffFromUserTaskDecorator() {
		this.contextRunner.withUserConfiguration(UserTaskDecoratorConfiguration.class)
			.run((context) -> assertThat(context.getBean(ContextPropagatingTaskDecorator.class))
				.isSameAs(UserTaskDecoratorConfiguration.DECORATOR));
	}

	@Test
	void shouldTraceWithoutContextPropagationLibrary() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(ContextRegistry.class)).run((context) -> {
			assertThat(context).hasNotFailed()
				.hasSingleBean(AiTracer.class)
				.doesNotHaveBean(ContextPropagatingTaskDecorator.class);
			context.getBean(AiTracer.class).startSpan("plain").close();
			assertThat(FinishedSpans.named(context, "plain")).isNotNull();
		});
	}

	@Test
	void shouldTraceWithoutReactor() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(Mono.class, AiReactorTracing.class))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				context.getBean(AiTracer.class)
					.traceAsync("async", () -> CompletableFuture.completedFuture("done"))
					.join();
				assertThat(FinishedSpans.named(context, "async")).isNotNull();
			});
	}

	@Test
	void shouldNotCopyBaggageWithoutTheSdk() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(AiInfraTracerAutoConfiguration.class))
			.withClassLoader(new FilteredClassLoader(SdkTracerProvider.class, SpanProcessor.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(AiTracer.class)
				.doesNotHaveBean(BaggageAttributesSpanProcessor.class));
	}

	@Configuration(proxyBeanMethods = false)
	static class UserTracerConfiguration {

		static final AiTracer TRACER = AiTracer.create(OpenTelemetry.noop());

		@Bean
		AiTracer userTracer() {
			return TRACER;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserTaskDecoratorConfiguration {

		static final ContextPropagatingTaskDecorator DECORATOR = new ContextPropagatingTaskDecorator();

		@Bean
		ContextPropagatingTaskDecorator userTaskDecorator() {
			return DECORATOR;
		}

	}

}
