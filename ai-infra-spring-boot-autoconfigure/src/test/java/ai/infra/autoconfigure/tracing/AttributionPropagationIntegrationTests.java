package ai.infra.autoconfigure.tracing;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import ai.infra.tracing.AiReactorTracing;
import ai.infra.tracing.AiSpan;
import ai.infra.tracing.AiTracer;
import ai.infra.tracing.AiTracing;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link AiTracing#attribute(String, String)} with Spring's wiring: the attributed entry
 * is baggage that headers carry to other services, and an attribute of ai-infra's spans
 * started inside the scope, on the calling thread, in {@code @Async} methods, in futures
 * on the application task executor and in Reactor operators on other threads, although
 * the key is not one of {@code baggage-attributes}.
 */
class AttributionPropagationIntegrationTests {

	private static final AttributeKey<String> FEATURE = AttributeKey.stringKey("feature");

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(OpenTelemetrySdkAutoConfiguration.class,
				OpenTelemetryTracingAutoConfiguration.class, AiInfraTracingAutoConfiguration.class,
				AiInfraTracerAutoConfiguration.class, TaskExecutionAutoConfiguration.class,
				ReactorAutoConfiguration.class))
		.withUserConfiguration(InMemorySpanExporterConfiguration.class,
				ContextPropagationIntegrationTests.AsyncConfiguration.class)
		.withPropertyValues("ai-infra.tracing.exporter=none", "ai-infra.tracing.baggage-attributes=user.id",
				"spring.reactor.context-propagation=auto");

	@AfterAll
	static void disableReactorContextPropagation() {
		Hooks.disableAutomaticContextPropagation();
	}

	@Test
	void shouldPutTheEntryOnSpansStartedInsideAndInOutgoingHeaders() {
		this.contextRunner.run((context) -> {
			AiTracer tracer = context.getBean(AiTracer.class);
			Map<String, String> headers = new HashMap<>();
			try (AiTracing.Attribution attribution = AiTracing.attribute("feature", "checkout");
					AiSpan span = tracer.startSpan("price_cart")) {
				tracer.inject(headers);
			}
			tracer.startSpan("after_scope").close();
			assertThat(headers).containsEntry("baggage", "feature=checkout");
			assertThat(FinishedSpans.named(context, "price_cart").getAttributes().get(FEATURE)).isEqualTo("checkout");
			assertThat(FinishedSpans.named(context, "after_scope").getAttributes().get(FEATURE)).isNull();
		});
	}

	@Test
	void shouldCopyOnlyListedAndAttributedEntriesOfTheBaggage() {
		this.contextRunner.run((context) -> {
			AiTracer tracer = context.getBean(AiTracer.class);
			Baggage caller = Baggage.builder().put("user.id", "bob").put("session.secret", "s3cr3t").build();
			try (var scope = caller.makeCurrent();
					AiTracing.Attribution attribution = AiTracing.attribute("feature", "checkout")) {
				tracer.startSpan("price_cart").close();
			}
			assertThat(FinishedSpans.named(context, "price_cart").getAttributes().asMap())
				.containsEntry(AttributeKey.stringKey("user.id"), "bob")
				.containsEntry(FEATURE, "checkout")
				.doesNotContainKey(AttributeKey.stringKey("session.secret"));
		});
	}

	@Test
	void shouldKeepTheAttributionInAsyncMethods() {
		this.contextRunner.run((context) -> {
			ContextPropagationIntegrationTests.AsyncService service = context
				.getBean(ContextPropagationIntegrationTests.AsyncService.class);
			String worker;
			try (AiTracing.Attribution attribution = AiTracing.attribute("feature", "invoices")) {
				worker = service.classify("invoice").get(10, TimeUnit.SECONDS);
			}
			assertThat(worker).startsWith("task-");
			assertThat(FinishedSpans.named(context, "classify_async").getAttributes().get(FEATURE))
				.isEqualTo("invoices");
		});
	}

	@Test
	void shouldKeepTheAttributionInFuturesOnTheApplicationTaskExecutor() {
		this.contextRunner.run((context) -> {
			AiTracer tracer = context.getBean(AiTracer.class);
			Executor executor = context.getBean("applicationTaskExecutor", Executor.class);
			String seen;
			try (AiTracing.Attribution attribution = AiTracing.attribute("feature", "embeddings")) {
				seen = CompletableFuture.supplyAsync(() -> {
					tracer.startSpan("embed_documents").close();
					return Baggage.current().getEntryValue("feature");
				}, executor).thenApplyAsync((value) -> value + "+" + Baggage.current().getEntryValue("feature"),
						executor)
					.get(10, TimeUnit.SECONDS);
			}
			assertThat(seen).isEqualTo("embeddings+embeddings");
			assertThat(FinishedSpans.named(context, "embed_documents").getAttributes().get(FEATURE))
				.isEqualTo("embeddings");
		});
	}

	@Test
	void shouldKeepTheAttributionInReactorOperatorsOnOtherThreads() {
		this.contextRunner.run((context) -> {
			AiTracer tracer = context.getBean(AiTracer.class);
			List<String> seen;
			try (AiTracing.Attribution attribution = AiTracing.attribute("feature", "stream")) {
				seen = AiReactorTracing
					.traceFlux(tracer, "answer_stream",
							() -> Flux.just("a", "b").publishOn(Schedulers.boundedElastic()).map((token) -> {
								tracer.startSpan("token_" + token).close();
								return Thread.currentThread().getName() + " " + Baggage.current().getEntryValue("feature");
							}))
					.collectList()
					.block(Duration.ofSeconds(10));
				seen.add(Mono.fromSupplier(() -> Baggage.current().getEntryValue("feature"))
					.subscribeOn(Schedulers.parallel())
					.block(Duration.ofSeconds(10)));
			}
			assertThat(seen).hasSize(3);
			assertThat(seen.subList(0, 2))
				.allSatisfy((line) -> assertThat(line).startsWith("boundedElastic-").endsWith(" stream"));
			assertThat(seen.get(2)).isEqualTo("stream");
			for (String span : List.of("answer_stream", "token_a", "token_b")) {
				SpanData data = FinishedSpans.named(context, span);
				assertThat(data.getAttributes().get(FEATURE)).as(span).isEqualTo("stream");
			}
		});
	}

}
