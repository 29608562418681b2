package ai.infra.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ai.infra.test.openai.FakeOpenAiServer;
import ai.infra.test.openai.FakeResponse;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every PromQL expression of the Grafana dashboard in {@code ops/grafana} and of the
 * alerting rules in {@code ops/prometheus}, evaluated by Debian's real Prometheus scraping
 * the running sample application after requests that produce every series: chats for
 * three tenants (one over its budget, one past the cap of tag values), an agent run with
 * tool calls, and a failing model call.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT,
		properties = { "sample.fake-model.enabled=false", "ai-infra.metrics.tags=tenant.id",
				"ai-infra.metrics.max-tag-values=2", "ai-infra.budget.action=block",
				"ai-infra.budget.limits.globex=0.000001" })
class PrometheusOpsQueriesTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** What Grafana puts in place of its variables, for an instant query over recent data. */
	private static final Map<String, String> VARIABLES = Map.of("$__rate_interval", "1m", "$__range", "1m",
			"$__interval", "1m", "$job", ".*", "$tenant", ".*", "$model", ".*");

	// Grafana's label_values(selector, label) is not PromQL: it asks for the label's values.
	private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\((.*),\\s*(\\w+)\\)");

	private static final Pattern SELECTOR = Pattern.compile("\\bai_\\w+(\\{[^}]*})?");

	private static final Pattern GROUPING = Pattern.compile("\\bby \\(([^)]*)\\)");

	// Meters of the Redis spend store, which the in-memory store of this test has not;
	// promtool's unit tests cover the rules on them.
	private static final Set<String> REDIS_STORE_ONLY = Set.of("ai_budget_store_failures_total");

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	private static final FakeOpenAiServer model = FakeOpenAiServer.start()
		.responseModel("gpt-4o-mini-2024-07-18")
		.when((request) -> request.lastUserMessage() != null && request.lastUserMessage().text().contains("fail"),
				FakeResponse.error(400, "This request was refused by the fake model."));

	private static int port;

	private static PrometheusServer prometheus;

	private static boolean requestsMade;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("server.port", () -> port);
		registry.add("spring.ai.openai.base-url", model::apiBaseUrl);
		registry.add("spring.ai.openai.api-key", () -> "sk-fake-model-key");
	}

	// Started before the application, on the port it will listen on, so that Prometheus has
	// found its target (which takes it seconds) by the time the application is up.
	@BeforeAll
	static void startPrometheus() throws Exception {
		assertThat(PrometheusServer.BINARY).as("Debian's prometheus package (apt-get install prometheus)")
			.isExecutable();
		port = SampleApplicationProcess.freePort();
		prometheus = PrometheusServer.start("127.0.0.1:" + port, PrometheusRulesTests.RULES);
	}

	@AfterAll
	static void stop() throws Exception {
		if (prometheus != null) {
			prometheus.close();
		}
		model.close();
	}

	@BeforeEach
	void scrapeAfterTwoRoundsOfRequests() throws Exception {
		if (requestsMade) {
			return;
		}
		requestsMade = true;
		// rate() needs a series to grow between two scrapes: a first scrape sees the meters
		// registered at start-up at 0, a first round of requests creates the others, and a
		// second one, scraped later, makes every rate positive.
		awaitScrape();
		requests(true);
		awaitScrape();
		requests(false);
		awaitScrape();
	}

	@Test
	void shouldReturnDataForEveryDashboardQuery() throws Exception {
		List<String> queries = dashboardQueries();
		assertThat(queries).hasSizeGreaterThan(20);
		SoftAssertions softly = new SoftAssertions();
		for (String query : queries) {
			List<Map.Entry<Map<String, String>, Double>> result = prometheus.query(query);
			softly.assertThat(result).as("series of %s", query).isNotEmpty().allSatisfy((series) -> {
				assertThat(series.getValue()).as("value of %s", series.getKey()).isFinite();
				assertThat(series.getKey()).as("labels").containsKeys(grouping(query).toArray(String[]::new));
			});
		}
		softly.assertAll();
	}

	@Test
	void shouldShowCostAndTokensPerTenantWithTenantsPastTheCapAsOther() throws Exception {
		for (String panel : List.of("Cost per tenant", "Tokens per tenant")) {
			assertThat(prometheus.query(panelQuery(panel))).as(panel)
				.extracting((series) -> series.getKey().get("tenant_id"))
				.containsOnly("acme", "globex", "other");
		}
	}

	@Test
	void shouldRelateFailedCallsToTheAnsweredCallsOfTheirModelFamily() throws Exception {
		// The failed calls carry gpt-4o-mini, the answered ones gpt-4o-mini-2024-07-18.
		List<Map.Entry<Map<String, String>, Double>> ratio = prometheus.query(panelQuery("Error ratio"));
		assertThat(ratio).singleElement().satisfies((series) -> {
			assertThat(series.getKey()).containsEntry("model_family", "gpt-4o-mini");
			assertThat(series.getValue()).isStrictlyBetween(0.0, 1.0);
		});
	}

	@Test
	void shouldFindEverySeriesTheAlertingRulesSelect() throws Exception {
		Map<String, String> alerts = alertExpressions();
		assertThat(alerts).hasSize(8);
		SoftAssertions softly = new SoftAssertions();
		for (Map.Entry<String, String> alert : alerts.entrySet()) {
			Set<String> selectors = new LinkedHashSet<>();
			SELECTOR.matcher(alert.getValue()).results().forEach((selector) -> selectors.add(selector.group()));
			selectors.removeAll(REDIS_STORE_ONLY);
			for (String selector : selectors) {
				softly.assertThat(prometheus.query(selector)).as("%s of %s", selector, alert.getKey()).isNotEmpty();
			}
		}
		softly.assertAll();
	}

	@Test
	void shouldEvaluateEveryRuleAndFireTheAlertsTheRequestsCause() throws Exception {
		Map<String, String> states = awaitAlerts(Set.of("AiBudgetNearlySpent", "AiBudgetSpent", "AiBudgetCallsBlocked",
				"AiMetricTagValuesCapped", "AiModelErrorRateHigh"));
		assertThat(states).containsEntry("AiBudgetNearlySpent", "firing")
			.containsEntry("AiBudgetSpent", "firing")
			.containsEntry("AiBudgetCallsBlocked", "firing")
			.containsEntry("AiMetricTagValuesCapped", "firing")
			// Failing for 10 minutes before it fires.
			.containsEntry("AiModelErrorRateHigh", "pending")
			.doesNotContainKeys("AiModelLatencyHigh", "AiSpansDropped", "AiBudgetStoreFailing");
		List<JsonNode> rules = new ArrayList<>();
		prometheus.ruleGroups().forEach((group) -> group.path("rules").forEach(rules::add));
		assertThat(rules).extracting((rule) -> rule.path("name").asString())
			.containsExactlyInAnyOrderElementsOf(alertExpressions().keySet());
		assertThat(rules).allSatisfy((rule) -> assertThat(rule.path("health").asString())
			.as("%s: %s", rule.path("name").asString(), rule.path("lastError").asString())
			.isEqualTo("ok"));
	}

	private void requests(boolean firstRound) throws Exception {
		assertThat(post("/chat", "{\"message\":\"hello from acme\"}", "acme").statusCode()).isEqualTo(200);
		assertThat(post("/agent", "{\"task\":\"What is the weather in Paris?\"}", "acme").statusCode())
			.isEqualTo(200);
		assertThat(post("/chat", "{\"message\":\"please fail\"}", "acme").statusCode()).isEqualTo(500);
		// globex's budget is spent by its first call: every later one is refused.
		assertThat(post("/chat", "{\"message\":\"hello from globex\"}", "globex").statusCode())
			.isEqualTo(firstRound ? 200 : 500);
		assertThat(post("/chat", "{\"message\":\"hello again from globex\"}", "globex").statusCode())
			.isEqualTo(500);
		// A third tenant is past the cap of two tag values: its calls are tagged other.
		assertThat(post("/chat", "{\"message\":\"hello from initech\"}", "initech").statusCode()).isEqualTo(200);
	}

	private HttpResponse<String> post(String path, String json, String tenant) throws Exception {
		return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
			.header("Content-Type", "application/json")
			.header("baggage", "tenant.id=" + tenant)
			.POST(HttpRequest.BodyPublishers.ofString(json))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	// Once Prometheus holds the model call count the application itself shows (none before
	// the first request), it has scraped every meter of the requests so far: a scrape reads
	// them all at once.
	private void awaitScrape() throws Exception {
		String scrape = HTTP
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/prometheus")).build(),
					HttpResponse.BodyHandlers.ofString())
			.body();
		double calls = scrape.lines()
			.filter((line) -> line.startsWith("ai_llm_requests_total{"))
			.mapToDouble((line) -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
			.sum();
		long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
		double scraped = scrapedCalls();
		while (scraped != calls && System.nanoTime() < deadline) {
			Thread.sleep(200);
			scraped = scrapedCalls();
		}
		assertThat(scraped).as("model calls in Prometheus; targets: %s", prometheus.targets()).isEqualTo(calls);
	}

	private double scrapedCalls() throws Exception {
		// Before the first model call, the budget meters show that a scrape has happened.
		return prometheus.query("sum(ai_llm_requests_total) or sum(ai_budget_blocked_total) * 0")
			.stream()
			.mapToDouble(Map.Entry::getValue)
			.findFirst()
			.orElse(-1);
	}

	private Map<String, String> awaitAlerts(Set<String> expected) throws Exception {
		long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
		Map<String, String> states = alertStates();
		while (!states.keySet().containsAll(expected) && System.nanoTime() < deadline) {
			Thread.sleep(250);
			states = alertStates();
		}
		return states;
	}

	private Map<String, String> alertStates() throws Exception {
		Map<String, String> states = new LinkedHashMap<>();
		for (Map.Entry<Map<String, String>, Double> alert : prometheus.query("ALERTS")) {
			states.merge(alert.getKey().get("alertname"), alert.getKey().get("alertstate"),
					(first, second) -> "firing".equals(first) ? first : second);
		}
		return states;
	}

	private static List<String> dashboardQueries() throws Exception {
		JsonNode dashboard = dashboard();
		List<String> queries = new ArrayList<>();
		for (JsonNode variable : dashboard.path("templating").path("list")) {
			if ("query".equals(variable.path("type").asString())) {
				Matcher labelValues = LABEL_VALUES.matcher(variable.path("query").path("query").asString());
				assertThat(labelValues.matches()).as("variable %s", variable).isTrue();
				queries.add("count by (" + labelValues.group(2) + ") (" + labelValues.group(1) + ")");
			}
		}
		for (JsonNode target : dashboard.findValues("targets")) {
			target.forEach((each) -> queries.add(each.path("expr").asString()));
		}
		return queries.stream().map(PrometheusOpsQueriesTests::substitute).toList();
	}

	private static String panelQuery(String title) throws Exception {
		return dashboard().path("panels")
			.valueStream()
			.filter((panel) -> title.equals(panel.path("title").asString()))
			.map((panel) -> substitute(panel.path("targets").get(0).path("expr").asString()))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No panel " + title));
	}

	private static JsonNode dashboard() throws Exception {
		return JSON.readTree(Files.readString(GrafanaDashboardTests.DASHBOARD));
	}

	private static String substitute(String query) {
		String result = query;
		for (Map.Entry<String, String> variable : VARIABLES.entrySet()) {
			result = result.replace(variable.getKey(), variable.getValue());
		}
		// What is left is PromQL's own, such as label_replace's $1.
		assertThat(result).as("variables left in %s", query).doesNotContainPattern("\\$[A-Za-z_{]");
		return result;
	}

	// Each label a query groups by, except the bucket bound that histogram_quantile uses up.
	private static Set<String> grouping(String query) {
		Set<String> labels = new LinkedHashSet<>();
		Matcher grouping = GROUPING.matcher(query);
		while (grouping.find()) {
			for (String label : grouping.group(1).split(",")) {
				labels.add(label.trim());
			}
		}
		labels.remove("le");
		return labels;
	}

	@SuppressWarnings("unchecked")
	private static Map<String, String> alertExpressions() throws Exception {
		Map<String, Object> file = new Yaml().load(Files.readString(PrometheusRulesTests.RULES));
		Map<String, String> alerts = new LinkedHashMap<>();
		for (Map<String, Object> group : (List<Map<String, Object>>) file.get("groups")) {
			for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
				alerts.put((String) rule.get("alert"), (String) rule.get("expr"));
			}
		}
		return alerts;
	}

}
