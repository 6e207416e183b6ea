package dev.alk.pubsub.redis.autoconfigure;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

import dev.alk.pubsub.EventEnvelope;
import dev.alk.pubsub.TypedEvent;
import dev.alk.pubsub.TypedEventTarget;
import dev.alk.pubsub.test.LocalRedis;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.core.json.JsonWriteFeature;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Integration tests of the wire format against the TypeScript peer,
 * {@code @graphql-yoga/redis-event-target} driven by {@code interop/peer.mjs}, with both
 * sides on one real Redis server. Skipped when {@code node} is not on {@code PATH} or the
 * peer's packages are not installed ({@code npm ci} in {@code interop/}).
 */
class TypeScriptInteropIntegrationTests {

	private static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();

	private static final String PREFIX = "alk:events:";

	private static final String UNICODE = "héllo wörld ✓ 你好 🚀";

	private static final Map<String, Object> PAYLOAD = Map.of("text", UNICODE, "count", 2);

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	/**
	 * Writes the detail handed to the peer on its command line as ASCII, so that it does
	 * not depend on the platform encoding of process arguments.
	 */
	private static final JsonMapper ARGUMENT_MAPPER = JsonMapper.builder()
		.enable(JsonWriteFeature.ESCAPE_NON_ASCII)
		.build();

	private static final @Nullable String PEER_MISSING = peerMissingReason();

	private static LocalRedis redis;

	@BeforeAll
	static void startRedis() {
		if (PEER_MISSING == null) {
			redis = LocalRedis.start();
		}
	}

	@BeforeEach
	void requirePeer() {
		assumeTrue(PEER_MISSING == null, PEER_MISSING);
	}

	@AfterAll
	static void stopRedis() {
		if (redis != null) {
			redis.close();
		}
	}

