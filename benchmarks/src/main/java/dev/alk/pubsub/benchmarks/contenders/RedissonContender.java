package dev.alk.pubsub.benchmarks.contenders;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.redisson.Redisson;
import org.redisson.api.RFuture;
import org.redisson.api.RTopic;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.Config;

/**
 * Redisson {@link RTopic} with a string codec and Redisson's defaults.
 */
public final class RedissonContender implements Contender {

	private final RedissonClient client;

	public RedissonContender(int port) {
		Config config = new Config();
		config.useSingleServer().setAddress("redis://127.0.0.1:" + port);
		this.client = Redisson.create(config);
	}

	@Override
	public Listening listen(String name, Consumer<Object> listener) {
		RTopic topic = this.client.getTopic(name, StringCodec.INSTANCE);
		RFuture<Integer> id = topic.addListenerAsync(String.class, (channel, message) -> listener.accept(message));
		CompletableFuture<Integer> ready = id.toCompletableFuture();
		return new Listening() {

			@Override
			public CompletableFuture<?> ready() {
				return ready;
			}

			@Override
			public void close() {
				ready.thenAccept(topic::removeListenerAsync);
			}

		};
	}

	@Override
	public CompletableFuture<?> publish(String topic) {
		return this.client.getTopic(topic, StringCodec.INSTANCE)
			.publishAsync(Payloads.message(topic))
			.toCompletableFuture();
	}

	@Override
	public void publishAndWait(String topic) {
		this.client.getTopic(topic, StringCodec.INSTANCE).publish(Payloads.message(topic));
	}

	@Override
	public void close() {
		this.client.shutdown(0, 2, TimeUnit.SECONDS);
	}

}
