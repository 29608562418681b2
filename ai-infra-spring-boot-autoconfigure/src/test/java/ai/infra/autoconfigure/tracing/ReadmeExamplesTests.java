package ai.infra.autoconfigure.tracing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import ai.infra.tracing.AiReactorTracing;
import ai.infra.tracing.AiSpan;
import ai.infra.tracing.AiTraceContext;
import ai.infra.tracing.AiTracer;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Hooks;

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
import org.springframework.stereotype.Service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The Java examples of the README, verbatim, run against a real application context.
 */
class ReadmeExamplesTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(OpenTelemetrySdkAutoConfiguration.class,
				OpenTelemetryTracingAutoConfiguration.class, AiInfraTracingAutoConfiguration.class,
				AiInfraTracerAutoConfiguration.class, TaskExecutionAutoConfiguration.class,
				ReactorAutoConfiguration.class))
		.withUserConfiguration(InMemorySpanExporterConfiguration.class, ExamplesConfiguration.class)
		.withPropertyValues("ai-infra.tracing.exporter=none", "spring.reactor.context-propagation=auto");

	@AfterAll
	static void disableReactorContextPropagation() {
		Hooks.disableAutomaticContextPropagation();
	}

	@Test
	void documentRanker() {
		this.contextRunner.run((context) -> {
			List<String> ranked = context.getBean(DocumentRanker.class)
				.rank("tracing", List.of("tracing with ai-infra", "cooking"));
			assertThat(ranked).containsExactly("tracing with ai-infra");
			SpanData span = FinishedSpans.named(context, "rank_documents");
			assertThat(span.getAttributes().get(AttributeKey.longKey("query.length"))).isEqualTo(7L);
			assertThat(span.getAttributes().get(AttributeKey.longKey("documents.count"))).isEqualTo(2L);
			assertThat(span.getEvents().get(0).getAttributes().get(AttributeKey.stringArrayKey("ids")))
				.containsExactly("tracing with ai-infra");
			assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.OK);
		});
	}

	@Test
	void errors() {
		this.contextRunner.run((context) -> {
			QuestionAnswerer answerer = context.getBean(QuestionAnswerer.class);
			assertThatIllegalStateException().isThrownBy(() -> answerer.answer("fail")).withMessage("model down");
			SpanData span = FinishedSpans.named(context, "answer_question");
			assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
			assertThat(span.getStatus().getDescription()).isEqualTo("model call failed");
			assertThat(span.getEvents().get(0).getName()).isEqualTo("exception");
		});
	}

	@Test
	void asyncWork() {
		this.contextRunner.run((context) -> {
			assertThat(context.getBean(Summaries.class).summarize("a long text").get(10, TimeUnit.SECONDS))
				.isEqualTo("summary of a long text");
			assertThat(FinishedSpans.named(context, "summarize").hasEnded()).isTrue();
			assertThat(context.getBean(StreamingAnswers.class).streamAnswer("why?").collectList().block(
					Duration.ofSeconds(10)))
				.containsExactly("because", "...");
			assertThat(FinishedSpans.named(context, "answer_stream").hasEnded()).isTrue();
		});
	}

	@Test
	void acrossServices() {
		this.contextRunner.run((context) -> {
			AiTracer tracer = context.getBean(AiTracer.class);
			MessagingExample messaging = context.getBean(MessagingExample.class);
			try (AiSpan span = tracer.startSpan("produce")) {
				messaging.send("payload");
			}
			messaging.onMessage(messaging.queue.get(0));
			SpanData produce = FinishedSpans.named(context, "produce");
			SpanData handle = FinishedSpans.named(context, "handle_message");
			assertThat(handle.getTraceId()).isEqualTo(produce.getTraceId());
			assertThat(handle.getParentSpanId()).isEqualTo(produce.getSpanId());
		});
	}

	@Test
	void outsideSpring() {
		this.contextRunner.run((context) -> {
			assertThat(new SearchClient().search("query")).containsExactly("query");
			assertThat(FinishedSpans.named(context, "search").getInstrumentationScopeInfo().getName())
				.isEqualTo("com.example.search");
		});
	}

	@Test
	void asyncMethod() {
		this.contextRunner.run((context) -> {
			AiTracer tracer = context.getBean(AiTracer.class);
			try (AiSpan span = tracer.startSpan("prepare_prompt")) {
				assertThat(context.getBean(TokenCounter.class).countTokens("one two three").get(10, TimeUnit.SECONDS))
					.isEqualTo(3);
			}
			assertThat(FinishedSpans.named(context, "count_tokens").getParentSpanId())
				.isEqualTo(FinishedSpans.named(context, "prepare_prompt").getSpanId());
		});
	}

	// --- README: Manual tracing ---

	// --- README: Errors ---

	static class QuestionAnswerer {

		private final AiTracer tracer;

		private final Model model;

		QuestionAnswerer(AiTracer tracer, Model model) {
			this.tracer = tracer;
			this.model = model;
		}

		String answer(String question) {
			try (AiSpan span = tracer.startSpan("answer_question")) {
				try {
					return model.answer(question);
				}
				catch (RuntimeException ex) {
					span.recordException(ex);
					span.setStatus(StatusCode.ERROR, "model call failed");
					throw ex;
				}
			}
		}

	}

	// --- README: Async work ---

	static class Summaries {

		private final AiTracer tracer;

		private final Summarizer summarizer;

		private final Executor taskExecutor;

		Summaries(AiTracer tracer, Summarizer summarizer, Executor taskExecutor) {
			this.tracer = tracer;
			this.summarizer = summarizer;
			this.taskExecutor = taskExecutor;
		}

		CompletableFuture<String> summarize(String text) {
			return tracer.traceAsync("summarize",
					() -> CompletableFuture.supplyAsync(() -> summarizer.summarize(text), taskExecutor));
		}

	}

	static class StreamingAnswers {

		private final AiTracer tracer;

		private final Answers answers;

		StreamingAnswers(AiTracer tracer, Answers answers) {
			this.tracer = tracer;
			this.answers = answers;
		}

		Flux<String> streamAnswer(String question) {
			return AiReactorTracing.traceFlux(tracer, "answer_stream", () -> answers.stream(question));
		}

	}

	// --- README: Across services ---

	static class MessagingExample {

		private final AiTracer tracer;

		private final List<Message> queue = new ArrayList<>();

		MessagingExample(AiTracer tracer) {
			this.tracer = tracer;
		}

		void send(String payload) {
			Map<String, String> headers = new HashMap<>();
			tracer.inject(headers);
			queue.add(new Message(payload, headers));
		}

		void onMessage(Message message) {
			AiTraceContext parent = tracer.extract(message.headers());
			try (AiSpan span = tracer.startSpan("handle_message", parent)) {
				span.setAttribute("payload.length", message.payload().length());
			}
		}

	}

	record Message(String payload, Map<String, String> headers) {
	}

	// --- README: Outside Spring ---

	// --- README: Context propagation ---

	@Service
	static class TokenCounter {

		private final AiTracer tracer;

		TokenCounter(AiTracer tracer) {
			this.tracer = tracer;
		}

		@Async
		public CompletableFuture<Integer> countTokens(String text) {
			try (AiSpan span = tracer.startSpan("count_tokens")) {
				int tokens = text.split("\\s+").length;
				span.setAttribute("tokens", tokens);
				return CompletableFuture.completedFuture(tokens);
			}
		}

	}

	interface Model {

		String answer(String question);

	}

	interface Summarizer {

		String summarize(String text);

	}

	interface Answers {

		Flux<String> stream(String question);

	}

	@Configuration(proxyBeanMethods = false)
	@EnableAsync
	static class ExamplesConfiguration {

		@Bean
		DocumentRanker documentRanker(AiTracer tracer) {
			return new DocumentRanker(tracer);
		}

		@Bean
		QuestionAnswerer questionAnswerer(AiTracer tracer) {
			return new QuestionAnswerer(tracer, (question) -> {
				throw new IllegalStateException("model down");
			});
		}

		@Bean
		Summaries summaries(AiTracer tracer, Executor applicationTaskExecutor) {
			return new Summaries(tracer, (text) -> "summary of " + text, applicationTaskExecutor);
		}

		@Bean
		StreamingAnswers streamingAnswers(AiTracer tracer) {
			return new StreamingAnswers(tracer, (question) -> Flux.just("because", "..."));
		}

		@Bean
		MessagingExample messagingExample(AiTracer tracer) {
			return new MessagingExample(tracer);
		}

		@Bean
		TokenCounter tokenCounter(AiTracer tracer) {
			return new TokenCounter(tracer);
		}

	}

}
