package dev.alk.pubsub.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.alk.pubsub.test.LocalRedis.Backend;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link LocalRedis}.
 */
class LocalRedisTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	@Test
	void startsServerThatAnswersPingOnLoopback() {
		try (LocalRedis redis = LocalRedis.start()) {
			assertThat(redis.isRunning()).isTrue();
			assertThat(redis.host()).isEqualTo("127.0.0.1");
			assertThat(redis.uri()).isEqualTo("redis://127.0.0.1:" + redis.port());
			assertThat(redis.command("PING")).isEqualTo("PONG");
		}
	}

	@Test
	void setsAndGetsValues() {
		try (LocalRedis redis = LocalRedis.start()) {
			assertThat(redis.command("SET", "greeting", "héllo world")).isEqualTo("OK");
			assertThat(redis.command("GET", "greeting")).isEqualTo("héllo world");
			assertThat(redis.command("GET", "missing")).isEqualTo("null");
			assertThat(redis.command("INCR", "counter")).isEqualTo("1");
		}
	}

	@Test
	void returnsArrayRepliesAsLists() {
		try (LocalRedis redis = LocalRedis.start()) {
			redis.command("RPUSH", "events", "first", "second");
			assertThat(redis.commandReply("LRANGE", "events", "0", "-1")).containsExactly("first", "second");
			assertThat(redis.commandReply("PUBSUB", "NUMSUB", "events")).containsExactly("events", 0L);
			assertThat(redis.command("LRANGE", "events", "0", "-1")).isEqualTo("[first, second]");
		}
	}

	@Test
	void rejectsNonArrayReplyWhenArrayIsExpected() {
		try (LocalRedis redis = LocalRedis.start()) {
			assertThatIllegalStateException().isThrownBy(() -> redis.commandReply("PING"))
				.withMessageContaining("PONG");
		}
	}

	@Test
	void throwsErrorRepliesWithTheirText() {
		try (LocalRedis redis = LocalRedis.start()) {
			assertThatIllegalStateException().isThrownBy(() -> redis.command("NO-SUCH-COMMAND"))
				.withMessageStartingWith("ERR unknown command");
		}
	}

	@Test
	void passesArgumentsToServer() {
		try (LocalRedis redis = LocalRedis.builder().args("--maxmemory", "1mb").start()) {
			assertThat(redis.commandReply("CONFIG", "GET", "maxmemory")).containsExactly("maxmemory", "1048576");
		}
	}

	@Test
	void stopClosesPortAndRestartReopensItEmpty() {
		try (LocalRedis redis = LocalRedis.start()) {
			int port = redis.port();
			redis.command("SET", "key", "value");
			redis.stop();
			assertThat(redis.isRunning()).isFalse();
			assertThat(acceptsConnections(port)).isFalse();
			assertThatExceptionOfType(UncheckedIOException.class).isThrownBy(() -> redis.command("PING"));
			redis.restart();
			assertThat(redis.isRunning()).isTrue();
			assertThat(redis.port()).isEqualTo(port);
			assertThat(redis.command("PING")).isEqualTo("PONG");
			assertThat(redis.command("GET", "key")).isEqualTo("null");
		}
	}

	@Test
	void killClosesPortAndRestartReopensIt() {
		try (LocalRedis redis = LocalRedis.start()) {
			int port = redis.port();
			redis.kill();
			assertThat(redis.isRunning()).isFalse();
			assertThat(acceptsConnections(port)).isFalse();
			redis.restart();
			assertThat(redis.isRunning()).isTrue();
			assertThat(redis.port()).isEqualTo(port);
			assertThat(redis.command("PING")).isEqualTo("PONG");
		}
	}

	@Test
	void restartStopsRunningServerFirst() {
		try (LocalRedis redis = LocalRedis.start()) {
			redis.command("SET", "key", "value");
			redis.restart();
			assertThat(redis.isRunning()).isTrue();
			assertThat(redis.command("GET", "key")).isEqualTo("null");
		}
	}

	@Test
	void reportsNotRunningWhenServerShutsItselfDown() {
		try (LocalRedis redis = LocalRedis.start()) {
			assertThatExceptionOfType(UncheckedIOException.class).isThrownBy(() -> redis.command("SHUTDOWN", "NOSAVE"));
			await().atMost(TIMEOUT).until(() -> !redis.isRunning());
			redis.restart();
			assertThat(redis.command("PING")).isEqualTo("PONG");
		}
	}

	@Test
	void closeStopsServerAndCanBeRepeated() {
		LocalRedis redis = LocalRedis.start();
		redis.close();
		redis.close();
		assertThat(redis.isRunning()).isFalse();
		assertThat(acceptsConnections(redis.port())).isFalse();
		assertThatIllegalStateException().isThrownBy(redis::restart).withMessageContaining("closed");
	}

	@Test
	void startsForcedEmbeddedBinary() {
		try (LocalRedis redis = LocalRedis.builder().backend(Backend.EMBEDDED_BINARY).start()) {
			assertThat(redis.backend()).isEqualTo(Backend.EMBEDDED_BINARY);
			assertThat(redis.command("PING")).isEqualTo("PONG");
			assertThat(redis.command("INFO", "server")).contains("executable:" + RedisExecutables.embedded());
		}
	}

	@Test
	void killsAndRestartsEmbeddedBinary() {
		try (LocalRedis redis = LocalRedis.builder().backend(Backend.EMBEDDED_BINARY).start()) {
			redis.kill();
			assertThat(acceptsConnections(redis.port())).isFalse();
			redis.restart();
			assertThat(redis.command("PING")).isEqualTo("PONG");
		}
	}

	@Test
	void usesBackendForcedBySystemProperty() {
		System.setProperty(Backends.BACKEND_PROPERTY, "embedded");
		try (LocalRedis redis = LocalRedis.start()) {
			assertThat(redis.backend()).isEqualTo(Backend.EMBEDDED_BINARY);
		}
		finally {
			System.clearProperty(Backends.BACKEND_PROPERTY);
		}
	}

	@Test
	void rejectsUnknownBackendInSystemProperty() {
		System.setProperty(Backends.BACKEND_PROPERTY, "cloud");
		try {
			assertThatIllegalArgumentException().isThrownBy(LocalRedis::start).withMessageContaining("'cloud'");
		}
		finally {
			System.clearProperty(Backends.BACKEND_PROPERTY);
		}
	}

	@Test
	void passwordRequiresAuthentication() {
		try (LocalRedis redis = LocalRedis.builder().password("secret").start()) {
			assertThat(redis.command("PING")).isEqualTo("PONG");
			RespClient anonymous = new RespClient(redis.host(), redis.port(), null);
			assertThatIllegalStateException().isThrownBy(() -> anonymous.execute("PING"))
				.withMessageStartingWith("NOAUTH");
			RespClient wrongPassword = new RespClient(redis.host(), redis.port(), "wrong");
			assertThatIllegalStateException().isThrownBy(() -> wrongPassword.execute("PING"))
				.withMessageStartingWith("WRONGPASS");
		}
	}

	@Test
	void failsToStartWithServerLogInMessage() throws IOException {
		IllegalStateException failure = catchThrowableOfType(IllegalStateException.class,
				() -> LocalRedis.builder().backend(Backend.EMBEDDED_BINARY).args("--no-such-option", "1").start());
		assertThat(failure).hasMessageContaining("exited before answering PING").hasMessageContaining("no-such-option");
		Matcher logFile = Pattern.compile("logs to '([^']+)'").matcher(failure.getMessage());
		assertThat(logFile.find()).isTrue();
		Path log = Path.of(logFile.group(1));
		try {
			assertThat(log).hasFileName(ProcessServer.LOG_FILE_NAME).content().contains("no-such-option");
		}
		finally {
			WorkDirectory.delete(log.getParent());
		}
	}

	private static boolean acceptsConnections(int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
			return true;
		}
		catch (ConnectException ex) {
			return false;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
