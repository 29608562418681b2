package ai.infra.test.zipkin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs the real Zipkin server jar as a child process with in-memory storage on a free
 * loopback port, and offers helpers to read back what it stored through its v2 API.
 * Start one with {@link #start()} and close it when the test is done.
 */
public final class ZipkinServer implements AutoCloseable {

	private static final String LOOPBACK = "127.0.0.1";

	private static final String VERSION = "3.5.1";

	private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);

	private static final Duration POLL_INTERVAL = Duration.ofMillis(100);

	private static final int START_ATTEMPTS = 3;

	private static final int LOG_TAIL_LINES = 40;

	private static final TypeReference<List<List<Map<String, Object>>>> TRACES = new TypeReference<>() {
	};

	private static final TypeReference<List<Map<String, Object>>> SPANS = new TypeReference<>() {
	};

	private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
	};

	private final Process process;

	private final int port;

	private final Path workDir;

	private final Path logFile;

	private final Thread shutdownHook;

	private final HttpClient httpClient;

	private final JsonMapper jsonMapper = JsonMapper.builder().build();

	private ZipkinServer(Process process, int port, Path workDir, Path logFile, HttpClient httpClient) {
		this.process = process;
		this.port = port;
		this.workDir = workDir;
		this.logFile = logFile;
		this.httpClient = httpClient;
		// A test that forgets to close the server must not leave a JVM running after the
		// build
		this.shutdownHook = new Thread(() -> destroy(process), "zipkin-server-shutdown");
		Runtime.getRuntime().addShutdownHook(this.shutdownHook);
	}

	/**
	 * Start the Zipkin server jar found by {@link #defaultJar()}.
	 * @return the running server, ready to accept spans
	 */
	public static ZipkinServer start() {
		return start(defaultJar());
	}

	/**
	 * Start the given Zipkin server jar and wait until it reports itself healthy.
	 * @param jar the executable Zipkin server jar
	 * @return the running server, ready to accept spans
	 */
	public static ZipkinServer start(Path jar) {
		if (!Files.isRegularFile(jar)) {
			throw new IllegalArgumentException("Zipkin server jar not found at " + jar.toAbsolutePath());
		}
		HttpClient httpClient = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(2))
			.build();
		IllegalStateException failure = null;
		// The free port is only reserved until it is released for the child, so another
		// process can take it in between; retrying on a fresh port covers that race
		for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
			try {
				return launch(jar, httpClient);
			}
			catch (PortInUseException ex) {
				failure = ex;
			}
		}
		throw failure;
	}

	/**
	 * Locate the Zipkin server jar: {@code target/zipkin/zipkin-server.jar} below the
	 * working directory or the {@code ai-infra-test-fixtures} module, falling back to the
	 * local Maven repository.
	 * @return the path of an existing jar
	 * @throws IllegalStateException if no jar exists at any of those places
	 */
	public static Path defaultJar() {
		Path relative = Path.of("target", "zipkin", "zipkin-server.jar");
		List<Path> candidates = List.of(relative, Path.of("..", "ai-infra-test-fixtures").resolve(relative),
				Path.of("ai-infra-test-fixtures").resolve(relative),
				Path.of(System.getProperty("user.home"), ".m2", "repository", "io", "zipkin", "zipkin-server", VERSION,
						"zipkin-server-" + VERSION + "-exec.jar"));
		for (Path candidate : candidates) {
			if (Files.isRegularFile(candidate)) {
				return candidate.toAbsolutePath().normalize();
			}
		}
		throw new IllegalStateException("No Zipkin server jar found, looked at "
				+ candidates.stream().map((candidate) -> candidate.toAbsolutePath().normalize()).toList()
				+ "; run 'mvn process-test-resources' in ai-infra-test-fixtures to copy it");
	}

	/**
	 * Return the port Zipkin listens on for both its API and its span collector.
	 * @return the port
	 */
	public int port() {
		return this.port;
	}

	/**
	 * Return the base URL of the server.
	 * @return the URL, for example {@code http://127.0.0.1:9411}
	 */
	public String baseUrl() {
		return "http://" + LOOPBACK + ":" + this.port;
	}

	/**
	 * Return the URL to configure on a Zipkin span exporter.
	 * @return the URL, for example {@code http://127.0.0.1:9411/api/v2/spans}
	 */
	public String spansEndpoint() {
		return baseUrl() + "/api/v2/spans";
	}

	/**
	 * Return the file that receives the server's console output.
	 * @return the log file
	 */
	public Path logFile() {
		return this.logFile;
	}

	/**
	 * Return whether the server process is still alive.
	 * @return {@code true} until the process has exited
	 */
	public boolean isRunning() {
		return this.process.isAlive();
	}

	/**
	 * Return the service names Zipkin has seen. Zipkin stores service names in lower
	 * case.
	 * @return the service names
	 */
	public List<String> serviceNames() {
		return this.jsonMapper.readValue(get("/api/v2/services"), STRINGS);
	}

	/**
	 * Return the recent traces that involve the given service.
	 * @param serviceName the service name, matched case-insensitively by Zipkin
	 * @return the traces, each as a list of spans in Zipkin's v2 JSON model
	 */
	public List<List<Map<String, Object>>> traces(String serviceName) {
		String query = "?serviceName=" + URLEncoder.encode(serviceName, StandardCharsets.UTF_8) + "&limit=1000";
		return this.jsonMapper.readValue(get("/api/v2/traces" + query), TRACES);
	}

	/**
	 * Return the traces of the given service that contain a span of the given name,
	 * looking back a day.
	 * @param serviceName the service name, matched case-insensitively by Zipkin
	 * @param spanName the span name, in lower case as Zipkin stores it
	 * @param limit the most traces to return
	 * @return the traces, each as a list of spans in Zipkin's v2 JSON model
	 */
	public List<List<Map<String, Object>>> traces(String serviceName, String spanName, int limit) {
		String query = "?serviceName=" + URLEncoder.encode(serviceName, StandardCharsets.UTF_8) + "&spanName="
				+ URLEncoder.encode(spanName, StandardCharsets.UTF_8) + "&lookback=" + Duration.ofDays(1).toMillis()
				+ "&limit=" + limit;
		return this.jsonMapper.readValue(get("/api/v2/traces" + query), TRACES);
	}

	/**
	 * Return the spans of one trace.
	 * @param traceId the trace id in hex
	 * @return the spans in Zipkin's v2 JSON model, empty if the trace is unknown
	 */
	public List<Map<String, Object>> trace(String traceId) {
		HttpResponse<String> response = send("/api/v2/trace/" + URLEncoder.encode(traceId, StandardCharsets.UTF_8));
		if (response.statusCode() == 404) {
			return List.of();
		}
		return this.jsonMapper.readValue(checkOk(response), SPANS);
	}

	/**
	 * Wait until Zipkin has stored at least {@code count} spans for the given service.
	 * Zipkin accepts spans before it indexes them, so a test has to poll.
	 * @param serviceName the service name, matched case-insensitively by Zipkin
	 * @param count the number of spans to wait for
	 * @param timeout how long to wait
	 * @return all spans of the service's traces, flattened
	 * @throws AssertionError if fewer spans are stored within the timeout
	 */
	public List<Map<String, Object>> awaitSpans(String serviceName, int count, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (true) {
			List<Map<String, Object>> spans = traces(serviceName).stream().flatMap(List::stream).toList();
			if (spans.size() >= count) {
				return spans;
			}
			if (System.nanoTime() - deadline >= 0) {
				throw new AssertionError("Expected at least " + count + " span(s) for service '" + serviceName
						+ "' in Zipkin within " + timeout + " but found " + spans.size() + "; services seen: "
						+ serviceNames());
			}
			sleep(POLL_INTERVAL);
		}
	}

	/**
	 * Stop the server process and its descendants, wait for it to exit and delete its
	 * log.
	 */
	@Override
	public void close() {
		destroy(this.process);
		try {
			Runtime.getRuntime().removeShutdownHook(this.shutdownHook);
		}
		catch (IllegalStateException ex) {
			// The JVM is already shutting down and the hook does the same work
		}
		deleteRecursively(this.workDir);
	}

	private static ZipkinServer launch(Path jar, HttpClient httpClient) {
		int port = freePort();
		Path workDir;
		try {
			workDir = Files.createTempDirectory("zipkin-server");
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Failed to create a directory for the Zipkin log", ex);
		}
		Path logFile = workDir.resolve("zipkin.log");
		ProcessBuilder builder = new ProcessBuilder(javaExecutable(), "-Xmx256m", "-XX:TieredStopAtLevel=1",
				"-XX:+UseSerialGC",
				// Zipkin's Armeria server binds every interface by default; listing the port
				// again with an address replaces that list so it only listens on loopback
				"-Darmeria.ports[0].ip=" + LOOPBACK, "-Darmeria.ports[0].port=" + port,
				"-Darmeria.ports[0].protocols[0]=http", "-jar", jar.toAbsolutePath().toString());
		builder.environment().put("QUERY_PORT", Integer.toString(port));
		builder.environment().put("STORAGE_TYPE", "mem");
		builder.environment().put("SELF_TRACING_ENABLED", "false");
		builder.directory(workDir.toFile());
		builder.redirectErrorStream(true);
		builder.redirectOutput(logFile.toFile());
		Process process;
		try {
			process = builder.start();
		}
		catch (IOException ex) {
			deleteRecursively(workDir);
			throw new UncheckedIOException("Failed to start Zipkin server from " + jar, ex);
		}
		try {
			awaitHealthy(process, port, logFile, httpClient);
		}
		catch (RuntimeException ex) {
			destroy(process);
			deleteRecursively(workDir);
			throw ex;
		}
		return new ZipkinServer(process, port, workDir, logFile, httpClient);
	}

	private static void awaitHealthy(Process process, int port, Path logFile, HttpClient httpClient) {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + LOOPBACK + ":" + port + "/health"))
			.timeout(Duration.ofSeconds(5))
			.build();
		long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
		while (System.nanoTime() - deadline < 0) {
			if (!process.isAlive()) {
				String tail = tail(logFile);
				String message = "Zipkin server exited with code " + process.exitValue() + " before it became healthy:\n"
						+ tail;
				if (tail.contains("BindException") || tail.contains("Address already in use")) {
					throw new PortInUseException(message);
				}
				throw new IllegalStateException(message);
			}
			try {
				if (httpClient.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
					return;
				}
			}
			catch (ConnectException ex) {
				// Not listening yet
			}
			catch (IOException ex) {
				// Listening but not ready to answer yet
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("Interrupted while waiting for Zipkin to start", ex);
			}
			sleep(POLL_INTERVAL);
		}
		throw new IllegalStateException(
				"Zipkin server did not become healthy within " + STARTUP_TIMEOUT + ":\n" + tail(logFile));
	}

	private String get(String path) {
		return checkOk(send(path));
	}

	private HttpResponse<String> send(String path) {
		HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl() + path))
			.header("Accept", "application/json")
			.timeout(Duration.ofSeconds(10))
			.build();
		try {
			return this.httpClient.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Request to Zipkin failed: GET " + path, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted during request to Zipkin: GET " + path, ex);
		}
	}

	private static String checkOk(HttpResponse<String> response) {
		if (response.statusCode() != 200) {
			throw new IllegalStateException(
					"Zipkin answered " + response.statusCode() + " to " + response.uri() + ": " + response.body());
		}
		return response.body();
	}

	private static String javaExecutable() {
		// Prefer the exact binary of this JVM so the child runs on the same Java version
		return ProcessHandle.current()
			.info()
			.command()
			.filter((command) -> Files.isExecutable(Path.of(command)))
			.orElseGet(() -> Path.of(System.getProperty("java.home"), "bin", "java").toString());
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0, 0, InetAddress.getByName(LOOPBACK))) {
			socket.setReuseAddress(true);
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Failed to find a free port", ex);
		}
	}

	private static void destroy(Process process) {
		// Zipkin does not fork today, but killing descendants first keeps that true for
		// whatever the launcher may start
		List<ProcessHandle> descendants = process.descendants().toList();
		descendants.forEach(ProcessHandle::destroy);
		process.destroy();
		try {
			if (!process.waitFor(10, TimeUnit.SECONDS)) {
				descendants.forEach(ProcessHandle::destroyForcibly);
				process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			process.destroyForcibly();
			Thread.currentThread().interrupt();
		}
	}

	private static String tail(Path logFile) {
		try {
			// Decoded leniently because a half-written multi-byte character must not hide
			// the rest of the output
			List<String> lines = new String(Files.readAllBytes(logFile), StandardCharsets.UTF_8).lines().toList();
			return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
		}
		catch (IOException ex) {
			return "(no output available: " + ex.getMessage() + ")";
		}
	}

	private static void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting for Zipkin", ex);
		}
	}

	private static void deleteRecursively(Path directory) {
		try (Stream<Path> paths = Files.walk(directory)) {
			for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
				Files.deleteIfExists(path);
			}
		}
		catch (IOException ex) {
			// Only a temporary log is left behind
		}
	}

	private static final class PortInUseException extends IllegalStateException {

		PortInUseException(String message) {
			super(message);
		}

	}

}
