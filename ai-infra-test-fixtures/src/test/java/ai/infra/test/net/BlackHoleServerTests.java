package ai.infra.test.net;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link BlackHoleServer}.
 */
class BlackHoleServerTests {

	@Test
	void shouldAcceptTheConnectionAndNeverAnswer() throws Exception {
		try (BlackHoleServer server = BlackHoleServer.start();
				Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
			OutputStream out = socket.getOutputStream();
			out.write("POST /v1/traces HTTP/1.1\r\nHost: collector\r\nContent-Length: 0\r\n\r\n"
				.getBytes(StandardCharsets.US_ASCII));
			out.flush();
			socket.setSoTimeout(300);
			InputStream in = socket.getInputStream();
			assertThatExceptionOfType(SocketTimeoutException.class).isThrownBy(in::read);
			assertThat(server.connections()).isEqualTo(1);
			assertThat(server.baseUrl()).isEqualTo("http://127.0.0.1:" + server.port());
		}
	}

	@Test
	void shouldCloseAcceptedConnectionsWhenClosed() throws Exception {
		BlackHoleServer server = BlackHoleServer.start();
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
			socket.setSoTimeout(5000);
			while (server.connections() == 0) {
				Thread.sleep(10);
			}
			server.close();
			assertThat(socket.getInputStream().read()).isEqualTo(-1);
		}
	}

}
