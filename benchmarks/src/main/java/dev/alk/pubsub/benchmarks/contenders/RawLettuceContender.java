package dev.alk.pubsub.benchmarks.contenders;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;

/**
 * Hand-written pub/sub on Lettuce: one subscription connection, per-topic listener lists
 * whose first entry subscribes and whose last leaves unsubscribes, listeners called on
 * the event loop. The floor the others are measured against.
 */
public final class RawLettuceContender implements Contender {

	private final RedisClient client;

	private final StatefulRedisConnection<String, String> publisher;

	private final StatefulRedisPubSubConnection<String, String> subscriber;

	private final Map<String, Topic> topics = new ConcurrentHashMap<>();

	public RawLettuceContender(int port) {
		this.client = RedisClient.create(RedisURI.create("127.0.0.1", port));
		this.publisher = this.client.connect();
		this.subscriber = this.client.connectPubSub();
		this.subscriber.addListener(new RedisPubSubAdapter<>() {

			@Override
			public void message(String channel, String message) {
				Topic topic = RawLettuceContender.this.topics.get(channel);
				if (topic != null) {
					topic.listeners.forEach((listener) -> listener.accept(message));
				}
			}

		});
	}

	@Override
	public Listening listen(String name, Consumer<Object> listener) {
		Topic topic = this.topics.compute(name, (key, current) -> {
			Topic state = (current != null) ? current
					: new Topic(this.subscriber.async().subscribe(key).toCompletableFuture());
			state.listeners.add(listener);
			return state;
		});
		return new Listening() {

			@Override
			public CompletableFuture<?> ready() {
				return topic.subscribed;
			}

			@Override
			public void close() {
				RawLettuceContender.this.topics.computeIfPresent(name, (key, state) -> {
					state.listeners.remove(listener);
					if (state.listeners.isEmpty()) {
						RawLettuceContender.this.subscriber.async().unsubscribe(key);
						return null;
					}
					return state;
				});
			}

		};
	}

	@Override
	public CompletableFuture<?> publish(String topic) {
		return this.publisher.async().publish(topic, Payloads.message(topic)).toCompletableFuture();
	}

	@Override
	public void publishAndWait(String topic) {
		this.publisher.sync().publish(topic, Payloads.message(topic));
	}

	@Override
	public void close() {
		this.subscriber.close();
		this.publisher.close();
		this.client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
	}

	private record Topic(CompletableFuture<?> subscribed, List<Consumer<Object>> listeners) {

		Topic(CompletableFuture<?> subscribed) {
			this(subscribed, new CopyOnWriteArrayList<>());
		}

	}

}
