package dev.alk.pubsub.redis.autoconfigure;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import dev.alk.pubsub.TypedEvent;
import dev.alk.pubsub.TypedEventTarget;
import dev.alk.pubsub.test.LocalRedisCluster;
import dev.alk.pubsub.test.LocalRedisSentinel;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Integration tests on a Sentinel setup and on a Redis Cluster, each started from
 * {@code redis-server} processes, configured only with Spring Boot's properties.
 */
class RedisEventTargetTopologyIntegrationTests {

	private static final Duration RECOVERY = Duration.ofSeconds(30);

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class, JacksonAutoConfiguration.class,
				RedisEventTargetAutoConfiguration.class))
		.withPropertyValues("spring.data.redis.timeout=2s", "alk.pubsub.redis.publish-timeout=2s",
				"alk.pubsub.redis.subscribe-timeout=5s");

	@Test
	void subscriptionsFollowTheNewMasterAfterSentinelFailover() {
		Assumptions.assumeTrue(LocalRedisSentinel.isSupported(), LocalRedisSentinel.unsupportedReason().orElse(""));
		try (LocalRedisSentinel sentinel = LocalRedisSentinel.start()) {
			this.contextRunner.withPropertyValues("spring.data.redis.sentinel.master=" + sentinel.masterName(),
					"spring.data.redis.sentinel.nodes=" + sentinel.sentinelPorts()
						.stream()
						.map((port) -> "127.0.0.1:" + port)
						.collect(Collectors.joining(",")))
				.run((context) -> {
					TypedEventTarget target = context.getBean(TypedEventTarget.class);
					BlockingQueue<TypedEvent> received = new LinkedBlockingQueue<>();
					target.addEventListener("failover", received::add).ready().get(10, TimeUnit.SECONDS);
					assertDelivered(target, "failover", received, "before");
					int oldMaster = sentinel.masterPort();
					sentinel.failover();
					int newMaster = sentinel.masterPort();
					assertThat(newMaster).isNotEqualTo(oldMaster);
					assertDelivered(target, "failover", received, "after");
					await().atMost(RECOVERY).ignoreExceptions().until(() -> {
						sentinel.command(newMaster, "PUBLISH", "failover",
								"{\"type\":\"failover\",\"id\":null,\"payload\":\"from-new-master\"}");
						TypedEvent event = received.poll(200, TimeUnit.MILLISECONDS);
						return event != null && "from-new-master".equals(event.detail().payload());
					});
				});
		}
	}

	@Test
	void eventsCrossNodesAndSurviveAMasterFailureInACluster() {
		Assumptions.assumeTrue(LocalRedisCluster.isSupported(), LocalRedisCluster.unsupportedReason().orElse(""));
		try (LocalRedisCluster cluster = LocalRedisCluster.start()) {
			ApplicationContextRunner clustered = this.contextRunner
				.withPropertyValues("spring.data.redis.cluster.nodes=" + String.join(",", cluster.nodes()));
			clustered.run((publisherContext) -> clustered.run((subscriberContext) -> {
				TypedEventTarget publisher = publisherContext.getBean(TypedEventTarget.class);
				TypedEventTarget subscriber = subscriberContext.getBean(TypedEventTarget.class);
				BlockingQueue<TypedEvent> received = new LinkedBlockingQueue<>();
				subscriber.addEventListener("clustered", received::add).ready().get(10, TimeUnit.SECONDS);
				assertDelivered(publisher, "clustered", received, "before");
				cluster.killMaster(publishingMaster(cluster));
				long killed = System.nanoTime();
				assertDelivered(publisher, "clustered", received, "after");
				assertThat(Duration.ofNanos(System.nanoTime() - killed)).isLessThan(Duration.ofSeconds(20));
			}));
		}
	}

	private static int publishingMaster(LocalRedisCluster cluster) {
		return cluster.masterPorts()
			.stream()
			.filter((port) -> cluster.command(port, "CLIENT", "LIST").contains("cmd=publish"))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No master has served the publishes"));
	}

	private static void assertDelivered(TypedEventTarget publisher, String topic, BlockingQueue<TypedEvent> received,
			String payload) {
		await().atMost(RECOVERY).ignoreExceptions().until(() -> {
			publisher.publish(topic, null, payload).get(3, TimeUnit.SECONDS);
			TypedEvent event = received.poll(500, TimeUnit.MILLISECONDS);
			while (event != null && !payload.equals(event.detail().payload())) {
				event = received.poll(100, TimeUnit.MILLISECONDS);
			}
			return event != null;
		});
	}

}
