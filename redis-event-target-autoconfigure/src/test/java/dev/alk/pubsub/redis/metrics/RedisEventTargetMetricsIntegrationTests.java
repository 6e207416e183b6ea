package dev.alk.pubsub.redis.metrics;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.alk.pubsub.JacksonEventSerializer;
import dev.alk.pubsub.redis.RedisEventTarget;
import dev.alk.pubsub.redis.RedisEventTargetSettings;
import dev.alk.pubsub.test.LocalRedis;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Integration tests for {@link RedisEventTargetMetrics} on a real Redis server.
 */
class RedisEventTargetMetricsIntegrationTests {

	@Test
	void countsWhatTheTargetDoes() throws Exception {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		try (LocalRedis redis = LocalRedis.start(); Target target = new Target(redis.port())) {
			new RedisEventTargetMetrics(target.target, List.of(Tag.of("app", "test"))).bindTo(registry);
			target.target.addEventListener("metered", (event) -> {
			}).ready().get(5, TimeUnit.SECONDS);
			target.target.addEventListener("metered", (event) -> {
				throw new IllegalStateException("fails on purpose");
			}).ready().get(5, TimeUnit.SECONDS);
			target.target.publish("metered", null, 1).get(5, TimeUnit.SECONDS);
			target.publishRaw("metered", "not json");
			await().atMost(Duration.ofSeconds(10))
				.until(() -> registry.get("alk.pubsub.messages.received").functionCounter().count() == 2);
			await().atMost(Duration.ofSeconds(10))
				.until(() -> registry.get("alk.pubsub.listener.failures").functionCounter().count() == 1);
			assertThat(registry.get("alk.pubsub.publishes").tag("outcome", "success").functionCounter().count())
				.isEqualTo(1);
			assertThat(registry.get("alk.pubsub.publishes").tag("outcome", "failure").functionCounter().count())
				.isZero();
			assertThat(registry.get("alk.pubsub.deliveries").functionCounter().count()).isEqualTo(1);
			assertThat(registry.get("alk.pubsub.messages.dropped").tag("reason", "malformed").functionCounter().count())
				.isEqualTo(1);
			assertThat(registry.get("alk.pubsub.topics").tag("app", "test").gauge().value()).isEqualTo(1);
			assertThat(registry.get("alk.pubsub.listeners").gauge().value()).isEqualTo(2);
			assertThat(registry.get("alk.pubsub.subscription.readiness").timer().count()).isEqualTo(1);
			assertThat(registry.getMeters()).allSatisfy((meter) -> assertThat(meter.getId().getTags())
				.noneMatch((tag) -> tag.getValue().contains("metered")));
		}
	}

	private static final class Target implements AutoCloseable {

		private final LettuceConnectionFactory connectionFactory;

		private final RedisMessageListenerContainer container = new RedisMessageListenerContainer();

		private final RedisEventTarget target;

		private final int port;

		Target(int port) {
			this.port = port;
			this.connectionFactory = new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", port));
			this.connectionFactory.afterPropertiesSet();
			this.connectionFactory.start();
			this.container.setConnectionFactory(this.connectionFactory);
			this.container.setTaskExecutor(Runnable::run);
			this.container.afterPropertiesSet();
			this.container.start();
			this.target = new RedisEventTarget(this.container, new StringRedisTemplate(this.connectionFactory),
					new JacksonEventSerializer(), RedisEventTargetSettings.defaults(), null);
			this.target.start();
		}

		void publishRaw(String channel, String message) {
			RedisClient client = RedisClient.create(RedisURI.create("127.0.0.1", this.port));
			try (StatefulRedisConnection<String, String> connection = client.connect()) {
				connection.sync().publish(channel, message);
			}
			finally {
				client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
			}
		}

		@Override
		public void close() {
			this.target.close();
			this.container.stop();
			this.connectionFactory.destroy();
		}

	}

}
