package ai.infra.test.redis;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import ai.infra.test.net.BlackHoleServer;
import org.jspecify.annotations.Nullable;

/**
 * Runs Debian's {@code redis-server} as a child process on a free loopback port, without
 * persistence and without a configuration file. The server can be stopped and started
 * again on the same port, as a Redis outage looks to its clients; since nothing is
 * persisted, a restarted server is empty. Start one with {@link #start()} and close it
 * when the test is done.
 */
public final class RedisServer implements AutoCloseable {

	/** Where Debian's {@code redis-server} package installs the server. */
	public static final Path DEFAULT_BINARY = Path.of("/usr/bin/redis-server");

	private static final String LOOPBACK = "127.0.0.1";

	private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(20);

	private static final Duration POLL_INTERVAL = Duration.ofMillis(20);

	private static final int START_ATTEMPTS = 3;

	private static final String LOG_FILE = "redis.log";

	private final Path binary;

	private final int port;

	private final Path workDir;

	private final Thread shutdownHook;

	private volatile @Nullable Process process;

	private RedisServer(Path binary, int port, Path workDir) {
		this.binary = binary;
		this.port = port;
		this.workDir = workDir;
		// A test that forgets to close the server must not leave it running after the build
		this.shutdownHook = new Thread(this::destroy, "redis-server-shutdown");
		Runtime.getRuntime().addShutdownHook(this.shutdownHook);
	}

	/**
	 * Start {@link #DEFAULT_BINARY} on a free loopback port.
	 * @return the running server, answering commands
	 */
	public static RedisServer start() {
		return start(DEFAULT_BINARY);
	}

