package ai.infra.sample;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import ai.infra.test.zipkin.ZipkinServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The packaged sample application, configured only through the {@code AI_INFRA_*}
 * environment variables, exporting to the real Zipkin server and scraped by Debian's
 * real Prometheus.
 */
class SampleApplicationEndToEndIT {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String SERVICE = "travel-desk";

	private static ZipkinServer zipkin;

	private static SampleApplicationProcess application;

	private static PrometheusServer prometheus;

	@BeforeAll
	static void start() throws Exception {
		zipkin = ZipkinServer.start();
		application = SampleApplicationProcess.start(
				Map.of("AI_INFRA_SERVICE_NAME", SERVICE, "AI_INFRA_SERVICE_VERSION", "2.3.4", "AI_INFRA_ENVIRONMENT",
						"staging", "AI_INFRA_TRACING_ENDPOINT", zipkin.spansEndpoint(), "AI_INFRA_TRACING_SAMPLE_RATE",
						"1.0"),
				"--ai-infra.tracing.exporter=zipkin", "--ai-infra.logging.format=json",
				"--management.opentelemetry.tracing.export.schedule-delay=200ms");
		if (PrometheusServer.isInstalled()) {
			prometheus = PrometheusServer.start("127.0.0.1:" + application.port());
		}
	}

	@AfterAll
	static void stop() throws Exception {
		if (prometheus != null) {
			prometheus.close();
		}
		if (application != null) {
			application.close();
		}
		if (zipkin != null) {
			zipkin.close();
		}
	}

	@Test
	void shouldShowAgentRunWithStepsToolsAndModelCallsInZipkin() throws Exception {
		HttpResponse<String> response = application.post("/agent",
				"{\"task\":\"Check the weather and search the news in Paris.\"}");
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode reply = JSON.readTree(response.body());
		assertThat(reply.get("steps").asInt()).isEqualTo(2);
		assertThat(reply.get("answer").asString()).contains("Sunny and 21 degrees in Paris");
		assertThat(reply.get("cost").asDouble()).isPositive();

		List<Map<String, Object>> trace = awaitTrace((span) -> "http post /agent".equals(span.get("name")), 8);
		Map<String, Object> server = one(trace, "http post /agent");
		Map<String, Object> run = one(trace, "agent.run");
		assertThat(run.get("parentId")).isEqualTo(server.get("id"));
		assertThat(tags(run)).containsEntry("ai.agent.name", "travel-assistant")
			.containsEntry("ai.agent.steps", "2")
			.containsEntry("service.version", "2.3.4")
			.containsEntry("deployment.environment.name", "staging");
		Map<String, Object> step1 = one(trace, "agent.step.1");
		Map<String, Object> step2 = one(trace, "agent.step.2");
		assertThat(step1.get("parentId")).isEqualTo(run.get("id"));
		assertThat(step2.get("parentId")).isEqualTo(run.get("id"));
		assertThat(childrenNames(trace, step1)).containsExactly("llm.generate");
		// Zipkin lowercases span names: tool.getWeather arrives as tool.getweather.
		assertThat(childrenNames(trace, step2)).containsExactlyInAnyOrder("tool.getweather", "tool.search",
				"llm.generate");
		Map<String, Object> weather = one(trace, "tool.getweather");
		assertThat(tags(weather)).containsEntry("tool.name", "getWeather")
			.containsEntry("tool.args", "{\"city\":\"Paris\"}");
		Map<String, Object> llm = children(trace, step1).get(0);
		assertThat(tags(llm)).containsEntry("ai.provider", "openai")
			.containsEntry("ai.model", "gpt-4o-mini-2024-07-18")
			.containsEntry("ai.stream", "false")
			.containsKeys("ai.prompt_tokens", "ai.completion_tokens", "ai.cost");
		assertThat(((Map<?, ?>) llm.get("localEndpoint")).get("serviceName")).isEqualTo(SERVICE);
	}

	@Test
	void shouldShowChatAndStreamedChatInZipkin() throws Exception {
		assertThat(application.post("/chat", "{\"message\":\"hello zipkin\"}").body())
			.isEqualTo("{\"reply\":\"You said: hello zipkin\"}");
		HttpResponse<String> stream = application.post("/chat/stream", "{\"message\":\"stream to zipkin\"}");
		assertThat(stream.statusCode()).isEqualTo(200);
		assertThat(stream.body()).contains("data:");

		List<Map<String, Object>> chat = awaitTrace((span) -> "http post /chat".equals(span.get("name")), 3);
		assertThat(childrenNames(chat, one(chat, "http post /chat"))).containsExactly("llm.generate");
		// The streaming call has no HTTP client span of its own: Spring AI streams through the
		// asynchronous client.
		List<Map<String, Object>> streamed = awaitTrace((span) -> "http post /chat/stream".equals(span.get("name")), 2);
		Map<String, Object> llm = one(streamed, "llm.generate");
		assertThat(tags(llm)).containsEntry("ai.stream", "true").containsKey("ai.time_to_first_token_ms");
		assertThat(zipkin.serviceNames()).contains(SERVICE);
	}

