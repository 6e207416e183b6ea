package dev.alk.pubsub.redis;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import dev.alk.pubsub.reactive.ReactiveEventTarget;
import dev.alk.pubsub.test.LocalRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Integration tests for {@link ReactiveEventTarget} on a real Redis server.
 */
class ReactiveEventTargetIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

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
	void streamsATopicWhileSubscribedAndRemovesTheListenerOnCancel() {
		try (TargetFixture fixture = TargetFixture.start(redis.port())) {
			ReactiveEventTarget reactive = new ReactiveEventTarget(fixture.target, 100);
			StepVerifier.create(reactive.events("news").map((event) -> event.detail().payload()))
				.then(() -> publishOnceSubscribed(fixture, "news", "first"))
				.expectNext("first")
				.then(() -> publish(fixture, "news", "second"))
				.expectNext("second")
				.thenCancel()
				.verify(WAIT);
			await().atMost(WAIT).until(() -> fixture.target.statistics().listeners() == 0);
			await().atMost(WAIT).until(() -> fixture.subscribers("news") == 0);
		}
	}

	@Test
	void dropsWhatASlowSubscriberCannotBuffer() {
		try (TargetFixture fixture = TargetFixture.start(redis.port())) {
			ReactiveEventTarget reactive = new ReactiveEventTarget(fixture.target, 5);
			StepVerifier.create(reactive.events("firehose"), 0).then(() -> {
				publishOnceSubscribed(fixture, "firehose", -1);
				for (int i = 0; i < 20; i++) {
					publish(fixture, "firehose", i);
				}
				await().atMost(WAIT).until(() -> fixture.target.statistics().delivered() == 21);
			}).thenRequest(100).expectNextCount(5).thenCancel().verify(WAIT);
			assertThat(reactive.droppedEvents()).isEqualTo(16);
		}
	}

	private static void publishOnceSubscribed(TargetFixture fixture, String topic, Object payload) {
		await().atMost(WAIT).until(() -> fixture.subscribers(topic) == 1);
		publish(fixture, topic, payload);
	}

	private static void publish(TargetFixture fixture, String topic, Object payload) {
		try {
			fixture.target.publish(topic, null, payload).get(5, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
