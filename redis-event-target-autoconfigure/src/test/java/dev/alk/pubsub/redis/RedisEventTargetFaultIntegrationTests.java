package dev.alk.pubsub.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import dev.alk.pubsub.EventPublishException;
import dev.alk.pubsub.TypedEventListener;
import dev.alk.pubsub.test.LocalRedis;
import io.lettuce.core.KillArgs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Fault tests: 50 topics carry steady traffic while Redis restarts, is killed, pauses its
 * clients or drops the subscription connection; afterwards every topic is subscribed
 * again, every listener gets each new event exactly once, and publishes during the outage
 * failed within the publish timeout.
 */
class RedisEventTargetFaultIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(1);

	private static final int TOPICS = 50;

	private final Map<String, AtomicInteger> received = new ConcurrentHashMap<>();

	private final Map<String, TypedEventListener> listeners = new ConcurrentHashMap<>();

	private final AtomicInteger traffic = new AtomicInteger();

	private LocalRedis redis;

	private TargetFixture fixture;

	private ScheduledExecutorService publisher;

	@BeforeEach
	void start() throws Exception {
		this.redis = LocalRedis.start();
		this.fixture = TargetFixture.start(this.redis.port(),
				RedisEventTargetSettings.defaults().withTimeouts(PUBLISH_TIMEOUT, Duration.ofSeconds(1)));
		for (int i = 0; i < TOPICS; i++) {
			listen(topic(i), "only");
		}
		awaitEveryEventOnce(topics(0, TOPICS), "before");
		this.publisher = Executors.newSingleThreadScheduledExecutor();
		this.publisher.scheduleWithFixedDelay(
				() -> this.fixture.target.publish(topic(this.traffic.incrementAndGet() % TOPICS), null, "traffic"), 5,
				5, TimeUnit.MILLISECONDS);
	}

	@AfterEach
	void stop() {
		this.publisher.shutdownNow();
		assertThat(this.traffic).hasValueGreaterThan(0);
		this.fixture.close();
		this.redis.close();
	}

	@Test
	void recoversAfterRedisRestart() throws Exception {
		this.redis.stop();
		assertPublishFailsInTime();
		this.redis.restart();
		assertRecovered(topics(0, TOPICS));
	}

	@Test
	void recoversAfterRedisIsKilled() throws Exception {
		this.redis.kill();
		assertPublishFailsInTime();
		this.redis.restart();
		assertRecovered(topics(0, TOPICS));
	}

	@Test
	void recoversAfterClientsArePaused() throws Exception {
		this.fixture.raw().clientPause(2500);
		assertPublishFailsInTime();
		assertRecovered(topics(0, TOPICS));
	}

	@Test
	void recoversAfterTheSubscriptionConnectionIsKilled() throws Exception {
		assertThat(this.fixture.raw().clientKill(KillArgs.Builder.typePubsub())).isEqualTo(1);
		assertRecovered(topics(0, TOPICS));
	}

	@Test
	void appliesAddsAndRemovesMadeDuringAnOutage() throws Exception {
		this.redis.stop();
		for (int i = 0; i < 10; i++) {
			this.fixture.target.removeEventListener(topic(i), this.listeners.remove(topic(i) + "/only"));
		}
		for (int i = 10; i < 15; i++) {
			listen(topic(i), "second");
		}
		for (int i = TOPICS; i < TOPICS + 10; i++) {
			listen(topic(i), "only");
		}
		this.redis.restart();
		List<String> live = topics(10, TOPICS + 10);
		await().atMost(WAIT)
			.ignoreExceptions()
			.untilAsserted(
					() -> assertThat(this.fixture.eventTargetChannels()).containsExactlyInAnyOrderElementsOf(live));
		assertRecovered(live);
		for (int i = 0; i < 10; i++) {
			assertThat(this.fixture.target.publish(topic(i), null, "gone").get(5, TimeUnit.SECONDS)).isZero();
		}
		assertThat(this.fixture.target.statistics().listeners()).isEqualTo(this.listeners.size());
	}

	private void listen(String topic, String name) {
		String key = topic + "/" + name;
		TypedEventListener listener = (event) -> this.received
			.computeIfAbsent(key + "/" + event.detail().payload(), (k) -> new AtomicInteger())
			.incrementAndGet();
		this.listeners.put(key, listener);
		this.fixture.target.addEventListener(topic, listener);
	}

	private void assertPublishFailsInTime() {
		long started = System.nanoTime();
		CompletableFuture<Long> published = this.fixture.target.publish(topic(0), null, "during");
		assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> published.get(10, TimeUnit.SECONDS))
			.withCauseInstanceOf(EventPublishException.class);
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(PUBLISH_TIMEOUT.plusSeconds(1));
	}

	private void assertRecovered(List<String> topics) throws Exception {
		await().atMost(WAIT)
			.ignoreExceptions()
			.until(() -> topics.stream().allMatch((topic) -> this.fixture.subscribers(topic) == 1));
		awaitEveryEventOnce(topics, "after");
	}

	private void awaitEveryEventOnce(List<String> topics, String payload) throws Exception {
		for (String topic : topics) {
			await().atMost(WAIT)
				.ignoreExceptions()
				.until(() -> this.fixture.target.publish(topic, null, payload).get(5, TimeUnit.SECONDS) == 1);
		}
		List<String> expected = new ArrayList<>();
		this.listeners.keySet()
			.stream()
			.filter((key) -> topics.contains(key.substring(0, key.indexOf('/'))))
			.forEach((key) -> expected.add(key + "/" + payload));
		await().atMost(WAIT).until(() -> expected.stream().allMatch(this.received::containsKey));
		for (String topic : topics) {
			this.fixture.target.publish(topic, null, payload + "-end").get(5, TimeUnit.SECONDS);
		}
		await().atMost(WAIT).until(() -> expected.stream().allMatch((key) -> this.received.containsKey(key + "-end")));
		assertThat(expected).allSatisfy((key) -> assertThat(this.received.get(key)).hasValue(1));
	}

	private static String topic(int index) {
		return "fault.topic." + index;
	}

	private static List<String> topics(int from, int to) {
		return IntStream.range(from, to).mapToObj(RedisEventTargetFaultIntegrationTests::topic).toList();
	}

}
