package ai.infra.sample;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Debian's Prometheus server, scraping one target every second, queried through its HTTP
 * API.
 */
final class PrometheusServer implements AutoCloseable {

	static final Path BINARY = Path.of("/usr/bin/prometheus");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final Process process;

	private final Path directory;

	private final int port;

	private final HttpClient http = HttpClient.newHttpClient();

	private PrometheusServer(Process process, Path directory, int port) {
		this.process = process;
		this.directory = directory;
		this.port = port;
	}

	static boolean isInstalled() {
		return Files.isExecutable(BINARY);
	}

	static PrometheusServer start(String target) throws Exception {
		return start(target, null);
	}

	/**
	 * Start a server that also evaluates alerting rules, every second.
	 * @param target the {@code host:port} to scrape
	 * @param rules a rules file, or {@code null}
	 * @return the running server
	 * @throws Exception if it does not start
	 */
	static PrometheusServer start(String target, @Nullable Path rules) throws Exception {
		Path directory = Files.createTempDirectory("prometheus");
		Path config = directory.resolve("prometheus.yml");
		String ruleFiles = (rules != null) ? "rule_files: ['%s']%n".formatted(rules.toAbsolutePath()) : "";
		Files.writeString(config, ruleFiles + """
				global:
				  scrape_interval: 1s
				  evaluation_interval: 1s
				scrape_configs:
				  - job_name: sample
				    metrics_path: /actuator/prometheus
				    static_configs:
				      - targets: ['%s']
				""".formatted(target));
		int port = SampleApplicationProcess.freePort();
		Process process = new ProcessBuilder(BINARY.toString(), "--config.file=" + config,
				"--storage.tsdb.path=" + directory.resolve("data"), "--web.listen-address=127.0.0.1:" + port)
			.redirectErrorStream(true)
			.redirectOutput(directory.resolve("prometheus.log").toFile())
			.start();
		PrometheusServer server = new PrometheusServer(process, directory, port);
		server.awaitReady();
		return server;
	}

	private void awaitReady() throws Exception {
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (System.nanoTime() < deadline) {
			try {
				HttpResponse<String> response = this.http.send(
						HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/-/ready")).build(),
						HttpResponse.BodyHandlers.ofString());
				if (response.statusCode() == 200) {
					return;
				}
			}
			catch (IOException ex) {
				// Not listening yet.
			}
			Thread.sleep(200);
		}
		throw new IllegalStateException("Prometheus did not start:\n"
				+ Files.readString(this.directory.resolve("prometheus.log")));
	}

	/**
	 * Run an instant query.
	 * @param promql the query
	 * @return each result series' labels and value
	 */
	List<Map.Entry<Map<String, String>, Double>> query(String promql) throws Exception {
		String url = "http://127.0.0.1:" + this.port + "/api/v1/query?query="
				+ URLEncoder.encode(promql, StandardCharsets.UTF_8);
		HttpResponse<String> response = this.http.send(HttpRequest.newBuilder(URI.create(url)).build(),
				HttpResponse.BodyHandlers.ofString());
		JsonNode body = JSON.readTree(response.body());
		if (!"success".equals(body.path("status").asString())) {
			throw new IllegalStateException("Query failed: " + response.body());
		}
		return body.path("data").path("result").valueStream().map((series) -> {
			Map<String, String> labels = new java.util.TreeMap<>();
			series.path("metric").properties().forEach((entry) -> labels.put(entry.getKey(), entry.getValue().asString()));
			double value = Double.parseDouble(series.path("value").get(1).asString());
			return Map.entry((Map<String, String>) labels, value);
		}).toList();
	}

	/**
	 * Return the rule groups Prometheus has loaded, with each rule's health and last error.
	 * @return the {@code groups} of the rules API's answer
	 */
	JsonNode ruleGroups() throws Exception {
		String body = this.http.send(
				HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/api/v1/rules")).build(),
				HttpResponse.BodyHandlers.ofString())
			.body();
		return JSON.readTree(body).path("data").path("groups");
	}

	/**
	 * Return what Prometheus says about its scrape targets, for failure messages.
	 * @return the targets API's answer
	 */
	String targets() throws Exception {
		return this.http.send(
				HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/api/v1/targets")).build(),
				HttpResponse.BodyHandlers.ofString())
			.body();
	}

	@Override
	public void close() throws Exception {
		this.process.destroy();
		if (!this.process.waitFor(20, TimeUnit.SECONDS)) {
			this.process.destroyForcibly();
		}
	}

}
