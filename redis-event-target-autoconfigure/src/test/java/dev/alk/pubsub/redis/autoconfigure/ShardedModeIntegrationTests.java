package dev.alk.pubsub.redis.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import dev.alk.pubsub.EventSubscription;
import dev.alk.pubsub.TypedEventTarget;
import dev.alk.pubsub.redis.RedisEventTarget;
import dev.alk.pubsub.redis.ShardedRedisEventTarget;
import dev.alk.pubsub.test.LocalRedisCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Integration tests of sharded mode on a Redis Cluster of three masters with one replica
 * each, started from {@code redis-server} processes.
 */
class ShardedModeIntegrationTests {

	private static final Duration RECOVERY = Duration.ofSeconds(30);

	private static LocalRedisCluster cluster;

	@BeforeAll
	static void startCluster() {
		Assumptions.assumeTrue(LocalRedisCluster.isSupported(), LocalRedisCluster.unsupportedReason().orElse(""));
		cluster = LocalRedisCluster.start();
	}

	@AfterAll
	static void stopCluster() {
		if (cluster != null) {
			cluster.close();
		}
	}

	@Test
	void eachChannelIsSubscribedOnlyOnTheMasterThatOwnsItsSlot() {
		ApplicationContextRunner sharded = sharded(cluster);
		sharded.run((publisherContext) -> sharded.run((subscriberContext) -> {
			TypedEventTarget publisher = publisherContext.getBean(TypedEventTarget.class);
			TypedEventTarget subscriber = subscriberContext.getBean(TypedEventTarget.class);
			assertThat(subscriber).isInstanceOf(ShardedRedisEventTarget.class);
			List<String> topics = topics(30);
			Map<String, Queue<Integer>> received = new ConcurrentHashMap<>();
			List<EventSubscription> subscriptions = listen(subscriber, topics, received);
			List<Integer> masters = cluster.masterPorts();
			assertThat(topics.stream().map(cluster::masterOf).distinct()).hasSameSizeAs(masters);
			for (String topic : topics) {
				int owner = cluster.masterOf(topic);
				for (int master : masters) {
					assertThat(shardSubscribers(cluster, master, topic)).as("subscribers of '%s' on %d", topic, master)
						.isEqualTo((master == owner) ? 1 : 0);
					assertThat(cluster.command(master, "PUBSUB", "NUMSUB", topic)).endsWith(", 0]");
				}
				assertThat(publisher.publish(topic, null, 1).get(5, TimeUnit.SECONDS)).isEqualTo(1);
			}
			await().atMost(RECOVERY)
				.untilAsserted(() -> topics.forEach((topic) -> assertThat(received.get(topic)).containsExactly(1)));
			subscriptions.forEach(EventSubscription::close);
			await().atMost(RECOVERY)
				.untilAsserted(() -> topics.forEach(
						(topic) -> assertThat(shardSubscribers(cluster, cluster.masterOf(topic), topic)).isZero()));
		}));
	}

	@Test
	void keepsTheOrderOfEventsOnATopic() {
		ApplicationContextRunner sharded = sharded(cluster);
		sharded.run((context) -> {
			TypedEventTarget target = context.getBean(TypedEventTarget.class);
			Queue<Integer> received = new ConcurrentLinkedQueue<>();
			target.addEventListener("ordered", Integer.class, received::add).ready().get(10, TimeUnit.SECONDS);
			List<Integer> sent = new ArrayList<>();
			for (int i = 0; i < 2000; i++) {
				target.publish("ordered", null, i);
				sent.add(i);
			}
			await().atMost(RECOVERY).untilAsserted(() -> assertThat(received).containsExactlyElementsOf(sent));
			assertThat(((RedisEventTarget) target).health(Duration.ofSeconds(5)).isHealthy()).isTrue();
		});
	}

