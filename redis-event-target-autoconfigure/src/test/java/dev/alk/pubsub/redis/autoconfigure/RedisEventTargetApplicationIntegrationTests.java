package dev.alk.pubsub.redis.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import dev.alk.pubsub.EventPublishException;
import dev.alk.pubsub.ListenerErrorHandler;
import dev.alk.pubsub.TypedEvent;
import dev.alk.pubsub.TypedEventTarget;
import dev.alk.pubsub.test.LocalRedis;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Integration tests for the auto-configured event target in an application context on a
 * real Redis server.
 */
class RedisEventTargetApplicationIntegrationTests {

	private static LocalRedis redis;

	private static RedisClient client;

	private static StatefulRedisConnection<String, String> connection;

	@BeforeAll
	static void startRedis() {
		redis = LocalRedis.start();
		client = RedisClient.create(RedisURI.create("127.0.0.1", redis.port()));
		connection = client.connect();
	}

	@AfterAll
	static void stopRedis() {
		connection.close();
		client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
		redis.close();
	}

	private ApplicationContextRunner contextRunner() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class, JacksonAutoConfiguration.class,
					RedisEventTargetAutoConfiguration.class))
			.withPropertyValues("spring.data.redis.host=127.0.0.1", "spring.data.redis.port=" + redis.port());
	}

	@Test
	void publishesAndReceivesOnPrefixedChannels() {
		contextRunner().withPropertyValues("alk.pubsub.redis.prefix=app:events:").run((context) -> {
			TypedEventTarget target = context.getBean(TypedEventTarget.class);
			BlockingQueue<TypedEvent> received = new LinkedBlockingQueue<>();
			target.addEventListener("invoice.paid", received::add).ready().get(5, TimeUnit.SECONDS);
			assertThat(commands().pubsubNumsub("app:events:invoice.paid")).containsEntry("app:events:invoice.paid", 1L);
			assertThat(target.publish("invoice.paid", null, 12.5).get(5, TimeUnit.SECONDS)).isEqualTo(1);
			assertThat(received.poll(5, TimeUnit.SECONDS).detail().payload()).isEqualTo(12.5);
		});
	}

	@Test
	void handsListenerFailuresToTheErrorHandlerBean() {
		List<String> failures = new CopyOnWriteArrayList<>();
		contextRunner()
			.withBean(ListenerErrorHandler.class,
					() -> (event, error) -> failures.add(event.type() + ": " + error.getMessage()))
			.run((context) -> {
				TypedEventTarget target = context.getBean(TypedEventTarget.class);
				target.addEventListener("fails", (event) -> {
					throw new IllegalStateException("listener broke");
				}).ready().get(5, TimeUnit.SECONDS);
				target.publish("fails", null, 1).get(5, TimeUnit.SECONDS);
				await().atMost(Duration.ofSeconds(10)).until(() -> failures.size() == 1);
				assertThat(failures).containsExactly("fails: listener broke");
			});
	}

	@Test
	void closingTheContextUnsubscribesAndReleasesTheSubscriptionConnection() {
		ConfigurableApplicationContext[] closed = new ConfigurableApplicationContext[1];
		contextRunner().run((context) -> {
			TypedEventTarget target = context.getBean(TypedEventTarget.class);
			target.addEventListener("shutdown.topic", (event) -> {
			}).ready().get(5, TimeUnit.SECONDS);
			await().atMost(Duration.ofSeconds(10)).until(() -> pubsubClients() == 1);
			context.close();
			assertThat(commands().pubsubNumsub("shutdown.topic")).containsEntry("shutdown.topic", 0L);
			await().atMost(Duration.ofSeconds(10)).until(() -> pubsubClients() == 0);
			assertThatExceptionOfType(ExecutionException.class)
				.isThrownBy(() -> target.publish("shutdown.topic", null, 1).get(1, TimeUnit.SECONDS))
				.withCauseInstanceOf(EventPublishException.class)
				.withMessageContaining("Event target is closed");
			closed[0] = context;
		});
		assertThat(closed[0].isActive()).isFalse();
	}

	private static RedisCommands<String, String> commands() {
		return connection.sync();
	}

	private static long pubsubClients() {
		return commands().clientList()
			.lines()
			.filter((line) -> line.contains(" sub=") && !line.contains(" sub=0 "))
			.count();
	}

}
