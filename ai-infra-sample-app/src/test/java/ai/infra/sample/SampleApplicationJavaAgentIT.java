package ai.infra.sample;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

import ai.infra.test.zipkin.ZipkinServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged sample application run twice against the real Zipkin server: once under
 * the real OpenTelemetry Java agent, which exports through its own Zipkin exporter, and
 * once without it, exporting through ai-infra. One agent request must give one trace
 * with the same tree in both.
 * <p>
 * The sample's built-in fake model is an in-process JDK HTTP server, which the agent
 * instruments too: under the agent each model call also has the fake model's server
 * span, the child of the HTTP client span whose {@code traceparent} it received.
 */
class SampleApplicationJavaAgentIT {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String AGENT_SERVICE = "travel-desk-agent";

	private static final String PLAIN_SERVICE = "travel-desk-plain";

	private static final String TASK = "{\"task\":\"Check the weather and search the news in Paris.\"}";

	private static final String OKHTTP_SCOPE = "io.opentelemetry.okhttp-3.0";

	private static final String FAKE_MODEL_SERVER_SCOPE = "io.opentelemetry.java-http-server";

	// Spans of Boot's own Micrometer Tracing (observations) carry this scope.
	private static final String BOOT_SCOPE = "org.springframework.boot";

	private static ZipkinServer zipkin;

	private static SampleApplicationProcess agent;

	private static SampleApplicationProcess plain;

	@BeforeAll
	static void start() throws Exception {
		Path agentJar = Path.of(System.getProperty("opentelemetry.javaagent.jar", "target/javaagent/opentelemetry-javaagent.jar"));
		assertThat(agentJar).as("the OpenTelemetry Java agent jar copied by the build").isRegularFile();
		zipkin = ZipkinServer.start();
		agent = SampleApplicationProcess.start(
				Map.of("OTEL_SERVICE_NAME", AGENT_SERVICE, "OTEL_TRACES_EXPORTER", "zipkin",
						"OTEL_EXPORTER_ZIPKIN_ENDPOINT", zipkin.spansEndpoint(), "OTEL_METRICS_EXPORTER", "none",
						"OTEL_LOGS_EXPORTER", "none", "OTEL_BSP_SCHEDULE_DELAY", "200"),
				List.of("-javaagent:" + agentJar.toAbsolutePath()), "--debug");
		plain = SampleApplicationProcess.start(Map.of("AI_INFRA_SERVICE_NAME", PLAIN_SERVICE,
				"AI_INFRA_TRACING_ENDPOINT", zipkin.spansEndpoint(), "AI_INFRA_TRACING_SAMPLE_RATE", "1.0"),
				"--ai-infra.tracing.exporter=zipkin", "--management.opentelemetry.tracing.export.schedule-delay=200ms");
	}

	@AfterAll
	static void stop() throws Exception {
		for (AutoCloseable closeable : new AutoCloseable[] { agent, plain, zipkin }) {
			if (closeable != null) {
				closeable.close();
			}
		}
	}

