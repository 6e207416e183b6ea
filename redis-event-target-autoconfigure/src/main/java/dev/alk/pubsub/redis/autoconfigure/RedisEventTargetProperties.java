package dev.alk.pubsub.redis.autoconfigure;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Configuration properties of the Redis event target.
 *
 * @since 0.1.0
 */
@ConfigurationProperties("alk.pubsub.redis")
public class RedisEventTargetProperties {

	/**
	 * Whether to auto-configure the Redis event target.
	 */
	private boolean enabled = true;

	/**
	 * Pub/sub mode: 'classic' (PUBLISH and SUBSCRIBE), or 'sharded' (SPUBLISH and
	 * SSUBSCRIBE, Redis 7 or later), which needs a Redis Cluster connection through
	 * Lettuce.
	 */
	private Mode mode = Mode.CLASSIC;

	/**
	 * Prefix of every channel, so that a channel is prefix + topic, such as
	 * 'alk:events:'.
	 */
	private String prefix = "";

	/**
	 * Serializer of envelopes: 'json', or the fully qualified name of a class that
	 * implements EventSerializer.
	 */
	private String serializer = "json";

	/**
	 * Time within which a publish completes or fails.
	 */
	private Duration publishTimeout = Duration.ofSeconds(5);

	/**
	 * Time within which a new subscription becomes ready or its readiness fails.
	 */
	private Duration subscribeTimeout = Duration.ofSeconds(5);

	/**
	 * Time that shutdown waits for unsubscribing and running listeners.
	 */
	private Duration shutdownTimeout = Duration.ofSeconds(5);

	/**
	 * Size above which an incoming message is dropped and counted as malformed.
	 */
	private DataSize maxMessageSize = DataSize.ofMegabytes(1);

	/**
	 * Number of events that may wait for the listeners of one topic before further events
	 * on that topic are dropped and counted.
	 */
	private int maxQueuedEvents = 10_000;

	/**
	 * Number of threads that deliver events to listeners.
	 */
	private int deliveryThreads = 16;

	/**
	 * Whether to call listeners on the Redis I/O thread instead of the delivery threads.
	 * Saves one thread hand-off per event; only for listeners that never block, since a
	 * slow listener then delays every topic.
	 */
	private boolean directDelivery;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public Mode getMode() {
		return this.mode;
	}

	public void setMode(Mode mode) {
		this.mode = mode;
	}

	public String getPrefix() {
		return this.prefix;
	}

	public void setPrefix(String prefix) {
		this.prefix = prefix;
	}

	public String getSerializer() {
		return this.serializer;
	}

	public void setSerializer(String serializer) {
		this.serializer = serializer;
	}

	public Duration getPublishTimeout() {
		return this.publishTimeout;
	}

	public void setPublishTimeout(Duration publishTimeout) {
		this.publishTimeout = publishTimeout;
	}

	public Duration getSubscribeTimeout() {
		return this.subscribeTimeout;
	}

	public void setSubscribeTimeout(Duration subscribeTimeout) {
		this.subscribeTimeout = subscribeTimeout;
	}

	public Duration getShutdownTimeout() {
		return this.shutdownTimeout;
	}

	public void setShutdownTimeout(Duration shutdownTimeout) {
		this.shutdownTimeout = shutdownTimeout;
	}

	public DataSize getMaxMessageSize() {
		return this.maxMessageSize;
	}

	public void setMaxMessageSize(DataSize maxMessageSize) {
		this.maxMessageSize = maxMessageSize;
	}

	public int getMaxQueuedEvents() {
		return this.maxQueuedEvents;
	}

	public void setMaxQueuedEvents(int maxQueuedEvents) {
		this.maxQueuedEvents = maxQueuedEvents;
	}

	public int getDeliveryThreads() {
		return this.deliveryThreads;
	}

	public void setDeliveryThreads(int deliveryThreads) {
		this.deliveryThreads = deliveryThreads;
	}

	public boolean isDirectDelivery() {
		return this.directDelivery;
	}

	public void setDirectDelivery(boolean directDelivery) {
		this.directDelivery = directDelivery;
	}

	/**
	 * Pub/sub mode of the event target.
	 */
	public enum Mode {

		/**
		 * {@code PUBLISH} and {@code SUBSCRIBE}: on a Redis Cluster, every message
		 * reaches every node.
		 */
		CLASSIC,

		/**
		 * {@code SPUBLISH} and {@code SSUBSCRIBE}: each message stays within the shard
		 * that owns the slot of its channel.
		 */
		SHARDED

	}

}