	@Test
	void shouldWriteJsonLogLinesCarryingTheIdsZipkinShows() throws Exception {
		JsonNode ids = JSON.readTree(application.get("/manual?documents=7").body());
		String traceId = ids.get("traceId").asString();
		List<Map<String, Object>> trace = awaitTrace((span) -> traceId.equals(span.get("traceId")), 2);
		Map<String, Object> manual = one(trace, "rank_documents");
		assertThat(tags(manual)).containsEntry("documents.count", "7");
		JsonNode line = application.output()
			.lines()
			.filter((text) -> text.startsWith("{") && text.contains("Ranking 7 documents"))
			.map(JSON::readTree)
			.findFirst()
			.orElseThrow();
		assertThat(line.get("trace_id").asString()).isEqualTo(traceId);
		assertThat(line.get("span_id").asString()).isEqualTo(manual.get("id"));
		assertThat(line.get("level").asString()).isEqualTo("INFO");
		assertThat(line.get("logger").asString()).isEqualTo(ManualSpanController.class.getName());
	}

	@Test
	void shouldLetPrometheusScrapeTheLlmMeters() throws Exception {
		Assumptions.assumeTrue(prometheus != null || System.getenv("CI") != null,
				"Debian's prometheus package is not installed (apt-get install prometheus)");
		assertThat(prometheus).as("prometheus server (CI installs it)").isNotNull();
		application.post("/chat", "{\"message\":\"count me\"}");
		application.post("/agent", "{\"task\":\"What is the weather in Rome?\"}");
		String self = application.get("/actuator/prometheus").body();
		String selector = "{model=\"gpt-4o-mini-2024-07-18\",operation=\"chat\",provider=\"openai\"}";
		double requests = value(self, "ai_llm_requests_total" + selector.replace("}", ",status=\"success\"}"));
		double prompt = value(self, "ai_llm_tokens_total" + selector.replace("}", ",type=\"prompt\"}"));
		double completion = value(self, "ai_llm_tokens_total" + selector.replace("}", ",type=\"completion\"}"));
		assertThat(requests).isGreaterThanOrEqualTo(3);
		assertThat(await(() -> prometheus.query("ai_llm_requests_total" + selector.replace("}", ",status=\"success\"}")),
				requests)).isEqualTo(requests);
		assertThat(await(() -> prometheus.query("ai_llm_tokens_total" + selector.replace("}", ",type=\"prompt\"}")),
				prompt)).isEqualTo(prompt);
		double cost = await(() -> prometheus.query("ai_llm_cost_dollars_total" + selector), -1);
		// gpt-4o-mini-2024-07-18 is priced as gpt-4o-mini: $0.15 and $0.60 per million tokens.
		assertThat(cost).isCloseTo(prompt * 0.15e-6 + completion * 0.60e-6, within(1e-12));
		assertThat(await(() -> prometheus.query("ai_llm_duration_seconds_count" + selector), requests))
			.isEqualTo(requests);
		assertThat(prometheus.query("ai_llm_duration_seconds_bucket" + selector)).isNotEmpty();
	}

	private static double await(ThrowingSupplier<List<Map.Entry<Map<String, String>, Double>>> query, double expected)
			throws Exception {
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		double last = Double.NaN;
		while (System.nanoTime() < deadline) {
			List<Map.Entry<Map<String, String>, Double>> result = query.get();
			if (!result.isEmpty()) {
				last = result.stream().mapToDouble(Map.Entry::getValue).sum();
				if (expected < 0 || last == expected) {
					return last;
				}
			}
			Thread.sleep(500);
		}
		if (Double.isNaN(last)) {
			throw new AssertionError("Prometheus has no such series; its targets: " + prometheus.targets());
		}
		return last;
	}

	private static double value(String scrape, String series) {
		return scrape.lines()
			.filter((line) -> line.startsWith(series + " "))
			.mapToDouble((line) -> Double.parseDouble(line.substring(series.length() + 1).trim()))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No series " + series));
	}

	private static List<Map<String, Object>> awaitTrace(Predicate<Map<String, Object>> root, int minSpans)
			throws Exception {
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		List<Map<String, Object>> found = List.of();
		while (System.nanoTime() < deadline) {
			for (List<Map<String, Object>> trace : zipkin.traces(SERVICE)) {
				if (trace.stream().anyMatch(root) && trace.size() >= minSpans) {
					found = trace;
				}
			}
			if (!found.isEmpty()) {
				return found;
			}
			Thread.sleep(250);
		}
		throw new AssertionError("No matching trace in Zipkin among " + zipkin.traces(SERVICE));
	}

	private static Map<String, Object> one(List<Map<String, Object>> trace, String name) {
		List<Map<String, Object>> spans = trace.stream().filter((span) -> name.equals(span.get("name"))).toList();
		assertThat(spans).as("%s in %s", name, trace.stream().map((span) -> span.get("name")).toList()).hasSize(1);
		return spans.get(0);
	}

	private static List<Map<String, Object>> children(List<Map<String, Object>> trace, Map<String, Object> parent) {
		return trace.stream().filter((span) -> parent.get("id").equals(span.get("parentId"))).toList();
	}

	private static List<Object> childrenNames(List<Map<String, Object>> trace, Map<String, Object> parent) {
		return children(trace, parent).stream().map((span) -> span.get("name")).toList();
	}

	@SuppressWarnings("unchecked")
	private static Map<String, String> tags(Map<String, Object> span) {
		return (Map<String, String>) span.getOrDefault("tags", Map.of());
	}

	@FunctionalInterface
	interface ThrowingSupplier<T> {

		T get() throws Exception;

	}

}
