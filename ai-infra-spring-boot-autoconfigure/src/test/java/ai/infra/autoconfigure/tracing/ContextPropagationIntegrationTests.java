package ai.infra.autoconfigure.tracing;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import ai.infra.internal.logging.TraceMdc;
import ai.infra.tracing.AiReactorTracing;
import ai.infra.tracing.AiSpan;
import ai.infra.tracing.AiTraceContext;
import ai.infra.tracing.AiTracer;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Hooks;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration;
import org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration;
import org.springframework.boot.reactor.autoconfigure.ReactorAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The span current when work is handed to another thread is the parent of the spans made
 * there: {@code @Async} methods and futures on Spring's application task executor, and
 * Reactor operators.
 */
class ContextPropagationIntegrationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(OpenTelemetrySdkAutoConfiguration.class,
				OpenTelemetryTracingAutoConfiguration.class, AiInfraTracingAutoConfiguration.class,
				AiInfraTracerAutoConfiguration.class, TaskExecutionAutoConfiguration.class,
				ReactorAutoConfiguration.class))
		.withUserConfiguration(InMemorySpanExporterConfiguration.class, AsyncConfiguration.class)
		// One pooled thread, so that a later task runs where an earlier one ran.
		.withPropertyValues("ai-infra.tracing.exporter=none", "spring.task.execution.pool.core-size=1",
				"spring.task.execution.pool.max-size=1", "spring.reactor.context-propagation=auto");

	@AfterAll
	static void disableReactorContextPropagation() {
		Hooks.disableAutomaticContextPropagation();
	}

	@Test
	void asyncMethodSpansAreChildrenOfTheSubmittingSpan() {
		this.contextRunner.run((context) -> {
			AiTracer tracer = context.getBean(AiTracer.class);
			AsyncService service = context.getBean(AsyncService.class);
			String parentId;
			String worker;
			try (AiSpan request = tracer.startSpan("handle_request")) {
				parentId = request.spanId();
				worker = service.classify("invoice").get(10, TimeUnit.SECONDS);
			}
			assertThat(worker).startsWith("task-");
			SpanData child = FinishedSpans.named(context, "classify_async");
			assertThat(child.getParentSpanId()).isEqualTo(parentId);
			assertThat(child.getTraceId()).isEqualTo(FinishedSpans.named(context, "handle_request").getTraceId());
		});
	}

	@Test
	void futuresOnTheApplicationTaskExecutorSeeTheSubmittingSpan() {
		this.contextRunner.run((context) -> {
			AiTracer tracer = context.getBean(AiTracer.class);
			Executor executor = context.getBean("applicationTaskExecutor", Executor.class);
			String parentId;
			try (AiSpan request = tracer.startSpan("handle_request")) {
				parentId = request.spanId();
				CompletableFuture.supplyAsync(() -> {
					try (AiSpan child = tracer.startSpan("embed_documents")) {
						return child.traceId();
					}
				}, executor).get(10, TimeUnit.SECONDS);
			}
			assertThat(FinishedSpans.named(context, "embed_documents").getParentSpanId()).isEqualTo(parentId);
		});
	}

	@Test
	void baggageTravelsWithTheSpanToTheOtherThread() {
		this.contextRunner.run((context) -> {
			AiTracer tracer = context.getBean(AiTracer.class);
			Executor executor = context.getBean("applicationTaskExecutor", Executor.class);
			Baggage baggage = Baggage.builder().put("user.id", "bob").put("tenant.id", "acme").build();
			try (Scope scope = baggage.makeCurrent(); AiSpan request = tracer.startSpan("handle_request")) {
				CompletableFuture.runAsync(() -> tracer.startSpan("embed_documents").close(), executor)
					.get(10, TimeUnit.SECONDS);
			}
			SpanData child = FinishedSpans.named(context, "embed_documents");
			assertThat(child.getAttributes().get(AttributeKey.stringKey("user.id"))).isEqualTo("bob");
			assertThat(child.getAttributes().get(AttributeKey.stringKey("tenant.id"))).isEqualTo("acme");
		});
	}

	@Test
	void pooledThreadKeepsNoContextOrIdsAfterTheTask() {
		this.contextRunner.run((context) -> {
			AiTracer tracer = context.getBean(AiTracer.class);
			Executor executor = context.getBean("applicationTaskExecutor", Executor.class);
			try (AiSpan request = tracer.startSpan("handle_request")) {
				CompletableFuture.runAsync(() -> tracer.startSpan("embed_documents").close(), executor)
					.get(10, TimeUnit.SECONDS);
			}
			Map<String, Object> afterwards = CompletableFuture.supplyAsync(
					() -> Map.<String, Object>of("valid", AiTraceContext.current().isValid(), "mdc",
							String.valueOf(MDC.get(TraceMdc.TRACE_ID))),
					executor)
				.get(10, TimeUnit.SECONDS);
			assertThat(afterwards).containsEntry("valid", false).containsEntry("mdc", "null");
		});
	}

	@Test
	void reactorOperatorsOnOtherThreadsSeeTheTracedPublishersSpan() {
		this.contextRunner.run((context) -> {
			AiTracer tracer = context.getBean(AiTracer.class);
			Flux<String> tokens = AiReactorTracing.traceFlux(tracer, "answer_stream",
					() -> Flux.just("a", "b", "c").publishOn(Schedulers.boundedElastic()).map((token) -> {
						try (AiSpan span = tracer.startSpan("token_" + token)) {
							return Thread.currentThread().getName();
						}
					}));
			List<String> threads = tokens.collectList().block(Duration.ofSeconds(10));
			assertThat(threads).allSatisfy((thread) -> assertThat(thread).startsWith("boundedElastic-"));
			SpanData stream = FinishedSpans.named(context, "answer_stream");
			for (String token : List.of("a", "b", "c")) {
				assertThat(FinishedSpans.named(context, "token_" + token).getParentSpanId())
					.isEqualTo(stream.getSpanId());
			}
		});
	}

	@Test
	void reactorPipelineBlockedOnInsideASpanSeesItOnOtherThreads() {
		this.contextRunner.run((context) -> {
			AiTracer tracer = context.getBean(AiTracer.class);
			String parentId;
			try (AiSpan request = tracer.startSpan("handle_request")) {
				parentId = request.spanId();
				Mono.fromSupplier(() -> "query")
					.subscribeOn(Schedulers.boundedElastic())
					.map((query) -> {
						tracer.startSpan("search").close();
						return query;
					})
					.block(Duration.ofSeconds(10));
			}
			assertThat(FinishedSpans.named(context, "search").getParentSpanId()).isEqualTo(parentId);
		});
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAsync
	static class AsyncConfiguration {

		@Bean
		AsyncService asyncService(AiTracer tracer) {
			return new AsyncService(tracer);
		}

	}

	static class AsyncService {

		private final AiTracer tracer;

		AsyncService(AiTracer tracer) {
			this.tracer = tracer;
		}

		@Async
		CompletableFuture<String> classify(String document) {
			try (AiSpan span = this.tracer.startSpan("classify_async")) {
				span.setAttribute("document", document);
				return CompletableFuture.completedFuture(Thread.currentThread().getName());
			}
		}

	}

}
