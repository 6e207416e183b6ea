package dev.alk.pubsub.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.alk.pubsub.EventSerializer;
import dev.alk.pubsub.JacksonEventSerializer;
import dev.alk.pubsub.ListenerErrorHandler;
import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;

/**
 * A {@link RedisEventTarget} wired by hand on a real Redis, plus a raw Lettuce connection
 * to observe and drive the server.
 */
final class TargetFixture implements AutoCloseable {

	final LettuceConnectionFactory connectionFactory;

	final RedisMessageListenerContainer container;

	final RedisEventTarget target;

	private final RedisClient rawClient;

	private @Nullable StatefulRedisConnection<String, String> rawConnection;

	private TargetFixture(int port, RedisEventTargetSettings settings, EventSerializer serializer,
			@Nullable ListenerErrorHandler errorHandler) {
		LettuceClientConfiguration clientConfiguration = LettuceClientConfiguration.builder()
			.commandTimeout(Duration.ofSeconds(2))
			.build();
		this.connectionFactory = new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", port),
				clientConfiguration);
		this.connectionFactory.afterPropertiesSet();
		this.connectionFactory.start();
		this.container = new RedisMessageListenerContainer();
		this.container.setConnectionFactory(this.connectionFactory);
		this.container.setTaskExecutor(Runnable::run);
		this.container.afterPropertiesSet();
		this.container.start();
		StringRedisTemplate template = new StringRedisTemplate(this.connectionFactory);
		this.target = new RedisEventTarget(this.container, template, serializer, settings, errorHandler);
		this.target.start();
		this.rawClient = RedisClient.create(RedisURI.create("127.0.0.1", port));
	}

	static TargetFixture start(int port) {
		return start(port, RedisEventTargetSettings.defaults());
	}

	static TargetFixture start(int port, RedisEventTargetSettings settings) {
		return new TargetFixture(port, settings, new JacksonEventSerializer(), null);
	}

	static TargetFixture start(int port, RedisEventTargetSettings settings, EventSerializer serializer,
			@Nullable ListenerErrorHandler errorHandler) {
		return new TargetFixture(port, settings, serializer, errorHandler);
	}

	long publishBytes(String channel, byte[] body) {
		return publishAll(channel, List.of(body));
	}

	long publishAll(String channel, List<byte[]> bodies) {
		byte[] name = channel.getBytes(StandardCharsets.UTF_8);
		try (StatefulRedisConnection<byte[], byte[]> connection = this.rawClient.connect(ByteArrayCodec.INSTANCE)) {
			List<RedisFuture<Long>> replies = bodies.stream()
				.map((body) -> connection.async().publish(name, body))
				.toList();
			LettuceFutures.awaitAll(Duration.ofSeconds(30), replies.toArray(RedisFuture[]::new));
			return replies.stream().mapToLong((reply) -> reply.toCompletableFuture().join()).sum();
		}
	}

	/**
	 * Block the calling listener until the latch opens, bounded so a failed test cannot
	 * leave a delivery thread blocked forever.
	 * @param latch the latch to wait for
	 */
	static void block(CountDownLatch latch) {
		try {
			latch.await(60, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	synchronized RedisCommands<String, String> raw() {
		if (this.rawConnection == null) {
			this.rawConnection = this.rawClient.connect();
		}
		return this.rawConnection.sync();
	}

	long subscribers(String channel) {
		Map<String, Long> counts = raw().pubsubNumsub(channel);
		return counts.getOrDefault(channel, 0L);
	}

	List<String> eventTargetChannels() {
		return raw().pubsubChannels()
			.stream()
			.filter((channel) -> !channel.contains("redis-event-target:anchor:"))
			.toList();
	}

	long commandCalls(String command) {
		String stats = raw().info("commandstats");
		String marker = "cmdstat_" + command + ":calls=";
		int at = stats.indexOf(marker);
		if (at < 0) {
			return 0;
		}
		int end = stats.indexOf(',', at);
		return Long.parseLong(stats.substring(at + marker.length(), end));
	}

	@Override
	public void close() {
		this.target.stop();
		this.container.stop();
		this.connectionFactory.destroy();
		if (this.rawConnection != null) {
			this.rawConnection.close();
		}
		this.rawClient.shutdown(Duration.ZERO, Duration.ofSeconds(2));
	}

}
