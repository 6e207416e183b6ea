package dev.alk.pubsub.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.alk.pubsub.TypedEvent;
import dev.alk.pubsub.test.LocalRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Bad input published straight to the channels: every malformed message is counted once,
 * nothing crashes, the good messages between them all arrive, and a blocked listener
 * keeps its queue bounded while other topics flow.
 */
class RedisEventTargetBadInputIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private static final int MAX_MESSAGE_BYTES = 16 * 1024;

	private static LocalRedis redis;

	@BeforeAll
	static void startRedis() {
		redis = LocalRedis.start();
	}

	@AfterAll
	static void stopRedis() {
		redis.close();
	}

	@Test
	void countsTenThousandMalformedMessagesAndDeliversTheGoodOnesBetweenThem() throws Exception {
		try (TargetFixture fixture = TargetFixture.start(redis.port(),
				RedisEventTargetSettings.defaults().withLimits(MAX_MESSAGE_BYTES, 100_000))) {
			List<TypedEvent> received = new CopyOnWriteArrayList<>();
			fixture.target.addEventListener("input", received::add).ready().get(5, TimeUnit.SECONDS);
			List<byte[]> messages = new ArrayList<>();
			int good = 0;
			for (int i = 0; i < 10_000; i++) {
				messages.add(malformed(i));
				if (i % 100 == 0) {
					messages.add(bytes("{\"type\":\"input\",\"id\":\"" + good++ + "\",\"payload\":{\"n\":" + i + "}}"));
				}
			}
			assertThat(fixture.publishAll("input", messages)).isEqualTo(messages.size());
			int expectedGood = good;
			await().atMost(WAIT).until(() -> received.size() == expectedGood);
			await().atMost(WAIT).until(() -> fixture.target.statistics().malformed() == 10_000);
			assertThat(received).extracting((event) -> event.detail().id())
				.containsExactlyElementsOf(
						java.util.stream.IntStream.range(0, good).mapToObj(String::valueOf).toList());
			assertThat(fixture.target.statistics().listenerFailures()).isZero();
		}
	}

	@Test
	void keepsMemoryBoundedWhileAListenerBlocksForever() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		try (TargetFixture fixture = TargetFixture.start(redis.port(),
				RedisEventTargetSettings.defaults().withLimits(MAX_MESSAGE_BYTES, 100))) {
			fixture.target.addEventListener("stuck", (event) -> TargetFixture.block(release))
				.ready()
				.get(5, TimeUnit.SECONDS);
			List<TypedEvent> flowing = new CopyOnWriteArrayList<>();
			fixture.target.addEventListener("flowing", flowing::add).ready().get(5, TimeUnit.SECONDS);
			List<byte[]> flood = new ArrayList<>();
			for (int i = 0; i < 5_000; i++) {
				flood.add(bytes("{\"type\":\"stuck\",\"id\":null,\"payload\":" + i + "}"));
			}
			fixture.publishAll("stuck", flood);
			for (int i = 0; i < 100; i++) {
				fixture.target.publish("flowing", null, i).get(5, TimeUnit.SECONDS);
			}
			await().atMost(WAIT).until(() -> flowing.size() == 100);
			await().atMost(WAIT).until(() -> fixture.target.statistics().received() >= 5_100);
			long dropped = fixture.target.statistics().overflowDropped();
			assertThat(dropped).isBetween(5_000L - 101, 5_000L - 100);
		}
		finally {
			release.countDown();
		}
	}

	private static byte[] malformed(int i) {
		return switch (i % 7) {
			case 0 -> bytes("not json " + i);
			case 1 -> bytes("[" + i + "]");
			case 2 -> bytes("{\"type\":" + i + ",\"payload\":1}");
			case 3 -> new byte[] { '{', '"', 't', (byte) 0xFF, (byte) 0xFE, '"', '}' };
			case 4 -> bytes("{\"type\":\"t\",\"payload\":\"" + "x".repeat(MAX_MESSAGE_BYTES) + "\"}");
			case 5 -> bytes("{\"type\":\"t\",\"payload\":" + "[".repeat(1_000) + "]".repeat(1_000) + "}");
			default -> bytes("{\"type\":\"t\",\"payload\":" + "7".repeat(2_000) + "}");
		};
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
