package ai.infra.test.net;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A black-holed endpoint: a server socket on the loopback address that accepts every
 * connection and then never reads or writes, as a backend behind a dropping firewall or
 * a hung process does. Clients connect, send, and wait until their own timeout.
 */
public final class BlackHoleServer implements AutoCloseable {

	private final ServerSocket serverSocket;

	private final List<Socket> accepted = new CopyOnWriteArrayList<>();

	private BlackHoleServer(ServerSocket serverSocket) {
		this.serverSocket = serverSocket;
		Thread acceptor = new Thread(this::accept, "black-hole-" + serverSocket.getLocalPort());
		acceptor.setDaemon(true);
		acceptor.start();
	}

	/**
	 * Start a server on a free loopback port.
	 * @return the running server
	 */
	public static BlackHoleServer start() {
		try {
			return new BlackHoleServer(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Return a loopback port nothing listens on: it was free, then bound and closed again,
	 * so connections to it are refused.
	 * @return the port
	 */
	public static int refusingPort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Return the port the server accepts connections on.
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
	 * Return how many connections were accepted.
	 * @return the number of connections
	 */
	public int connections() {
		return this.accepted.size();
	}

	private void accept() {
		while (!this.serverSocket.isClosed()) {
			try {
				this.accepted.add(this.serverSocket.accept());
			}
			catch (IOException ex) {
				// Closed while waiting.
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
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
