package ai.infra.test.blackhole;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A server on a free loopback port that accepts every connection and then never reads,
 * answers or closes it: an exporter endpoint that has stopped responding, as a hung
 * collector or a dropped network path looks to the client. Close it when the test is
 * done.
 */
public final class BlackHoleServer implements AutoCloseable {

	private final ServerSocket serverSocket;

	private final List<Socket> accepted = new CopyOnWriteArrayList<>();

	private final Thread acceptor;

	private BlackHoleServer(ServerSocket serverSocket) {
		this.serverSocket = serverSocket;
		this.acceptor = new Thread(this::acceptForever, "black-hole-server");
		this.acceptor.setDaemon(true);
		this.acceptor.start();
	}

	/**
	 * Start a server on a free loopback port.
	 * @return the server, already accepting connections
	 */
	public static BlackHoleServer start() {
		try {
			return new BlackHoleServer(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Failed to open a black hole server socket", ex);
		}
	}

	/**
	 * Return the port the server listens on.
	 * @return the port
	 */
	public int port() {
		return this.serverSocket.getLocalPort();
	}

	/**
	 * Return the base URL of the server.
	 * @return the URL, for example {@code http://127.0.0.1:40123}
	 */
	public String baseUrl() {
		return "http://127.0.0.1:" + port();
	}

	/**
	 * Return how many connections the server has accepted so far.
	 * @return the number of connections
	 */
	public int acceptedConnections() {
		return this.accepted.size();
	}

	private void acceptForever() {
		while (!this.serverSocket.isClosed()) {
			try {
				// Held open and never read, so the client waits for an answer that never
				// comes rather than seeing the connection refused or reset.
				this.accepted.add(this.serverSocket.accept());
			}
			catch (IOException ex) {
				// Closed.
			}
		}
	}

	/**
	 * Stop accepting and close every accepted connection.
	 */
	@Override
	public void close() {
		try {
			this.serverSocket.close();
			for (Socket socket : this.accepted) {
				socket.close();
			}
			this.acceptor.join(1000);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Failed to close the black hole server", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
