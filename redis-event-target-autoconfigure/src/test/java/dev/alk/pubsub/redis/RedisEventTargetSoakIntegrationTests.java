package dev.alk.pubsub.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import dev.alk.pubsub.EventSubscription;
import dev.alk.pubsub.test.LocalRedis;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Soak: sixteen callers churn reply topics while steady traffic flows, with a Redis
 * restart in the middle. Afterwards no listener or channel is left behind and the heap
 * has not grown.
 */
class RedisEventTargetSoakIntegrationTests {

	private static final Duration RUN = Duration.ofSeconds(12);

	@Test
	void leavesNoListenerBehindAfterChurnAndARestart() throws Exception {
		try (LocalRedis redis = LocalRedis.start();
				TargetFixture fixture = TargetFixture.start(redis.port(), RedisEventTargetSettings.defaults()
					.withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(1)))) {
			AtomicLong steady = new AtomicLong();
			fixture.target.addEventListener("steady", (event) -> steady.incrementAndGet())
				.ready()
				.get(5, TimeUnit.SECONDS);
			long heapBefore = usedHeapAfterGc();
			long end = System.nanoTime() + RUN.toNanos();
			ExecutorService callers = Executors.newFixedThreadPool(17);
			AtomicLong answered = new AtomicLong();
			AtomicLong failed = new AtomicLong();
			List<Future<?>> running = new ArrayList<>();
			for (int i = 0; i < 16; i++) {
				running.add(callers.submit(() -> churn(fixture.target, end, answered, failed)));
			}
			running.add(callers.submit(() -> publishSteadily(fixture.target, end)));
			await().atMost(RUN).until(() -> answered.get() >= 500);
			redis.stop();
			redis.restart();
			for (Future<?> future : running) {
				future.get(RUN.toSeconds() + 30, TimeUnit.SECONDS);
			}
			callers.shutdown();
			assertThat(answered.get()).isPositive();
			await().atMost(Duration.ofSeconds(30))
				.ignoreExceptions()
				.untilAsserted(() -> assertThat(fixture.eventTargetChannels()).containsExactly("steady"));
			assertThat(fixture.target.statistics().listeners()).isEqualTo(1);
			assertThat(fixture.target.statistics().topics()).isEqualTo(1);
			long steadyBefore = steady.get();
			await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
				fixture.target.publish("steady", null, "after").get(5, TimeUnit.SECONDS);
				return steady.get() > steadyBefore;
			});
			assertThat(usedHeapAfterGc() - heapBefore).isLessThan(64L * 1024 * 1024);
		}
	}

	private static void churn(RedisEventTarget target, long end, AtomicLong answered, AtomicLong failed) {
		while (System.nanoTime() < end) {
			String id = UUID.randomUUID().toString();
			CompletableFuture<Object> reply = new CompletableFuture<>();
			try (EventSubscription subscription = target.addEventListener("call.responded:" + id,
					(event) -> reply.complete(event.detail()))) {
				subscription.ready().get(2, TimeUnit.SECONDS);
				target.publish("call.responded", id, "done").get(2, TimeUnit.SECONDS);
				reply.get(2, TimeUnit.SECONDS);
				answered.incrementAndGet();
			}
			catch (Exception ex) {
				failed.incrementAndGet();
			}
		}
	}

	private static void publishSteadily(RedisEventTarget target, long end) {
		while (System.nanoTime() < end) {
			try {
				target.publish("steady", null, "tick").get(2, TimeUnit.SECONDS);
			}
			catch (Exception ex) {
				// publishes during the restart fail; the test checks what remains
				// afterwards
			}
		}
	}

	private static long usedHeapAfterGc() {
		Runtime runtime = Runtime.getRuntime();
		System.gc();
		System.gc();
		return runtime.totalMemory() - runtime.freeMemory();
	}

}
