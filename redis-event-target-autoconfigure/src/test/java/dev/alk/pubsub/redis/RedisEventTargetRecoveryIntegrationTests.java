package dev.alk.pubsub.redis;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import dev.alk.pubsub.EventPublishException;
import dev.alk.pubsub.EventSubscription;
import dev.alk.pubsub.SubscriptionException;
import dev.alk.pubsub.TypedEvent;
import dev.alk.pubsub.redis.health.RedisEventTargetHealthIndicator;
import dev.alk.pubsub.test.LocalRedis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Integration tests for {@link RedisEventTarget} while its Redis server goes away and
 * comes back.
 */
class RedisEventTargetRecoveryIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private static final RedisEventTargetSettings SETTINGS = RedisEventTargetSettings.defaults()
		.withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(1));

	private LocalRedis redis;

	@BeforeEach
	void startRedis() {
		this.redis = LocalRedis.start();
	}

	@AfterEach
	void stopRedis() {
		this.redis.close();
	}

	@Test
	void resubscribesAfterRedisRestart() throws Exception {
		try (TargetFixture fixture = TargetFixture.start(this.redis.port(), SETTINGS)) {
			BlockingQueue<TypedEvent> received = new LinkedBlockingQueue<>();
			for (String topic : List.of("a", "b", "c")) {
				fixture.target.addEventListener(topic, received::add).ready().get(5, TimeUnit.SECONDS);
			}
			this.redis.stop();
			this.redis.restart();
			await().atMost(WAIT).ignoreExceptions().until(() -> fixture.eventTargetChannels().size() == 3);
			for (String topic : List.of("a", "b", "c")) {
				await().atMost(WAIT)
					.ignoreExceptions()
					.until(() -> fixture.target.publish(topic, null, topic).get(5, TimeUnit.SECONDS) == 1);
			}
			assertThat(List.of(received.poll(5, TimeUnit.SECONDS), received.poll(5, TimeUnit.SECONDS),
					received.poll(5, TimeUnit.SECONDS)))
				.extracting(TypedEvent::type)
				.containsExactlyInAnyOrder("a", "b", "c");
			assertThat(received).isEmpty();
		}
	}

	@Test
	void reportsHealthDownWhileRedisIsDownAndUpOnceItIsBack() throws Exception {
		try (TargetFixture fixture = TargetFixture.start(this.redis.port(), SETTINGS)) {
			RedisEventTargetHealthIndicator indicator = new RedisEventTargetHealthIndicator(fixture.target,
					Duration.ofSeconds(1));
			fixture.target.addEventListener("watched", (event) -> {
			}).ready().get(5, TimeUnit.SECONDS);
			await().atMost(WAIT).until(() -> indicator.health().getStatus().equals(Status.UP));
			assertThat(indicator.health().getDetails()).containsEntry("delivering", true)
				.containsEntry("topics", 1)
				.containsEntry("unsubscribedTopics", 0);
			this.redis.stop();
			Health down = indicator.health();
			assertThat(down.getStatus()).isEqualTo(Status.DOWN);
			assertThat(down.getDetails()).containsEntry("delivering", false);
			fixture.target.addEventListener("added.while.down", (event) -> {
			});
			this.redis.restart();
			await().atMost(WAIT).until(() -> indicator.health().getStatus().equals(Status.UP));
			assertThat(indicator.health().getDetails()).containsEntry("topics", 2);
		}
	}

	@Test
	void failsPublishWithinTheTimeoutWhileRedisIsDown() throws Exception {
		try (TargetFixture fixture = TargetFixture.start(this.redis.port(), SETTINGS)) {
			fixture.target.publish("warm.up", null, 1).get(5, TimeUnit.SECONDS);
			this.redis.kill();
			long started = System.nanoTime();
			CompletableFuture<Long> published = fixture.target.publish("lost", null, 1);
			assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> published.get(5, TimeUnit.SECONDS))
				.withCauseInstanceOf(EventPublishException.class)
				.withMessageContaining("channel 'lost'");
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
			assertThat(fixture.target.statistics().publishFailures()).isEqualTo(1);
		}
	}

	@Test
	void subscribesListenersAddedWhileRedisIsDownOnceItIsBack() throws Exception {
		this.redis.stop();
		try (TargetFixture fixture = TargetFixture.start(this.redis.port(), SETTINGS)) {
			BlockingQueue<TypedEvent> received = new LinkedBlockingQueue<>();
			EventSubscription subscription = fixture.target.addEventListener("late", received::add);
			assertThatExceptionOfType(ExecutionException.class)
				.isThrownBy(() -> subscription.ready().get(5, TimeUnit.SECONDS))
				.withCauseInstanceOf(SubscriptionException.class)
				.withMessageContaining("Channel 'late' was not subscribed within PT1S");
			this.redis.restart();
			await().atMost(WAIT).ignoreExceptions().until(() -> fixture.subscribers("late") == 1);
			fixture.target.publish("late", null, "hello").get(5, TimeUnit.SECONDS);
			assertThat(received.poll(5, TimeUnit.SECONDS).detail().payload()).isEqualTo("hello");
		}
	}

}