	@Test
	void boundsTheEventsThatWaitForABlockedListener() {
		CountDownLatch release = new CountDownLatch(1);
		sharded(cluster).withPropertyValues("alk.pubsub.redis.max-queued-events=100").run((context) -> {
			RedisEventTarget target = context.getBean(RedisEventTarget.class);
			try {
				target.addEventListener("stuck", (event) -> awaitQuietly(release)).ready().get(10, TimeUnit.SECONDS);
				Queue<Integer> flowing = new ConcurrentLinkedQueue<>();
				target.addEventListener("flowing", Integer.class, flowing::add).ready().get(10, TimeUnit.SECONDS);
				List<CompletableFuture<Long>> published = new ArrayList<>();
				for (int i = 0; i < 2_000; i++) {
					published.add(target.publish("stuck", null, i));
				}
				CompletableFuture.allOf(published.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
				for (int i = 0; i < 100; i++) {
					target.publish("flowing", null, i);
				}
				await().atMost(RECOVERY).until(() -> flowing.size() == 100);
				await().atMost(RECOVERY).until(() -> target.statistics().received() >= 2_100);
				assertThat(target.statistics().overflowDropped()).isBetween(2_000L - 101, 2_000L - 100);
			}
			finally {
				release.countDown();
			}
		});
	}

	@Test
	void releasesEveryShardChannelWhenTheTargetStops() {
		List<String> topics = topics(20);
		sharded(cluster)
			.run((context) -> listen(context.getBean(TypedEventTarget.class), topics, new ConcurrentHashMap<>()));
		for (int master : cluster.masterPorts()) {
			assertThat(cluster.command(master, "PUBSUB", "SHARDCHANNELS")).isEqualTo("[]");
		}
	}

	@Test
	void aSubscriptionFollowsItsSlotToAnotherMaster() {
		ApplicationContextRunner sharded = sharded(cluster);
		sharded.run((publisherContext) -> sharded.run((subscriberContext) -> {
			TypedEventTarget publisher = publisherContext.getBean(TypedEventTarget.class);
			String topic = topics(1).get(0);
			Map<String, Queue<Integer>> received = new ConcurrentHashMap<>();
			listen(subscriberContext.getBean(TypedEventTarget.class), List.of(topic), received);
			int from = cluster.masterOf(topic);
			int to = cluster.masterPorts().stream().filter((port) -> port != from).findFirst().orElseThrow();
			AtomicInteger sequence = new AtomicInteger();
			awaitDelivery(publisher, topic, received.get(topic), sequence);
			cluster.moveSlot(cluster.slotOf(topic), to);
			awaitDelivery(publisher, topic, received.get(topic), sequence);
			assertThat(shardSubscribers(cluster, to, topic)).isEqualTo(1);
			await().atMost(RECOVERY).until(() -> shardSubscribers(cluster, from, topic) == 0);
			assertThat(List.copyOf(received.get(topic))).doesNotHaveDuplicates().isSorted();
		}));
	}

	@Test
	void subscriptionsMoveToTheReplicaThatTakesOverAFailedMasterUnderTraffic() {
		try (LocalRedisCluster failing = LocalRedisCluster.start()) {
			ApplicationContextRunner sharded = sharded(failing);
			sharded.run((publisherContext) -> sharded.run((subscriberContext) -> {
				TypedEventTarget publisher = publisherContext.getBean(TypedEventTarget.class);
				RedisEventTarget subscriber = subscriberContext.getBean(RedisEventTarget.class);
				List<String> topics = topics(60);
				Map<String, Queue<Integer>> received = new ConcurrentHashMap<>();
				listen(subscriber, topics, received);
				Map<Integer, List<String>> byMaster = topics.stream().collect(Collectors.groupingBy(failing::masterOf));
				int victim = byMaster.keySet().iterator().next();
				ScheduledExecutorService traffic = Executors.newSingleThreadScheduledExecutor();
				AtomicInteger round = new AtomicInteger();
				try {
					traffic.scheduleAtFixedRate(() -> {
						int current = round.incrementAndGet();
						topics.forEach((topic) -> publisher.publish(topic, null, current));
					}, 0, 5, TimeUnit.MILLISECONDS);
					await().atMost(RECOVERY).until(() -> received.values().stream().noneMatch(Queue::isEmpty));
					long killed = System.nanoTime();
					failing.killMaster(victim);
					int afterFailover = round.get();
					await().atMost(RECOVERY)
						.until(() -> received.values()
							.stream()
							.allMatch((events) -> events.stream().anyMatch((event) -> event > afterFailover)));
					Duration recovery = Duration.ofNanos(System.nanoTime() - killed);
					long arrivedAfter = received.values()
						.stream()
						.flatMap(Queue::stream)
						.filter((event) -> event > afterFailover)
						.count();
					System.out.printf(
							"Killed master %d serving %d of %d topics; every topic received again after "
									+ "%d ms; %d events arrived after the failover%n",
							victim, byMaster.get(victim).size(), topics.size(), recovery.toMillis(), arrivedAfter);
				}
				finally {
					traffic.shutdownNow();
					traffic.awaitTermination(5, TimeUnit.SECONDS);
				}
				int last = round.get() + 1;
				for (String topic : topics) {
					assertThat(publisher.publish(topic, null, last).get(5, TimeUnit.SECONDS)).isEqualTo(1);
				}
				await().atMost(RECOVERY)
					.until(() -> received.values().stream().allMatch((events) -> events.contains(last)));
				received.values().forEach((events) -> assertThat(events).doesNotHaveDuplicates());
				for (String topic : byMaster.get(victim)) {
					assertThat(shardSubscribers(failing, failing.masterOf(topic), topic)).isEqualTo(1);
				}
				assertThat(subscriber.statistics().listenerFailures()).isZero();
				assertThat(subscriber.health(Duration.ofSeconds(5))).satisfies((health) -> {
					assertThat(health.isHealthy()).isTrue();
					assertThat(health.unsubscribedTopics()).isZero();
				});
			}));
		}
	}

	@Test
	void listenersAddedAndRemovedWhileAMasterFailsOverLeaveExactlyTheirChannels() throws Exception {
		try (LocalRedisCluster failing = LocalRedisCluster.start()) {
			ApplicationContextRunner sharded = sharded(failing);
			sharded.run((publisherContext) -> sharded.run((subscriberContext) -> {
				TypedEventTarget publisher = publisherContext.getBean(TypedEventTarget.class);
				TypedEventTarget subscriber = subscriberContext.getBean(TypedEventTarget.class);
				Map<String, Queue<Integer>> received = new ConcurrentHashMap<>();
				List<String> kept = topics(20);
				listen(subscriber, kept, received);
				List<String> removed = topics(20);
				List<EventSubscription> removing = listen(subscriber, removed, received);
				int victim = failing.masterOf(kept.get(0));
				Thread killer = new Thread(() -> failing.killMaster(victim));
				killer.start();
				await().atMost(RECOVERY).until(() -> !failing.masterPorts().contains(victim));
				removing.forEach(EventSubscription::close);
				List<String> added = topics(20);
				added.forEach((topic) -> subscriber.addEventListener(topic, Integer.class,
						received.computeIfAbsent(topic, (key) -> new ConcurrentLinkedQueue<>())::add));
				killer.join(RECOVERY.toMillis());
				List<String> expected = new ArrayList<>(kept);
				expected.addAll(added);
				await().atMost(RECOVERY)
					.untilAsserted(
							() -> assertThat(shardChannels(failing)).containsExactlyInAnyOrderElementsOf(expected));
				AtomicInteger sequence = new AtomicInteger();
				for (String topic : expected) {
					awaitDelivery(publisher, topic, received.get(topic), sequence);
				}
			}));
		}
	}

	private static List<String> shardChannels(LocalRedisCluster cluster) {
		List<String> channels = new ArrayList<>();
		for (int master : cluster.masterPorts()) {
			String reply = cluster.command(master, "PUBSUB", "SHARDCHANNELS", "call.responded:*");
			if (!reply.equals("[]")) {
				channels.addAll(List.of(reply.substring(1, reply.length() - 1).split(", ")));
			}
		}
		return channels;
	}

	/**
	 * Publish a new event on each poll until one published by this call arrives.
	 */
	private static void awaitDelivery(TypedEventTarget publisher, String topic, Queue<Integer> received,
			AtomicInteger sequence) {
		int before = sequence.get();
		await().atMost(RECOVERY).ignoreExceptions().until(() -> {
			publisher.publish(topic, null, sequence.incrementAndGet()).get(3, TimeUnit.SECONDS);
			return received.stream().anyMatch((event) -> event > before);
		});
	}

	private static List<EventSubscription> listen(TypedEventTarget target, List<String> topics,
			Map<String, Queue<Integer>> received) throws Exception {
		List<EventSubscription> subscriptions = new ArrayList<>();
		for (String topic : topics) {
			Queue<Integer> events = received.computeIfAbsent(topic, (key) -> new ConcurrentLinkedQueue<>());
			subscriptions.add(target.addEventListener(topic, Integer.class, events::add));
		}
		for (EventSubscription subscription : subscriptions) {
			subscription.ready().get(10, TimeUnit.SECONDS);
		}
		return subscriptions;
	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await(60, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	static ApplicationContextRunner sharded(LocalRedisCluster cluster) {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class, JacksonAutoConfiguration.class,
					RedisEventTargetAutoConfiguration.class))
			.withPropertyValues("alk.pubsub.redis.mode=sharded",
					"spring.data.redis.cluster.nodes=" + String.join(",", cluster.nodes()),
					"spring.data.redis.timeout=2s", "alk.pubsub.redis.publish-timeout=2s",
					"alk.pubsub.redis.subscribe-timeout=5s");
	}

	static List<String> topics(int count) {
		List<String> topics = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			topics.add("call.responded:" + UUID.randomUUID());
		}
		return topics;
	}

	static long shardSubscribers(LocalRedisCluster cluster, int port, String channel) {
		String reply = cluster.command(port, "PUBSUB", "SHARDNUMSUB", channel);
		return Long.parseLong(reply.substring(reply.lastIndexOf(' ') + 1, reply.length() - 1));
	}

}