	@Test
	void shouldRecordOneTraceWithTheWholeTreeAndOneClientSpanPerModelCallUnderTheAgent() throws Exception {
		String traceId = randomHex(32);
		String callerId = randomHex(16);
		assertAgentReply(agent.post("/agent", TASK, "traceparent", "00-" + traceId + "-" + callerId + "-01"));

		// Server, agent.run, two steps, two tools, two model calls, each with one HTTP
		// client span and the fake model's server span below it.
		List<Map<String, Object>> trace = awaitTrace(AGENT_SERVICE, traceId, 12);
		assertThat(trace).hasSize(12);
		assertThat(trace).extracting(SampleApplicationJavaAgentIT::scope).doesNotContain(BOOT_SCOPE);
		Map<String, Object> server = only(trace, "post /agent");
		assertThat(server.get("kind")).isEqualTo("SERVER");
		assertThat(server.get("parentId")).isEqualTo(callerId);
		Map<String, Object> run = only(trace, "agent.run");
		assertThat(run.get("parentId")).isEqualTo(server.get("id"));
		assertThat(tags(run)).containsEntry("ai.agent.name", "travel-assistant").containsEntry("ai.agent.steps", "2");
		Map<String, Object> step1 = only(trace, "agent.step.1");
		Map<String, Object> step2 = only(trace, "agent.step.2");
		assertThat(children(trace, run)).containsExactlyInAnyOrder(step1, step2);
		assertThat(names(children(trace, step1))).containsExactly("llm.generate");
		assertThat(names(children(trace, step2))).containsExactlyInAnyOrder("tool.getweather", "tool.search",
				"llm.generate");
		List<Map<String, Object>> models = trace.stream().filter((span) -> "llm.generate".equals(span.get("name"))).toList();
		assertThat(models).hasSize(2);
		for (Map<String, Object> model : models) {
			assertThat(tags(model)).containsEntry("ai.provider", "openai").containsKey("ai.cost");
			List<Map<String, Object>> clients = children(trace, model);
			assertThat(clients).as("HTTP client spans of one model call").hasSize(1);
			Map<String, Object> client = clients.get(0);
			assertThat(client.get("kind")).isEqualTo("CLIENT");
			assertThat(scope(client)).isEqualTo(OKHTTP_SCOPE);
			assertThat(tags(client).get("url.full")).endsWith("/v1/chat/completions");
			// The fake model received the client span's traceparent.
			List<Map<String, Object>> received = children(trace, client);
			assertThat(received).hasSize(1);
			assertThat(received.get(0).get("kind")).isEqualTo("SERVER");
			assertThat(scope(received.get(0))).isEqualTo(FAKE_MODEL_SERVER_SCOPE);
		}
		assertThat(zipkin.traces(AGENT_SERVICE).stream()
			.filter((other) -> other.stream().anyMatch((span) -> traceId.equals(span.get("traceId")))))
			.as("traces of the request")
			.hasSize(1);
	}

	@Test
	void shouldRecordTheSameTreeShapeWithAndWithoutTheAgent() throws Exception {
		List<Map<String, Object>> withoutAgent = awaitTrace(PLAIN_SERVICE, run(plain), 10);
		List<Map<String, Object>> withAgent = awaitTrace(AGENT_SERVICE, run(agent), 12);

		// Without the agent the fake model is not instrumented, so it has no server span.
		List<Map<String, Object>> comparable = withAgent.stream()
			.filter((span) -> !FAKE_MODEL_SERVER_SCOPE.equals(scope(span)))
			.toList();
		assertThat(withoutAgent).hasSize(10);
		assertThat(shape(comparable)).isEqualTo(shape(withoutAgent))
			.isEqualTo("SERVER[agent.run[agent.step.1[llm.generate[CLIENT]],"
					+ "agent.step.2[llm.generate[CLIENT],tool.getweather,tool.search]]]");
	}

	@Test
	void shouldKeepTheAiMetersOnPrometheusUnderTheAgent() throws Exception {
		assertAgentReply(agent.post("/agent", "{\"task\":\"What is the weather in Rome?\"}"));
		String scrape = agent.get("/actuator/prometheus").body();
		assertThat(scrape.lines().filter((line) -> line.startsWith("ai_llm_requests_total{")))
			.anySatisfy((line) -> assertThat(line).contains("provider=\"openai\"", "status=\"success\""));
		assertThat(scrape).contains("ai_llm_tokens_total{", "ai_llm_cost_dollars_total{",
				"ai_llm_duration_seconds_bucket{", "ai_agent_runs_total{");
	}

	@Test
	void shouldExportManualSpansWhoseIdsTheLogLinesCarryUnderTheAgent() throws Exception {
		JsonNode ids = JSON.readTree(agent.get("/manual?documents=4").body());
		String traceId = ids.get("traceId").asString();
		String spanId = ids.get("spanId").asString();
		List<Map<String, Object>> trace = awaitTrace(AGENT_SERVICE, traceId, 2);
		Map<String, Object> manual = only(trace, "rank_documents");
		assertThat(manual.get("id")).isEqualTo(spanId);
		assertThat(manual.get("parentId")).isEqualTo(only(trace, "get /manual").get("id"));
		assertThat(tags(manual)).containsEntry("documents.count", "4");
		// Boot's log pattern shows the current trace and span ids.
		assertThat(agent.output().lines().filter((line) -> line.contains("Ranking 4 documents")))
			.singleElement()
			.asString()
			.contains("[" + traceId + "-" + spanId + "]");
	}