	private ApplicationContextRunner contextRunner(String prefix) {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class, JacksonAutoConfiguration.class,
					RedisEventTargetAutoConfiguration.class))
			.withPropertyValues("spring.data.redis.host=127.0.0.1", "spring.data.redis.port=" + redis.port(),
					"alk.pubsub.redis.prefix=" + prefix);
	}

	@ParameterizedTest(name = "prefix ''{0}''")
	@ValueSource(strings = { "", PREFIX })
	void typeScriptReceivesTheEnvelopeThatJavaPublishes(String prefix) {
		contextRunner(prefix).run((context) -> {
			TypedEventTarget target = context.getBean(TypedEventTarget.class);
			try (Peer peer = Peer.listen(prefix + "greeting:call-1")) {
				assertThat(target.publish("greeting", "call-1", PAYLOAD).get(10, TimeUnit.SECONDS)).isOne();
				assertThat(peer.nextDetail()).containsExactly(entry("type", "greeting"), entry("id", "call-1"),
						entry("payload", PAYLOAD));
				peer.awaitSuccess();
			}
		});
	}

	@ParameterizedTest(name = "prefix ''{0}''")
	@ValueSource(strings = { "", PREFIX })
	void typeScriptReceivesTheNullIdThatJavaWrites(String prefix) {
		contextRunner(prefix).run((context) -> {
			TypedEventTarget target = context.getBean(TypedEventTarget.class);
			try (Peer peer = Peer.listen(prefix + "greeting")) {
				assertThat(target.publish("greeting", null, UNICODE).get(10, TimeUnit.SECONDS)).isOne();
				assertThat(peer.nextDetail()).containsExactly(entry("type", "greeting"), entry("id", null),
						entry("payload", UNICODE));
				peer.awaitSuccess();
			}
		});
	}

	@ParameterizedTest(name = "prefix ''{0}''")
	@ValueSource(strings = { "", PREFIX })
	void typeScriptReceivesAJavaEventWithoutDetailAsNull(String prefix) {
		contextRunner(prefix).run((context) -> {
			TypedEventTarget target = context.getBean(TypedEventTarget.class);
			try (Peer peer = Peer.listen(prefix + "greeting")) {
				assertThat(target.dispatchEvent(new TypedEvent("greeting", null)).get(10, TimeUnit.SECONDS)).isOne();
				assertThat(peer.nextLine()).isEqualTo("null");
				peer.awaitSuccess();
			}
		});
	}

	@ParameterizedTest(name = "prefix ''{0}''")
	@ValueSource(strings = { "", PREFIX })
	void javaReceivesTheEnvelopeThatTypeScriptPublishes(String prefix) {
		contextRunner(prefix).run((context) -> {
			TypedEventTarget target = context.getBean(TypedEventTarget.class);
			Map<String, Object> detail = new LinkedHashMap<>();
			detail.put("type", "greeting");
			detail.put("id", "call-2");
			detail.put("payload", PAYLOAD);
			TypedEvent event = receiveFromTypeScript(target, prefix, "greeting:call-2", json(detail));
			assertThat(event.type()).isEqualTo("greeting:call-2");
			assertThat(event.detail()).isEqualTo(new EventEnvelope("greeting", "call-2", PAYLOAD));
		});
	}

	@ParameterizedTest(name = "prefix ''{0}''")
	@ValueSource(strings = { "", PREFIX })
	void javaReceivesATypeScriptEventWithoutDetailAsNull(String prefix) {
		contextRunner(prefix).run((context) -> {
			TypedEventTarget target = context.getBean(TypedEventTarget.class);
			TypedEvent event = receiveFromTypeScript(target, prefix, "greeting", "none");
			assertThat(event.type()).isEqualTo("greeting");
			assertThat(event.detail()).isNull();
		});
	}

	@Test
	void javaReadsAMissingIdFromTypeScriptAsNull() {
		contextRunner("").run((context) -> {
			TypedEventTarget target = context.getBean(TypedEventTarget.class);
			String detail = json(Map.of("type", "greeting", "payload", UNICODE));
			TypedEvent event = receiveFromTypeScript(target, "", "greeting", detail);
			assertThat(event.detail()).isEqualTo(new EventEnvelope("greeting", null, UNICODE));
		});
	}

	private static TypedEvent receiveFromTypeScript(TypedEventTarget target, String prefix, String topic, String detail)
			throws Exception {
		BlockingQueue<TypedEvent> received = new LinkedBlockingQueue<>();
		target.addEventListener(topic, received::add).ready().get(10, TimeUnit.SECONDS);
		try (Peer peer = Peer.publish(prefix + topic, detail)) {
			peer.awaitSuccess();
		}
		return await().atMost(TIMEOUT).until(received::poll, Objects::nonNull);
	}

	private static String json(Map<String, Object> detail) {
		return ARGUMENT_MAPPER.writeValueAsString(detail);
	}

	private static @Nullable String peerMissingReason() {
		String path = System.getenv("PATH");
		boolean nodeOnPath = path != null && Stream.of(path.split(File.pathSeparator))
			.map((directory) -> Path.of(directory, "node"))
			.anyMatch(Files::isExecutable);
		if (!nodeOnPath) {
			return "node is not on PATH";
		}
		if (!Files.isDirectory(REPOSITORY.resolve("interop/node_modules/@graphql-yoga/redis-event-target"))) {
			return "interop/node_modules is not installed (run 'npm ci' in interop/)";
		}
		return null;
	}

	/**
	 * Run of {@code interop/peer.mjs}, its standard output read line by line and its
	 * standard error kept for failure messages, each on a thread of its own.
	 */
	private static final class Peer implements AutoCloseable {

		private final Process process;

		private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

		private final StringBuffer errors = new StringBuffer();

		private Peer(String... arguments) throws IOException {
			List<String> command = new ArrayList<>(List.of("node", "interop/peer.mjs"));
			command.addAll(List.of(arguments));
			this.process = new ProcessBuilder(command).directory(REPOSITORY.toFile()).start();
			read(this.process.getInputStream(), this.lines::add);
			read(this.process.getErrorStream(), (line) -> this.errors.append(line).append('\n'));
		}

		/**
		 * Start a peer that listens for one event on the channel, and wait until it is
		 * subscribed.
		 */
		static Peer listen(String channel) throws Exception {
			Peer peer = new Peer("listen", String.valueOf(redis.port()), channel, "1");
			assertThat(peer.nextLine()).isEqualTo("ready");
			return peer;
		}

		static Peer publish(String channel, String detail) throws IOException {
			return new Peer("publish", String.valueOf(redis.port()), channel, detail);
		}

		String nextLine() throws InterruptedException {
			String line = this.lines.poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
			assertThat(line).as("Next line of the peer; its standard error:%n%s", this.errors).isNotNull();
			return line;
		}

		Map<String, Object> nextDetail() throws InterruptedException {
			return JsonMapper.shared().readValue(nextLine(), new TypeReference<>() {
			});
		}

		void awaitSuccess() throws InterruptedException {
			assertThat(this.process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).as("Peer exited in time").isTrue();
			assertThat(this.process.exitValue()).as("Exit code of the peer; its standard error:%n%s", this.errors)
				.isZero();
		}

		@Override
		public void close() throws InterruptedException {
			this.process.destroy();
			if (!this.process.waitFor(5, TimeUnit.SECONDS)) {
				this.process.destroyForcibly();
			}
		}

		private static void read(InputStream stream, Consumer<String> consumer) {
			Thread reader = new Thread(() -> {
				try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
					lines.lines().forEach(consumer);
				}
				catch (IOException | UncheckedIOException ex) {
					// The stream closes when the peer is destroyed.
				}
			}, "interop-peer-output");
			reader.setDaemon(true);
			reader.start();
		}

	}

}
