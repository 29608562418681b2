package ai.infra.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every PromQL expression of the Grafana dashboard in {@code ops/grafana} and of the
 * alerting rules in {@code ops/prometheus}, evaluated by Debian's real Prometheus scraping
 * the running sample application after requests that produce every series: chats for
 * two tenants (one over its budget), an agent run with a tool call, and a failing model
 * call.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "sample.fake-model.enabled=false", "ai-infra.metrics.tags=tenant.id" })
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PrometheusOpsQueriesTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Path DASHBOARD = Path.of("..", "ops", "grafana", "ai-infra.json");

	/** What Grafana puts in place of its variables, for an instant query over recent data. */
	private static final Map<String, String> VARIABLES = Map.of("$__rate_interval", "1m", "$__range", "1m",
			"$__interval", "1m", "$job", ".*", "$tenant", ".*", "$model", ".*");

	// Grafana's label_values(selector, label) is not PromQL: it asks for the label's values.
	private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\((.*),\\s*(\\w+)\\)");

	private static final Pattern SELECTOR = Pattern.compile("\\bai_\\w+(\\{[^}]*})?");

	private static final Pattern GROUPING = Pattern.compile("\\bby \\(([^)]*)\\)");

	private static final FakeOpenAiServer model = FakeOpenAiServer.start()
		.responseModel("gpt-4o-mini-2024-07-18")
		.when((request) -> request.lastUserMessage() != null && request.lastUserMessage().text().contains("fail"),
				FakeResponse.error(400, "This request was refused by the fake model."));

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	private PrometheusServer prometheus;

	@DynamicPropertySource
	static void model(DynamicPropertyRegistry registry) {
		registry.add("spring.ai.openai.base-url", model::apiBaseUrl);
		registry.add("spring.ai.openai.api-key", () -> "sk-fake-model-key");
	}

	@BeforeAll
	void scrapeAfterTwoRoundsOfRequests() throws Exception {
		assertThat(PrometheusServer.BINARY).as("Debian's prometheus package (apt-get install prometheus)")
			.isExecutable();
		this.prometheus = PrometheusServer.start("127.0.0.1:" + this.port, PrometheusRulesTests.RULES);
		// rate() needs a series to grow between two scrapes: a first round creates the
		// series, a second one, scraped later, makes every rate positive.
		requests();
		awaitScrape();
		requests();
		awaitScrape();
	}

	@AfterAll
	void stop() throws Exception {
		if (this.prometheus != null) {
			this.prometheus.close();
		}
		model.close();
	}

	@Test
	void shouldReturnDataForEveryDashboardQuery() throws Exception {
		List<String> queries = dashboardQueries();
		assertThat(queries).hasSizeGreaterThan(20);
		SoftAssertions softly = new SoftAssertions();
		for (String query : queries) {
			List<Map.Entry<Map<String, String>, Double>> result = this.prometheus.query(query);
			softly.assertThat(result).as("series of %s", query).isNotEmpty().allSatisfy((series) -> {
				assertThat(series.getValue()).as("value of %s", series.getKey()).isFinite();
				assertThat(series.getKey()).as("labels").containsKeys(grouping(query).toArray(String[]::new));
			});
		}
		softly.assertAll();
	}

	@Test
	void shouldFindEverySeriesTheAlertingRulesSelect() throws Exception {
		Map<String, String> alerts = alertExpressions();
		assertThat(alerts).hasSize(7);
		SoftAssertions softly = new SoftAssertions();
		for (Map.Entry<String, String> alert : alerts.entrySet()) {
			Set<String> selectors = new LinkedHashSet<>();
			SELECTOR.matcher(alert.getValue()).results().forEach((selector) -> selectors.add(selector.group()));
			for (String selector : selectors) {
				softly.assertThat(this.prometheus.query(selector)).as("%s of %s", selector, alert.getKey()).isNotEmpty();
			}
		}
		softly.assertAll();
	}

	@Test
	void shouldEvaluateEveryRuleAndFireTheAlertsTheRequestsCause() throws Exception {
		List<JsonNode> rules = new ArrayList<>();
		this.prometheus.ruleGroups().valueStream().forEach((group) -> group.path("rules").forEach(rules::add));
		assertThat(rules).extracting((rule) -> rule.path("name").asString())
			.containsExactlyInAnyOrderElementsOf(alertExpressions().keySet());
		Map<String, String> states = awaitAlerts(Set.of("AiBudgetNearlySpent", "AiBudgetSpent", "AiBudgetCallsBlocked",
				"AiModelErrorRateHigh"));
		assertThat(states).containsEntry("AiBudgetNearlySpent", "firing")
			.containsEntry("AiBudgetSpent", "firing")
			.containsEntry("AiBudgetCallsBlocked", "firing")
			// Failing for 10 minutes before it fires.
			.containsEntry("AiModelErrorRateHigh", "pending")
			.doesNotContainKeys("AiModelLatencyHigh", "AiSpansDropped", "AiBudgetStoreFailing");
		for (JsonNode rule : this.prometheus.ruleGroups().findValues("rules")) {
			rule.forEach((each) -> assertThat(each.path("health").asString())
				.as("%s: %s", each.path("name").asString(), each.path("lastError").asString())
				.isEqualTo("ok"));
		}
	}

	private void requests() throws Exception {
		assertThat(post("/chat", "{\"message\":\"hello from acme\"}", "acme").statusCode()).isEqualTo(200);
		assertThat(post("/agent", "{\"task\":\"What is the weather in Paris?\"}", "acme").statusCode())
			.isEqualTo(200);
		assertThat(post("/chat", "{\"message\":\"please fail\"}", "acme").statusCode()).isEqualTo(500);
		// globex's budget is spent by its first call: the next one is refused.
		post("/chat", "{\"message\":\"hello from globex\"}", "globex");
		post("/chat", "{\"message\":\"hello again from globex\"}", "globex");
	}

	private HttpResponse<String> post(String path, String json, String tenant) throws Exception {
		return this.http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.header("Content-Type", "application/json")
			.header("baggage", "tenant.id=" + tenant)
			.POST(HttpRequest.BodyPublishers.ofString(json))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	// Once Prometheus holds the model call count the application itself shows, it has
	// scraped every meter of the requests so far: a scrape reads them all at once.
	private void awaitScrape() throws Exception {
		String scrape = this.http
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/actuator/prometheus")).build(),
					HttpResponse.BodyHandlers.ofString())
			.body();
		double calls = scrape.lines()
			.filter((line) -> line.startsWith("ai_llm_requests_total{"))
			.mapToDouble((line) -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
			.sum();
		assertThat(calls).isPositive();
		long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
		double scraped = scrapedCalls();
		while (scraped != calls && System.nanoTime() < deadline) {
			Thread.sleep(200);
			scraped = scrapedCalls();
		}
		assertThat(scraped).as("model calls in Prometheus; targets: %s", this.prometheus.targets()).isEqualTo(calls);
	}

	private double scrapedCalls() throws Exception {
		return this.prometheus.query("sum(ai_llm_requests_total)")
			.stream()
			.mapToDouble(Map.Entry::getValue)
			.findFirst()
			.orElse(0);
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
		for (Map.Entry<Map<String, String>, Double> alert : this.prometheus.query("ALERTS")) {
			states.merge(alert.getKey().get("alertname"), alert.getKey().get("alertstate"),
					(first, second) -> "firing".equals(first) ? first : second);
		}
		return states;
	}

	private static List<String> dashboardQueries() throws Exception {
		JsonNode dashboard = JSON.readTree(Files.readString(DASHBOARD));
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

	private static String substitute(String query) {
		String result = query;
		for (Map.Entry<String, String> variable : VARIABLES.entrySet()) {
			result = result.replace(variable.getKey(), variable.getValue());
		}
		assertThat(result).as("variables left in %s", query).doesNotContain("$");
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