	@Test
	void shouldBackOffAiInfrasExportersAndWarnAboutTheSettingTheAgentMakesMoot() {
		// --debug prints Boot's condition evaluation report.
		assertThat(agent.output()).containsPattern("AiInfraJavaAgentAutoConfiguration matched:\\s+(- [^\\n]+\\s+)*"
				+ "- the OpenTelemetry Java agent is attached \\(OnOpenTelemetryJavaAgentCondition\\)")
			.containsPattern("AiInfraTracingAutoConfiguration:\\s+Did not match:\\s+"
					+ "- the OpenTelemetry Java agent is attached \\(OnOpenTelemetryJavaAgentCondition\\)");
		// The sample's application.yml selects the console exporter.
		assertThat(agent.output()).contains("ai-infra.tracing.exporter (use OTEL_TRACES_EXPORTER)");
		assertThat(plain.output()).doesNotContain("OpenTelemetry Java agent is attached");
	}

	/**
	 * Run the agent task in a trace of the test's own.
	 * @return the trace id
	 */
	private static String run(SampleApplicationProcess application) throws Exception {
		String traceId = randomHex(32);
		assertAgentReply(application.post("/agent", TASK, "traceparent", "00-" + traceId + "-" + randomHex(16) + "-01"));
		return traceId;
	}

	private static String randomHex(int digits) {
		StringBuilder hex = new StringBuilder();
		while (hex.length() < digits) {
			hex.append(Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE));
		}
		return hex.substring(0, digits);
	}

	private static void assertAgentReply(HttpResponse<String> response) throws Exception {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		JsonNode reply = JSON.readTree(response.body());
		assertThat(reply.get("answer").asString()).isNotBlank();
	}

	/**
	 * The trace with the given id among the service's traces that Zipkin lists, once it
	 * has at least the given number of spans.
	 */
	private static List<Map<String, Object>> awaitTrace(String service, String traceId, int spans) throws Exception {
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (System.nanoTime() < deadline) {
			for (List<Map<String, Object>> trace : zipkin.traces(service)) {
				if (trace.size() >= spans && trace.stream().allMatch((span) -> traceId.equals(span.get("traceId")))) {
					return trace;
				}
			}
			Thread.sleep(250);
		}
		throw new AssertionError("No trace " + traceId + " of " + service + " with " + spans + " spans in Zipkin among "
				+ zipkin.traces(service));
	}

	/**
	 * The tree below the root as text: ai-infra's spans by name, HTTP spans by kind
	 * (their names differ between Boot's and the agent's instrumentation), children
	 * sorted.
	 */
	private static String shape(List<Map<String, Object>> trace) {
		List<Map<String, Object>> roots = trace.stream()
			.filter((span) -> trace.stream().noneMatch((other) -> other.get("id").equals(span.get("parentId"))))
			.toList();
		assertThat(roots).as("root spans").hasSize(1);
		return shape(trace, roots.get(0));
	}

	private static String shape(List<Map<String, Object>> trace, Map<String, Object> span) {
		String name = (String) span.get("name");
		String label = (name.startsWith("agent.") || name.startsWith("llm.") || name.startsWith("tool.")) ? name
				: String.valueOf(span.get("kind"));
		List<String> children = new ArrayList<>(children(trace, span).stream().map((child) -> shape(trace, child)).toList());
		children.sort(Comparator.naturalOrder());
		return children.isEmpty() ? label : label + children.stream().collect(Collectors.joining(",", "[", "]"));
	}

	private static Map<String, Object> only(List<Map<String, Object>> trace, String name) {
		List<Map<String, Object>> named = trace.stream().filter((span) -> name.equals(span.get("name"))).toList();
		assertThat(named).as("%s in %s", name, names(trace)).hasSize(1);
		return named.get(0);
	}

	private static List<Map<String, Object>> children(List<Map<String, Object>> trace, Map<String, Object> parent) {
		return trace.stream().filter((span) -> Objects.equals(parent.get("id"), span.get("parentId"))).toList();
	}

	private static List<Object> names(List<Map<String, Object>> spans) {
		return spans.stream().map((span) -> span.get("name")).toList();
	}

	private static String scope(Map<String, Object> span) {
		return tags(span).get("otel.scope.name");
	}

	@SuppressWarnings("unchecked")
	private static Map<String, String> tags(Map<String, Object> span) {
		return (Map<String, String>) span.getOrDefault("tags", Map.of());
	}

}
