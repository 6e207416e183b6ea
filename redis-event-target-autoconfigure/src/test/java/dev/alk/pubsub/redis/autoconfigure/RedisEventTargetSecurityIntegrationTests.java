package dev.alk.pubsub.redis.autoconfigure;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import dev.alk.pubsub.EventPublishException;
import dev.alk.pubsub.TypedEvent;
import dev.alk.pubsub.TypedEventTarget;
import dev.alk.pubsub.test.LocalRedis;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Integration tests for an ACL user with a password and for TLS, configured only through
 * Spring Boot's {@code spring.data.redis.*} properties.
 */
@ExtendWith(OutputCaptureExtension.class)
class RedisEventTargetSecurityIntegrationTests {

	private static final String SECRET = "s3cret-events-pass";

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, DataRedisAutoConfiguration.class,
				JacksonAutoConfiguration.class, RedisEventTargetAutoConfiguration.class))
		.withPropertyValues("spring.data.redis.host=127.0.0.1", "alk.pubsub.redis.publish-timeout=2s",
				"alk.pubsub.redis.subscribe-timeout=2s");

	@Test
	void publishesAndSubscribesAsAnAclUser() {
		try (LocalRedis redis = aclRedis()) {
			this.contextRunner
				.withPropertyValues("spring.data.redis.port=" + redis.port(), "spring.data.redis.username=events",
						"spring.data.redis.password=" + SECRET)
				.run((context) -> assertRoundTrip(context.getBean(TypedEventTarget.class)));
		}
	}

	@Test
	void saysSoWhenThePasswordIsWrongWithoutLoggingIt(CapturedOutput output) {
		try (LocalRedis redis = aclRedis()) {
			this.contextRunner
				.withPropertyValues("spring.data.redis.port=" + redis.port(), "spring.data.redis.username=events",
						"spring.data.redis.password=wrong-" + SECRET)
				.run((context) -> {
					TypedEventTarget target = context.getBean(TypedEventTarget.class);
					assertThatExceptionOfType(ExecutionException.class)
						.isThrownBy(() -> target.publish("secured", null, 1).get(10, TimeUnit.SECONDS))
						.withCauseInstanceOf(EventPublishException.class)
						.withMessageContaining("WRONGPASS");
				});
		}
		assertThat(output).doesNotContain(SECRET);
	}

	@Test
	void publishesAndSubscribesOverTls(@TempDir Path directory) throws Exception {
		Path certificate = directory.resolve("redis.crt");
		Path key = directory.resolve("redis.key");
		generateCertificate(certificate, key);
		int tlsPort = freePort();
		try (LocalRedis redis = LocalRedis.builder()
			.args("--tls-port", String.valueOf(tlsPort), "--tls-cert-file", certificate.toString(), "--tls-key-file",
					key.toString(), "--tls-ca-cert-file", certificate.toString(), "--tls-auth-clients", "no")
			.start()) {
			this.contextRunner
				.withPropertyValues("spring.data.redis.port=" + tlsPort, "spring.data.redis.ssl.enabled=true",
						"spring.data.redis.ssl.bundle=redis",
						"spring.ssl.bundle.pem.redis.truststore.certificate=file:" + certificate)
				.run((context) -> assertRoundTrip(context.getBean(TypedEventTarget.class)));
		}
	}

	private static void assertRoundTrip(TypedEventTarget target) throws Exception {
		BlockingQueue<TypedEvent> received = new LinkedBlockingQueue<>();
		target.addEventListener("secured", received::add).ready().get(10, TimeUnit.SECONDS);
		assertThat(target.publish("secured", null, "hello").get(10, TimeUnit.SECONDS)).isEqualTo(1);
		assertThat(received.poll(10, TimeUnit.SECONDS).detail().payload()).isEqualTo("hello");
	}

	private static LocalRedis aclRedis() {
		return LocalRedis.builder()
			.password("admin-pass")
			.args("--user", "events", "on", ">" + SECRET, "~*", "&*", "+@all")
			.start();
	}

	private static void generateCertificate(Path certificate, Path key) throws IOException, InterruptedException {
		Process process = new ProcessBuilder(List.of("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
				"-keyout", key.toString(), "-out", certificate.toString(), "-days", "1", "-subj", "/CN=localhost",
				"-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"))
			.redirectErrorStream(true)
			.start();
		String log = new String(process.getInputStream().readAllBytes());
		assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
		assertThat(process.exitValue()).as(log).isZero();
		assertThat(Files.size(certificate)).isPositive();
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

}
