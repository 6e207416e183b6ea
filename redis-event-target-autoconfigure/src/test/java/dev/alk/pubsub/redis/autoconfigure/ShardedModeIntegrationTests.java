package dev.alk.pubsub.redis.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

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
					assertThat(shardSubscribers(master, topic)).as("subscribers of '%s' on %d", topic, master)
						.isEqualTo((master == owner) ? 1 : 0);
					assertThat(cluster.command(master, "PUBSUB", "NUMSUB", topic)).endsWith(", 0]");
				}
				assertThat(publisher.publish(topic, null, 1).get(5, TimeUnit.SECONDS)).isEqualTo(1);
			}
			await().atMost(RECOVERY)
				.untilAsserted(() -> topics.forEach((topic) -> assertThat(received.get(topic)).containsExactly(1)));
			subscriptions.forEach(EventSubscription::close);
			await().atMost(RECOVERY)
				.untilAsserted(() -> topics
					.forEach((topic) -> assertThat(shardSubscribers(cluster.masterOf(topic), topic)).isZero()));
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

	static long shardSubscribers(int port, String channel) {
		String reply = cluster.command(port, "PUBSUB", "SHARDNUMSUB", channel);
		return Long.parseLong(reply.substring(reply.lastIndexOf(' ') + 1, reply.length() - 1));
	}

}
