package ai.infra.test.redis;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link RedisServer} against Debian's real {@code redis-server}.
 */
class RedisServerTests {

	@Test
	void shouldAnswerCommandsOnLoopback() {
		try (RedisServer redis = RedisServer.start()) {
			assertThat(redis.host()).isEqualTo("127.0.0.1");
			assertThat(redis.command("PING")).isEqualTo("PONG");
			assertThat(redis.command("INCRBY", "spend", "40")).isEqualTo(40L);
			assertThat(redis.command("GET", "spend")).isEqualTo("40");
			assertThat(redis.command("GET", "missing")).isNull();
			assertThat(redis.command("CONFIG", "GET", "save")).isEqualTo(List.of("save", ""));
		}
	}

	@Test
	void shouldRefuseConnectionsWhileStoppedAndComeBackEmptyOnTheSamePort() {
		try (RedisServer redis = RedisServer.start()) {
			int port = redis.port();
			redis.command("SET", "spend", "7");
			redis.stop();
			assertThat(redis.isRunning()).isFalse();
			assertThatExceptionOfType(UncheckedIOException.class).isThrownBy(() -> redis.command("PING"));
			redis.restart();
			assertThat(redis.isRunning()).isTrue();
			assertThat(redis.port()).isEqualTo(port);
			assertThat(redis.command("GET", "spend")).isNull();
		}
	}

	@Test
	void shouldStopOnClose() {
		RedisServer redis = RedisServer.start();
		redis.close();
		assertThat(redis.isRunning()).isFalse();
		assertThatExceptionOfType(UncheckedIOException.class).isThrownBy(() -> redis.command("PING"));
	}

	@Test
	void shouldReportRedisErrors() {
		try (RedisServer redis = RedisServer.start()) {
			redis.command("SET", "name", "acme");
			assertThatIllegalStateException().isThrownBy(() -> redis.command("INCRBY", "name", "1"))
				.withMessageContaining("not an integer");
		}
	}

	@Test
	void shouldExplainHowToInstallAMissingBinary() {
		assertThatIllegalStateException().isThrownBy(() -> RedisServer.start(Path.of("/nonexistent/redis-server")))
			.withMessageContaining("/nonexistent/redis-server")
			.withMessageContaining("apt-get install redis-server");
	}

}
