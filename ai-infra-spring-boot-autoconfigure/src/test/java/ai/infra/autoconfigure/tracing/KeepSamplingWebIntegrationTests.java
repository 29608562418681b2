package ai.infra.autoconfigure.tracing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Collectors;

import ai.infra.internal.logging.TraceMdc;
import ai.infra.llm.FakeModelServerTests;
import ai.infra.test.openai.FakeResponse;
import ai.infra.tracing.AiSpan;
import ai.infra.tracing.AiTracer;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import org.springframework.ai.chat.model.ChatModel;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A web request at {@code sample-rate} 0.0 whose model call fails: its whole local trace,
 * with the HTTP server and client spans Boot makes and the spans made with
 * {@link AiTracer}, is exported as if it had been sampled, and its log lines carry the ids
 * of exported spans. A request that does not fail exports nothing.
 */
@SpringBootTest(classes = KeepSamplingWebIntegrationTests.WebApplication.class,
		webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "server.address=127.0.0.1", "ai-infra.tracing.exporter=none",
				"ai-infra.tracing.sample-rate=0.0", "spring.ai.openai.api-key=sk-test-keep-web",
				"spring.ai.openai.chat.options.model=gpt-4o-mini", "spring.ai.openai.chat.max-retries=0" })
class KeepSamplingWebIntegrationTests extends FakeModelServerTests {

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@Value("${local.server.port}")
	private int port;

	@Autowired
	private TripController controller;

	@Test
	void shouldExportTheWholeTraceOfAFailedRequestWithBootsHttpSpansAndAiTracerSpans(
			@Autowired BeanFactory beanFactory) throws Exception {
		server.enqueue(FakeResponse.error(500, "The model is overloaded"));
		assertThat(get("/plan?city=Paris").statusCode()).isEqualTo(500);

		// The server span ends after the response has been written.
		List<SpanData> spans = Awaitility.await()
			.atMost(Duration.ofSeconds(10))
			.until(() -> FinishedSpans.of(beanFactory), (all) -> all.stream().anyMatch(this::isPlanServerSpan));
		Map<String, SpanData> byName = spans.stream()
			.collect(Collectors.toMap(SpanData::getName, Function.identity(), (first, second) -> first));
		assertThat(byName).containsOnlyKeys("http get /plan", "plan.trip", "http get", "http get /ping", "llm.generate",
				"POST");
		SpanData serverSpan = byName.get("http get /plan");
		SpanData plan = byName.get("plan.trip");
		SpanData pingClient = byName.get("http get");
		SpanData pingServer = byName.get("http get /ping");
		SpanData call = byName.get("llm.generate");
		assertThat(spans).allSatisfy((span) -> {
			assertThat(span.getTraceId()).isEqualTo(serverSpan.getTraceId());
			assertThat(span.getSpanContext().isSampled()).isTrue();
		});
		assertThat(serverSpan.getKind()).isEqualTo(SpanKind.SERVER);
		assertThat(serverSpan.getParentSpanContext().isValid()).isFalse();
		assertThat(plan.getParentSpanId()).isEqualTo(serverSpan.getSpanId());
		assertThat(pingClient.getKind()).isEqualTo(SpanKind.CLIENT);
		assertThat(byName.get("POST").getParentSpanId()).isEqualTo(call.getSpanId());
		// Every other span's parent is exported with it. (Boot's client observation and the
		// model call take the current observation, the server's, as their parent, not the
		// AiTracer span: that is how they are parented at any sample rate.)
		List<String> spanIds = spans.stream().map(SpanData::getSpanId).toList();
		assertThat(spanIds).doesNotHaveDuplicates();
		assertThat(spans).filteredOn((span) -> span != serverSpan)
			.allSatisfy((span) -> assertThat(spanIds).contains(span.getParentSpanId()));
		assertThat(call.getStartEpochNanos()).isGreaterThanOrEqualTo(pingClient.getEndEpochNanos());
		// The /ping request went out with the head decision in its traceparent (not
		// sampled); its server span, a local root of the same trace in this application,
		// joined the pending trace and was kept with it.
		assertThat(this.controller.pingTraceparent.get())
			.startsWith("00-" + plan.getTraceId() + "-" + pingClient.getSpanId() + "-")
			.matches(".*-0[02]$");
		assertThat(pingServer.getKind()).isEqualTo(SpanKind.SERVER);
		assertThat(pingServer.getParentSpanId()).isEqualTo(pingClient.getSpanId());
		assertThat(pingServer.getParentSpanContext().isRemote()).isTrue();
		// The log line written inside plan.trip names an exported span.
		assertThat(this.controller.loggedIds.get()).containsExactly(plan.getTraceId(), plan.getSpanId());
	}

