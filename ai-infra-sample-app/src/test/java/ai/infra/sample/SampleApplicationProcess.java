package ai.infra.sample;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged sample application, run as its own process the way a user runs it:
 * {@code java -jar}, configured through environment variables and arguments.
 */
final class SampleApplicationProcess implements AutoCloseable {

	private final Process process;

	private final Path output;

	private final int port;

	private final HttpClient http = HttpClient.newHttpClient();

	private SampleApplicationProcess(Process process, Path output, int port) {
		this.process = process;
		this.output = output;
		this.port = port;
	}

	static SampleApplicationProcess start(Map<String, String> environment, String... arguments) throws Exception {
		return start(environment, List.of(), arguments);
	}

	/**
	 * Start the packaged application with JVM options, such as {@code -javaagent:}, and
	 * wait until it is healthy.
	 * @param environment environment variables to add
	 * @param jvmOptions options for the JVM, before {@code -jar}
	 * @param arguments command-line arguments to add
	 * @return the running application
	 * @throws Exception if it cannot be started
	 */
	static SampleApplicationProcess start(Map<String, String> environment, List<String> jvmOptions,
			String... arguments) throws Exception {
		SampleApplicationProcess application = launch(environment, jvmOptions, arguments);
		application.awaitHealthy(Duration.ofSeconds(90));
		return application;
	}

	/**
	 * Start the packaged application without waiting for it to become healthy.
	 * @param environment environment variables to add
	 * @param arguments command-line arguments to add
	 * @return the running application
	 * @throws Exception if it cannot be started
	 */
	static SampleApplicationProcess launch(Map<String, String> environment, String... arguments) throws Exception {
		return launch(environment, List.of(), arguments);
	}

	private static SampleApplicationProcess launch(Map<String, String> environment, List<String> jvmOptions,
			String... arguments) throws Exception {
		Path jar = Path.of(System.getProperty("sample.jar", "target/ai-infra-sample-app-0.1.0-SNAPSHOT.jar"));
		if (!Files.isRegularFile(jar)) {
			throw new IllegalStateException("Packaged sample application not found at " + jar.toAbsolutePath());
		}
		int port = freePort();
		Path output = Files.createTempFile("sample-app", ".log");
		List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-Xmx512m", "-XX:TieredStopAtLevel=1"));
		command.addAll(jvmOptions);
		command.addAll(List.of("-jar", jar.toString(), "--server.port=" + port, "--server.address=127.0.0.1",
				"--spring.main.banner-mode=off"));
		command.addAll(List.of(arguments));
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(output.toFile());
		builder.environment().putAll(environment);
		return new SampleApplicationProcess(builder.start(), output, port);
	}

	/**
	 * Wait for the application to exit by itself.
	 * @param timeout how long to wait
	 * @return its exit status, or {@code null} if it is still running
	 * @throws InterruptedException if interrupted while waiting
	 */
	Integer awaitExit(Duration timeout) throws InterruptedException {
		return this.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? this.process.exitValue() : null;
	}

	int port() {
		return this.port;
	}

	String output() {
		try {
			return Files.readString(this.output, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	HttpResponse<String> post(String path, String json, String... headers) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json));
		if (headers.length > 0) {
			request.headers(headers);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	HttpResponse<String> get(String path) throws Exception {
		return this.http.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
	}

	private URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

	private void awaitHealthy(Duration timeout) throws Exception {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < deadline) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException("Sample application exited with " + this.process.exitValue() + ":\n"
						+ tail());
			}
			try {
				if (get("/actuator/health").statusCode() == 200) {
					return;
				}
			}
			catch (IOException ex) {
				// Not listening yet.
			}
			Thread.sleep(250);
		}
		close();
		throw new IllegalStateException("Sample application did not become healthy:\n" + tail());
	}

	private String tail() {
		String all = output();
		return all.substring(Math.max(0, all.length() - 4000));
	}

	/**
	 * Stop the application normally, as a user's SIGTERM does, and wait for it to exit.
	 * @param timeout how long to wait for the exit
	 * @return the exit code
	 */
	int stop(Duration timeout) throws InterruptedException {
		this.process.destroy();
		if (!this.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
			throw new IllegalStateException("Sample application did not exit within " + timeout + ":\n" + tail());
		}
		return this.process.exitValue();
	}

	@Override
	public void close() throws Exception {
		// A normal shutdown, as a user's SIGTERM, so that the last spans are exported.
		this.process.destroy();
		if (!this.process.waitFor(30, TimeUnit.SECONDS)) {
			this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
		}
	}

	static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

}