	/**
	 * Start the given {@code redis-server} binary on a free loopback port and wait until
	 * it answers {@code PING}.
	 * @param binary the {@code redis-server} executable
	 * @return the running server, answering commands
	 * @throws IllegalStateException if the binary does not exist or the server does not
	 * start
	 */
	public static RedisServer start(Path binary) {
		if (!Files.isExecutable(binary)) {
			throw new IllegalStateException("No redis-server executable at " + binary.toAbsolutePath()
					+ "; install Debian's redis-server package (apt-get install redis-server), as .ci/run does");
		}
		IllegalStateException failure = null;
		// The free port is only reserved until it is released for the child, so another
		// process can take it in between; retrying on a fresh port covers that race
		for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
			RedisServer server = new RedisServer(binary, BlackHoleServer.refusingPort(), workDirectory());
			try {
				server.restart();
				return server;
			}
			catch (IllegalStateException ex) {
				server.close();
				failure = ex;
			}
		}
		throw failure;
	}

	/**
	 * Return the address the server listens on.
	 * @return {@code 127.0.0.1}
	 */
	public String host() {
		return LOOPBACK;
	}

	/**
	 * Return the port the server listens on, the same after {@link #restart()}.
	 * @return the port
	 */
	public int port() {
		return this.port;
	}

	/**
	 * Return whether the server process is alive.
	 * @return {@code true} between a start and the following stop
	 */
	public boolean isRunning() {
		Process current = this.process;
		return current != null && current.isAlive();
	}

	/**
	 * Stop the server and wait until it has exited; its clients see their connections
	 * closed and new ones refused. Does nothing when the server is not running.
	 */
	public void stop() {
		destroy();
	}

	/**
	 * Start the server again on the same port, empty, and wait until it answers
	 * {@code PING}. Does nothing when the server is running.
	 * @throws IllegalStateException if the server does not start
	 */
	public synchronized void restart() {
		if (isRunning()) {
			return;
		}
		Path logFile = this.workDir.resolve(LOG_FILE);
		ProcessBuilder builder = new ProcessBuilder(this.binary.toString(), "--port", Integer.toString(this.port),
				"--bind", LOOPBACK, "--save", "", "--appendonly", "no", "--daemonize", "no", "--dir",
				this.workDir.toString(), "--logfile", "");
		builder.directory(this.workDir.toFile());
		builder.redirectErrorStream(true);
		builder.redirectOutput(logFile.toFile());
		Process started;
		try {
			started = builder.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Failed to start " + this.binary, ex);
		}
		this.process = started;
		try {
			awaitPong(started, logFile);
		}
		catch (RuntimeException ex) {
			destroy();
			throw ex;
		}
	}

	/**
	 * Send one command and return its reply: a {@code String} for simple and bulk
	 * strings, a {@code Long} for integers, a {@code List} for arrays and {@code null}
	 * for a nil reply.
	 * @param arguments the command and its arguments, for example {@code "GET", "key"}
	 * @return the reply
	 * @throws IllegalStateException if Redis answers with an error
	 * @throws UncheckedIOException if the server cannot be reached
	 */
	public @Nullable Object command(String... arguments) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(LOOPBACK, this.port), 1000);
			socket.setSoTimeout(5000);
			OutputStream out = socket.getOutputStream();
			out.write(encode(arguments));
			out.flush();
			return read(new BufferedInputStream(socket.getInputStream()));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Redis on port " + this.port + " cannot be reached", ex);
		}
	}

	/**
	 * Stop the server and delete its working directory.
	 */
	@Override
	public void close() {
		destroy();
		try {
			Runtime.getRuntime().removeShutdownHook(this.shutdownHook);
		}
		catch (IllegalStateException ex) {
			// The JVM is already shutting down and the hook does the same work
		}
		try {
			// With persistence off, the log is all the server writes
			Files.deleteIfExists(this.workDir.resolve(LOG_FILE));
			Files.deleteIfExists(this.workDir);
		}
		catch (IOException ex) {
			// Only a temporary log is left behind
		}
	}

	private void awaitPong(Process started, Path logFile) {
		long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
		while (System.nanoTime() - deadline < 0) {
			if (!started.isAlive()) {
				throw new IllegalStateException("redis-server exited with code " + started.exitValue()
						+ " before it answered on port " + this.port + ":\n" + read(logFile));
			}
			try {
				if ("PONG".equals(command("PING"))) {
					return;
				}
			}
			catch (UncheckedIOException | IllegalStateException ex) {
				// Not listening or not loaded yet
			}
			LockSupport.parkNanos(POLL_INTERVAL.toNanos());
		}
		throw new IllegalStateException("redis-server did not answer on port " + this.port + " within "
				+ STARTUP_TIMEOUT + ":\n" + read(logFile));
	}

	private synchronized void destroy() {
		Process current = this.process;
		if (current == null) {
			return;
		}
		current.destroy();
		try {
			if (!current.waitFor(10, TimeUnit.SECONDS)) {
				current.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			current.destroyForcibly();
			Thread.currentThread().interrupt();
		}
		this.process = null;
	}

	private static byte[] encode(String... arguments) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.writeBytes(("*" + arguments.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
		for (String argument : arguments) {
			byte[] bytes = argument.getBytes(StandardCharsets.UTF_8);
			out.writeBytes(("$" + bytes.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
			out.writeBytes(bytes);
			out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
		}
		return out.toByteArray();
	}

	private static @Nullable Object read(InputStream in) throws IOException {
		int type = in.read();
		String line = line(in);
		return switch (type) {
			case '+' -> line;
			case ':' -> Long.parseLong(line);
			case '-' -> throw new IllegalStateException("Redis answered " + line);
			case '$' -> bulk(in, Integer.parseInt(line));
			case '*' -> array(in, Integer.parseInt(line));
			default -> throw new IOException("Unexpected reply from Redis: " + (char) type + line);
		};
	}

	private static @Nullable String bulk(InputStream in, int length) throws IOException {
		if (length < 0) {
			return null;
		}
		byte[] bytes = in.readNBytes(length + 2);
		return new String(bytes, 0, length, StandardCharsets.UTF_8);
	}

	private static @Nullable List<@Nullable Object> array(InputStream in, int size) throws IOException {
		if (size < 0) {
			return null;
		}
		List<@Nullable Object> elements = new ArrayList<>(size);
		for (int i = 0; i < size; i++) {
			elements.add(read(in));
		}
		return elements;
	}

	private static String line(InputStream in) throws IOException {
		StringBuilder line = new StringBuilder();
		int c;
		while ((c = in.read()) != '\r') {
			if (c < 0) {
				throw new IOException("Redis closed the connection");
			}
			line.append((char) c);
		}
		in.read();
		return line.toString();
	}

	private static Path workDirectory() {
		try {
			return Files.createTempDirectory("redis-server");
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Failed to create a working directory for redis-server", ex);
		}
	}

	private static String read(Path logFile) {
		try {
			return Files.readString(logFile, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			return "(no output available: " + ex.getMessage() + ")";
		}
	}

}