	@Test
	void shouldExportNothingOfARequestThatNoRuleKeeps(
			@Autowired BeanFactory beanFactory) throws Exception {
		server.enqueue(FakeResponse.text("Sunny.", 100, 10));
		double dropped = droppedByRatio(beanFactory);
		assertThat(get("/plan?city=Rome").statusCode()).isEqualTo(200);
		// The request's trace is decided when its server span ends, after the response was
		// written; once the meter counts it, nothing more of it will be exported.
		Awaitility.await()
			.atMost(Duration.ofSeconds(10))
			.until(() -> droppedByRatio(beanFactory) == dropped + 1);
		assertThat(FinishedSpans.of(beanFactory)).isEmpty();
	}

	private static double droppedByRatio(BeanFactory beanFactory) {
		return beanFactory.getBean(MeterRegistry.class)
			.get("ai.tracing.traces")
			.tag("decision", "dropped")
			.tag("reason", "ratio")
			.counter()
			.count();
	}

	private boolean isPlanServerSpan(SpanData span) {
		return span.getName().equals("http get /plan");
	}

	private HttpResponse<String> get(String path) throws Exception {
		return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path)).GET().build(),
				HttpResponse.BodyHandlers.ofString());
	}

	@RestController
	static class TripController {

		private static final Log logger = LogFactory.getLog(TripController.class);

		final AtomicReference<List<String>> loggedIds = new AtomicReference<>();

		final AtomicReference<String> pingTraceparent = new AtomicReference<>();

		private final AiTracer tracer;

		private final ChatModel chatModel;

		private final RestClient restClient;

		private final Environment environment;

		TripController(AiTracer tracer, ChatModel chatModel, RestClient.Builder restClientBuilder,
				Environment environment) {
			this.tracer = tracer;
			this.chatModel = chatModel;
			this.restClient = restClientBuilder.build();
			this.environment = environment;
		}

		@GetMapping("/plan")
		String plan(@RequestParam String city) {
			try (AiSpan span = this.tracer.startSpan("plan.trip")) {
				span.setAttribute("trip.city", city);
				logger.info("Planning a trip to " + city);
				this.loggedIds.set(List.of(MDC.get(TraceMdc.TRACE_ID), MDC.get(TraceMdc.SPAN_ID)));
				this.restClient.get().uri("http://127.0.0.1:" + this.environment.getProperty("local.server.port") + "/ping").retrieve().toBodilessEntity();
				return this.chatModel.call("What is the weather in " + city + "?");
			}
		}

		@GetMapping("/ping")
		String ping(@RequestHeader("traceparent") String traceparent) {
			this.pingTraceparent.set(traceparent);
			return "pong";
		}

	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class WebApplication {

		@Bean
		InMemorySpanExporter inMemorySpanExporter() {
			return InMemorySpanExporter.create();
		}

		@Bean
		TripController tripController(AiTracer tracer, ChatModel chatModel, RestClient.Builder restClientBuilder,
				Environment environment) {
			return new TripController(tracer, chatModel, restClientBuilder, environment);
		}

	}

}
