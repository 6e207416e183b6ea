package dev.alk.pubsub.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.UUID;

import dev.alk.pubsub.EventEnvelope;
import dev.alk.pubsub.EventSerializer;
import dev.alk.pubsub.EventSubscription;
import dev.alk.pubsub.JacksonEventSerializer;
import dev.alk.pubsub.TypedEvent;
import dev.alk.pubsub.TypedEventListener;
import dev.alk.pubsub.test.LocalRedis;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

/**
 * Integration tests for {@link RedisEventTarget} against a real Redis server.
 */
class RedisEventTargetIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private static LocalRedis redis;

	private TargetFixture fixture;

	@BeforeAll
	static void startRedis() {
		redis = LocalRedis.start();
	}

	@AfterAll
	static void stopRedis() {
		redis.close();
	}

	@BeforeEach
	void startTarget() {
		this.fixture = TargetFixture.start(redis.port());
	}

	@AfterEach
	void stopTarget() {
		this.fixture.close();
	}

	@Test
	void publishesSerializedEnvelopeToTheTopicChannel() throws Exception {
		RedisClient client = RedisClient.create(RedisURI.create("127.0.0.1", redis.port()));
		try (StatefulRedisPubSubConnection<String, String> subscriber = client.connectPubSub()) {
			BlockingQueue<String> received = new LinkedBlockingQueue<>();
			subscriber.addListener(new RedisPubSubAdapter<>() {

				@Override
				public void message(String channel, String message) {
					received.add(channel + " " + message);
				}

			});
			subscriber.sync().subscribe("call.responded:uuid-123");
			Long receivers = target().publish("call.responded", "uuid-123", Map.of("answer", 42))
				.get(5, TimeUnit.SECONDS);
			assertThat(receivers).isEqualTo(1);
			assertThat(received.poll(5, TimeUnit.SECONDS)).isEqualTo(
					"call.responded:uuid-123 {\"type\":\"call.responded\",\"id\":\"uuid-123\",\"payload\":{\"answer\":42}}");
		}
		finally {
			client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
		}
	}

	@Test
	void deliversEventsPublishedByAnotherTarget() throws Exception {
		try (TargetFixture other = TargetFixture.start(redis.port())) {
			BlockingQueue<TypedEvent> received = new LinkedBlockingQueue<>();
			EventSubscription subscription = target().addEventListener("order.shipped", received::add);
			subscription.ready().get(5, TimeUnit.SECONDS);
			other.target.publish("order.shipped", null, List.of("parcel", 1, true)).get(5, TimeUnit.SECONDS);
			TypedEvent event = received.poll(5, TimeUnit.SECONDS);
			assertThat(event).isNotNull();
			assertThat(event.type()).isEqualTo("order.shipped");
			assertThat(event.detail()).isEqualTo(new EventEnvelope("order.shipped", null, List.of("parcel", 1, true)));
		}
	}

	@Test
	void unsubscribesWhenTheLastListenerIsRemoved() throws Exception {
		TypedEventListener first = (event) -> {
		};
		TypedEventListener second = (event) -> {
		};
		target().addEventListener("stock.changed", first).ready().get(5, TimeUnit.SECONDS);
		target().addEventListener("stock.changed", second).ready().get(5, TimeUnit.SECONDS);
		assertThat(this.fixture.subscribers("stock.changed")).isEqualTo(1);
		target().removeEventListener("stock.changed", first);
		assertThat(this.fixture.subscribers("stock.changed")).isEqualTo(1);
		target().removeEventListener("stock.changed", second);
		await().atMost(WAIT).until(() -> this.fixture.subscribers("stock.changed") == 0);
		assertThat(target().statistics().topics()).isZero();
	}

	@Test
	void scopesTopicsByTypeAndId() throws Exception {
		BlockingQueue<TypedEvent> scoped = new LinkedBlockingQueue<>();
		BlockingQueue<TypedEvent> unscoped = new LinkedBlockingQueue<>();
		target().addEventListener(EventEnvelope.topic("call.responded", "a"), scoped::add)
			.ready()
			.get(5, TimeUnit.SECONDS);
		target().addEventListener("call.responded", unscoped::add).ready().get(5, TimeUnit.SECONDS);
		target().publish("call.responded", "b", "other").get(5, TimeUnit.SECONDS);
		target().publish("call.responded", "a", "mine").get(5, TimeUnit.SECONDS);
		target().publish("call.responded", null, "broadcast").get(5, TimeUnit.SECONDS);
		assertThat(scoped.poll(5, TimeUnit.SECONDS).detail().payload()).isEqualTo("mine");
		assertThat(unscoped.poll(5, TimeUnit.SECONDS).detail().payload()).isEqualTo("broadcast");
		assertThat(scoped.poll(200, TimeUnit.MILLISECONDS)).isNull();
		assertThat(unscoped).isEmpty();
	}

	@Test
	void roundTripsNullDetailAndUnicodePayload() throws Exception {
		BlockingQueue<TypedEvent> received = new LinkedBlockingQueue<>();
		target().addEventListener("greeting", received::add).ready().get(5, TimeUnit.SECONDS);
		target().dispatchEvent(new TypedEvent("greeting", null)).get(5, TimeUnit.SECONDS);
		target().publish("greeting", null, Map.of("text", "héllo wörld ✓ 你好 🚀")).get(5, TimeUnit.SECONDS);
		assertThat(received.poll(5, TimeUnit.SECONDS).detail()).isNull();
		assertThat(received.poll(5, TimeUnit.SECONDS).detail().payload())
			.isEqualTo(Map.of("text", "héllo wörld ✓ 你好 🚀"));
	}

	@Test
	void sharesOneSubscribeAmongManyListenersOfATopic() throws Exception {
		target().addEventListener("warm.up", (event) -> {
		}).ready().get(5, TimeUnit.SECONDS);
		this.fixture.raw().configResetstat();
		CopyOnWriteArrayList<TypedEvent> received = new CopyOnWriteArrayList<>();
		List<CompletableFuture<Void>> ready = new CopyOnWriteArrayList<>();
		for (int i = 0; i < 10; i++) {
			ready.add(target().addEventListener("fan.out", received::add).ready());
		}
		CompletableFuture.allOf(ready.toArray(CompletableFuture[]::new)).get(5, TimeUnit.SECONDS);
		assertThat(this.fixture.commandCalls("subscribe")).isEqualTo(1);
		target().publish("fan.out", null, "x").get(5, TimeUnit.SECONDS);
		await().atMost(WAIT).until(() -> received.size() == 10);
	}

	@Test
	void coalescesAddsOfManyTopicsIntoFewSubscribes() throws Exception {
		target().addEventListener("warm.up", (event) -> {
		}).ready().get(5, TimeUnit.SECONDS);
		this.fixture.raw().configResetstat();
		this.fixture.raw().clientPause(500);
		List<CompletableFuture<Void>> ready = new CopyOnWriteArrayList<>();
		for (int i = 0; i < 200; i++) {
			ready.add(target().addEventListener("topic." + i, (event) -> {
			}).ready());
		}
		CompletableFuture.allOf(ready.toArray(CompletableFuture[]::new)).get(5, TimeUnit.SECONDS);
		assertThat(this.fixture.commandCalls("subscribe")).isBetween(1L, 2L);
		assertThat(this.fixture.eventTargetChannels()).hasSize(201);
	}

	@Test
	void unsubscribesTopicsSubscribedOneAtATimeTogether() throws Exception {
		target().addEventListener("warm.up", (event) -> {
		}).ready().get(5, TimeUnit.SECONDS);
		List<EventSubscription> subscriptions = new CopyOnWriteArrayList<>();
		for (int i = 0; i < 50; i++) {
			EventSubscription subscription = target().addEventListener("one.by.one." + i, (event) -> {
			});
			subscription.ready().get(5, TimeUnit.SECONDS);
			subscriptions.add(subscription);
		}
		assertThat(this.fixture.commandCalls("subscribe")).isGreaterThanOrEqualTo(50L);
		this.fixture.raw().configResetstat();
		this.fixture.raw().clientPause(200);
		subscriptions.forEach(EventSubscription::close);
		await().atMost(WAIT).until(() -> this.fixture.eventTargetChannels().size() == 1);
		assertThat(this.fixture.commandCalls("unsubscribe")).isBetween(1L, 2L);
	}

	@Test
	void dropsAnAddAndRemoveThatMeetBeforeTheChangeIsSent() throws Exception {
		target().addEventListener("warm.up", (event) -> {
		}).ready().get(5, TimeUnit.SECONDS);
		this.fixture.raw().configResetstat();
		this.fixture.raw().clientPause(500);
		CompletableFuture<Void> first = target().addEventListener("first", (event) -> {
		}).ready();
		TypedEventListener shortLived = (event) -> {
		};
		target().addEventListener("transient", shortLived);
		target().removeEventListener("transient", shortLived);
		CompletableFuture<Void> last = target().addEventListener("last", (event) -> {
		}).ready();
		CompletableFuture.allOf(first, last).get(5, TimeUnit.SECONDS);
		assertThat(this.fixture.subscribers("transient")).isZero();
		assertThat(this.fixture.commandCalls("subscribe")).isBetween(1L, 2L);
		assertThat(this.fixture.commandCalls("unsubscribe")).isZero();
	}

	@Test
	void countsTheSameListenerOnceAndNeverCallsARemovedListener() throws Exception {
		CopyOnWriteArrayList<TypedEvent> received = new CopyOnWriteArrayList<>();
		TypedEventListener listener = received::add;
		target().addEventListener("dedup", listener).ready().get(5, TimeUnit.SECONDS);
		target().addEventListener("dedup", listener).ready().get(5, TimeUnit.SECONDS);
		assertThat(target().statistics().listeners()).isEqualTo(1);
		target().publish("dedup", null, 1).get(5, TimeUnit.SECONDS);
		await().atMost(WAIT).until(() -> received.size() == 1);
		CountDownLatch blocked = new CountDownLatch(1);
		CopyOnWriteArrayList<TypedEvent> afterRemoval = new CopyOnWriteArrayList<>();
		TypedEventListener removed = afterRemoval::add;
		target().addEventListener("in.flight", (event) -> TargetFixture.block(blocked))
			.ready()
			.get(5, TimeUnit.SECONDS);
		target().addEventListener("in.flight", removed).ready().get(5, TimeUnit.SECONDS);
		target().publish("in.flight", null, 1).get(5, TimeUnit.SECONDS);
		await().atMost(WAIT).until(() -> target().statistics().received() >= 2);
		target().removeEventListener("in.flight", removed);
		blocked.countDown();
		await().atMost(WAIT).until(() -> target().statistics().delivered() == 2);
		assertThat(afterRemoval).isEmpty();
	}

	@Test
	void usesThePrefixForEveryChannel() throws Exception {
		try (TargetFixture prefixed = TargetFixture.start(redis.port(),
				RedisEventTargetSettings.defaults().withPrefix("alk:events:"))) {
			BlockingQueue<TypedEvent> received = new LinkedBlockingQueue<>();
			prefixed.target.addEventListener("job.done", received::add).ready().get(5, TimeUnit.SECONDS);
			assertThat(prefixed.subscribers("alk:events:job.done")).isEqualTo(1);
			assertThat(prefixed.subscribers("job.done")).isZero();
			prefixed.target.publish("job.done", "7", null).get(5, TimeUnit.SECONDS);
			assertThat(received).isEmpty();
			prefixed.target.publish("job.done", null, "ok").get(5, TimeUnit.SECONDS);
			assertThat(received.poll(5, TimeUnit.SECONDS).type()).isEqualTo("job.done");
			assertThatIllegalArgumentException()
				.isThrownBy(() -> prefixed.target.addEventListener("alk:events:job.done", received::add))
				.withMessageContaining("already starts with the channel prefix 'alk:events:'");
		}
	}

	@Test
	void callsListenersOnTheConnectionThreadWithDirectDelivery() throws Exception {
		try (TargetFixture direct = TargetFixture.start(redis.port(),
				RedisEventTargetSettings.defaults().withDirectDelivery(true))) {
			BlockingQueue<String> threads = new LinkedBlockingQueue<>();
			direct.target.addEventListener("direct", (event) -> threads.add(Thread.currentThread().getName()))
				.ready()
				.get(5, TimeUnit.SECONDS);
			direct.target.publish("direct", null, 1).get(5, TimeUnit.SECONDS);
			assertThat(threads.poll(5, TimeUnit.SECONDS)).startsWith("lettuce-");
		}
		BlockingQueue<String> threads = new LinkedBlockingQueue<>();
		target().addEventListener("pooled", (event) -> threads.add(Thread.currentThread().getName()))
			.ready()
			.get(5, TimeUnit.SECONDS);
		target().publish("pooled", null, 1).get(5, TimeUnit.SECONDS);
		assertThat(threads.poll(5, TimeUnit.SECONDS)).startsWith("redis-event-target-delivery-");
	}

	@Test
	void usesACustomSerializer() throws Exception {
		EventSerializer upperCase = new EventSerializer() {

			@Override
			public String stringify(EventEnvelope envelope) {
				return envelope.type() + "|" + envelope.id() + "|" + envelope.payload();
			}

			@Override
			public EventEnvelope parse(String message) {
				String[] parts = message.split("\\|");
				return new EventEnvelope(parts[0], parts[1], parts[2].toUpperCase());
			}

		};
		try (TargetFixture custom = TargetFixture.start(redis.port(), RedisEventTargetSettings.defaults(), upperCase,
				null)) {
			BlockingQueue<TypedEvent> received = new LinkedBlockingQueue<>();
			custom.target.addEventListener("shout:1", received::add).ready().get(5, TimeUnit.SECONDS);
			custom.target.publish("shout", "1", "hello").get(5, TimeUnit.SECONDS);
			assertThat(received.poll(5, TimeUnit.SECONDS).detail()).isEqualTo(new EventEnvelope("shout", "1", "HELLO"));
		}
	}

	@Test
	void convertsPayloadsToTheListenersClass() throws Exception {
		BlockingQueue<Reply> received = new LinkedBlockingQueue<>();
		target().addEventListener("call.responded:9", Reply.class, received::add).ready().get(5, TimeUnit.SECONDS);
		target().publish("call.responded", "9", new Reply("done", 3)).get(5, TimeUnit.SECONDS);
		assertThat(received.poll(5, TimeUnit.SECONDS)).isEqualTo(new Reply("done", 3));
	}

	@Test
	void readyCompletesAtOnceWhenTheChannelIsAlreadySubscribed() throws Exception {
		target().addEventListener("known", (event) -> {
		}).ready().get(5, TimeUnit.SECONDS);
		assertThat(target().addEventListener("known", (event) -> {
		}).ready()).isDone();
	}

	@Test
	void rejectsBadArguments() {
		TypedEventListener listener = (event) -> {
		};
		assertThatIllegalArgumentException().isThrownBy(() -> target().addEventListener("", listener))
			.withMessage("Topic must not be empty");
		assertThatIllegalArgumentException().isThrownBy(() -> target().addEventListener(null, listener))
			.withMessage("Topic must not be empty");
		assertThatIllegalArgumentException().isThrownBy(() -> target().addEventListener("t", (TypedEventListener) null))
			.withMessage("Listener must not be null");
		assertThatIllegalArgumentException().isThrownBy(() -> target().dispatchEvent(null))
			.withMessage("Event must not be null");
		assertThatIllegalArgumentException().isThrownBy(() -> new TypedEvent("", null))
			.withMessage("Event type must not be empty");
	}

	@Test
	void isolatesAThrowingListener() throws Exception {
		List<Throwable> handled = new CopyOnWriteArrayList<>();
		try (TargetFixture handling = TargetFixture.start(redis.port(), RedisEventTargetSettings.defaults(),
				new JacksonEventSerializer(), (event, error) -> handled.add(error))) {
			BlockingQueue<TypedEvent> received = new LinkedBlockingQueue<>();
			handling.target.addEventListener("fragile", (event) -> {
				throw new IllegalStateException("boom");
			}).ready().get(5, TimeUnit.SECONDS);
			handling.target.addEventListener("fragile", received::add).ready().get(5, TimeUnit.SECONDS);
			handling.target.publish("fragile", null, 1).get(5, TimeUnit.SECONDS);
			handling.target.publish("fragile", null, 2).get(5, TimeUnit.SECONDS);
			assertThat(received.poll(5, TimeUnit.SECONDS).detail().payload()).isEqualTo(1);
			assertThat(received.poll(5, TimeUnit.SECONDS).detail().payload()).isEqualTo(2);
			await().atMost(WAIT).until(() -> handled.size() == 2);
			assertThat(handled).allSatisfy((error) -> assertThat(error).hasMessage("boom"));
			assertThat(handling.target.statistics().listenerFailures()).isEqualTo(2);
		}
	}

	@Test
	void keepsOtherTopicsFlowingWhileAListenerIsBlocked() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		try {
			target().addEventListener("stuck", (event) -> TargetFixture.block(release))
				.ready()
				.get(5, TimeUnit.SECONDS);
			BlockingQueue<TypedEvent> received = new LinkedBlockingQueue<>();
			target().addEventListener("flowing", received::add).ready().get(5, TimeUnit.SECONDS);
			target().publish("stuck", null, 0).get(5, TimeUnit.SECONDS);
			for (int i = 0; i < 100; i++) {
				target().publish("flowing", null, i).get(5, TimeUnit.SECONDS);
			}
			for (int i = 0; i < 100; i++) {
				assertThat(received.poll(5, TimeUnit.SECONDS).detail().payload()).isEqualTo(i);
			}
		}
		finally {
			release.countDown();
		}
	}

	@Test
	void boundsTheEventsQueuedForASlowTopic() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		try (TargetFixture bounded = TargetFixture.start(redis.port(),
				RedisEventTargetSettings.defaults().withLimits(1024 * 1024, 5))) {
			CopyOnWriteArrayList<TypedEvent> received = new CopyOnWriteArrayList<>();
			bounded.target.addEventListener("slow", (event) -> {
				TargetFixture.block(release);
				received.add(event);
			}).ready().get(5, TimeUnit.SECONDS);
			for (int i = 0; i < 20; i++) {
				bounded.target.publish("slow", null, i).get(5, TimeUnit.SECONDS);
			}
			await().atMost(WAIT).until(() -> bounded.target.statistics().received() == 20);
			long dropped = bounded.target.statistics().overflowDropped();
			assertThat(dropped).isBetween(14L, 15L);
			release.countDown();
			await().atMost(WAIT).until(() -> received.size() == 20 - dropped);
			assertThat(received).extracting((event) -> event.detail().payload()).startsWith(0, 1, 2, 3, 4);
		}
		finally {
			release.countDown();
		}
	}

	@Test
	void dropsMalformedMessagesAndDeliversTheNextGoodOne() throws Exception {
		try (TargetFixture limited = TargetFixture.start(redis.port(),
				RedisEventTargetSettings.defaults().withLimits(64 * 1024, 10_000))) {
			BlockingQueue<TypedEvent> received = new LinkedBlockingQueue<>();
			limited.target.addEventListener("input", received::add).ready().get(5, TimeUnit.SECONDS);
			List<byte[]> malformed = List.of(bytes("not json"), bytes("[1,2,3]"), bytes("42"),
					bytes("{\"type\":5,\"id\":null,\"payload\":1}"), bytes("{\"type\":\"t\",\"id\":7,\"payload\":1}"),
					new byte[] { '{', '"', 't', (byte) 0xC3, (byte) 0x28, '"', '}' },
					bytes("{\"type\":\"t\",\"payload\":\"" + "x".repeat(70 * 1024) + "\"}"),
					bytes("{\"type\":\"t\",\"payload\":" + "[".repeat(2000) + "]".repeat(2000) + "}"),
					bytes("{\"type\":\"t\",\"payload\":" + "9".repeat(5000) + "}"));
			for (byte[] message : malformed) {
				limited.publishBytes("input", message);
			}
			limited.publishBytes("input", bytes("{\"type\":\"input\",\"id\":null,\"payload\":\"good\"}"));
			TypedEvent event = received.poll(5, TimeUnit.SECONDS);
			assertThat(event.detail().payload()).isEqualTo("good");
			assertThat(limited.target.statistics().malformed()).isEqualTo(malformed.size());
			assertThat(received).isEmpty();
		}
	}

	@Test
	void treatsEmptyAndNullMessagesAsEventsWithoutDetail() throws Exception {
		BlockingQueue<TypedEvent> received = new LinkedBlockingQueue<>();
		target().addEventListener("bare", received::add).ready().get(5, TimeUnit.SECONDS);
		this.fixture.publishBytes("bare", new byte[0]);
		this.fixture.publishBytes("bare", bytes("null"));
		assertThat(received.poll(5, TimeUnit.SECONDS)).isEqualTo(new TypedEvent("bare", null));
		assertThat(received.poll(5, TimeUnit.SECONDS)).isEqualTo(new TypedEvent("bare", null));
	}

	@Test
	void deliversEveryReplyUnderConcurrentChurn() throws Exception {
		int workers = 16;
		int callsPerWorker = 150;
		ExecutorService executor = Executors.newFixedThreadPool(workers);
		int answered = 0;
		try {
			List<Future<Integer>> results = executor
				.invokeAll(Collections.nCopies(workers, () -> churn(callsPerWorker)), 120, TimeUnit.SECONDS);
			for (Future<Integer> result : results) {
				answered += result.get();
			}
		}
		finally {
			executor.shutdownNow();
		}
		assertThat(answered).isEqualTo(workers * callsPerWorker);
		await().atMost(WAIT).until(() -> this.fixture.eventTargetChannels().isEmpty());
		assertThat(target().statistics().topics()).isZero();
		assertThat(target().statistics().listeners()).isZero();
	}

	private int churn(int calls) {
		int answered = 0;
		for (int i = 0; i < calls; i++) {
			String id = UUID.randomUUID().toString();
			CompletableFuture<Object> reply = new CompletableFuture<>();
			try (EventSubscription subscription = target().addEventListener("call.responded:" + id,
					(event) -> reply.complete(event.detail().payload()))) {
				subscription.ready().get(5, TimeUnit.SECONDS);
				target().publish("call.responded", id, i).get(5, TimeUnit.SECONDS);
				if (Integer.valueOf(i).equals(reply.get(5, TimeUnit.SECONDS))) {
					answered++;
				}
			}
			catch (Exception ex) {
				throw new IllegalStateException("Call " + i + " failed", ex);
			}
		}
		return answered;
	}

	@Test
	void failsDispatchAfterStop() {
		this.fixture.target.stop();
		assertThatExceptionOfType(ExecutionException.class)
			.isThrownBy(() -> target().publish("late", null, 1).get(5, TimeUnit.SECONDS))
			.withMessageContaining("Event target is closed");
	}

	private RedisEventTarget target() {
		return this.fixture.target;
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	record Reply(String status, int attempts) {
	}

}
