package dev.alk.pubsub.redis;

import java.time.Duration;

import org.springframework.util.Assert;

/**
 * Settings of a {@link RedisEventTarget}.
 *
 * @param prefix prefix of every channel, so that a channel is prefix + topic
 * @param publishTimeout time within which a publish completes or fails
 * @param subscribeTimeout time within which a subscription becomes ready or its readiness
 * fails
 * @param shutdownTimeout time that closing waits for pending work
 * @param maxMessageBytes size above which an incoming message is dropped
 * @param maxQueuedEvents number of events that may wait for delivery on one topic before
 * further events on it are dropped
 * @param deliveryThreads number of threads that deliver events to listeners
 * @param directDelivery whether listeners are called on the connection's I/O thread
 * instead of the delivery threads: one thread hand-off less per event, for listeners that
 * never block; a slow listener then delays every topic and the queue bound does not apply
 * @since 0.1.0
 */
public record RedisEventTargetSettings(String prefix, Duration publishTimeout, Duration subscribeTimeout,
		Duration shutdownTimeout, int maxMessageBytes, int maxQueuedEvents, int deliveryThreads,
		boolean directDelivery) {

	public RedisEventTargetSettings {
		Assert.notNull(prefix, "Prefix must not be null");
		Assert.isTrue(!publishTimeout.isNegative() && !publishTimeout.isZero(), "Publish timeout must be positive");
		Assert.isTrue(!subscribeTimeout.isNegative() && !subscribeTimeout.isZero(),
				"Subscribe timeout must be positive");
		Assert.isTrue(!shutdownTimeout.isNegative(), "Shutdown timeout must not be negative");
		Assert.isTrue(maxMessageBytes > 0, "Maximum message size must be positive");
		Assert.isTrue(maxQueuedEvents > 0, "Maximum queued events must be positive");
		Assert.isTrue(deliveryThreads > 0, "Delivery threads must be positive");
	}

	/**
	 * Return the default settings: no prefix, 5 s timeouts, 1 MiB messages, 10,000 queued
	 * events per topic and 16 delivery threads.
	 * @return the default settings
	 */
	public static RedisEventTargetSettings defaults() {
		return new RedisEventTargetSettings("", Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(5),
				1024 * 1024, 10_000, 16, false);
	}

	public RedisEventTargetSettings withPrefix(String prefix) {
		return new RedisEventTargetSettings(prefix, this.publishTimeout, this.subscribeTimeout, this.shutdownTimeout,
				this.maxMessageBytes, this.maxQueuedEvents, this.deliveryThreads, this.directDelivery);
	}

	public RedisEventTargetSettings withTimeouts(Duration publishTimeout, Duration subscribeTimeout) {
		return new RedisEventTargetSettings(this.prefix, publishTimeout, subscribeTimeout, this.shutdownTimeout,
				this.maxMessageBytes, this.maxQueuedEvents, this.deliveryThreads, this.directDelivery);
	}

	public RedisEventTargetSettings withDirectDelivery(boolean directDelivery) {
		return new RedisEventTargetSettings(this.prefix, this.publishTimeout, this.subscribeTimeout,
				this.shutdownTimeout, this.maxMessageBytes, this.maxQueuedEvents, this.deliveryThreads, directDelivery);
	}

	public RedisEventTargetSettings withLimits(int maxMessageBytes, int maxQueuedEvents) {
		return new RedisEventTargetSettings(this.prefix, this.publishTimeout, this.subscribeTimeout,
				this.shutdownTimeout, maxMessageBytes, maxQueuedEvents, this.deliveryThreads, this.directDelivery);
	}

}
