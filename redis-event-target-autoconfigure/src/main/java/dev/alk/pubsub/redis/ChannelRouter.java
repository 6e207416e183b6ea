package dev.alk.pubsub.redis;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.connection.Message;
import org.springframework.data.redis.connection.MessageListener;
import org.springframework.data.redis.connection.SubscriptionListener;

/**
 * Routes each message that the event target receives to its topic's queue and records
 * subscription confirmations. Runs on the thread that reads the message, so it never
 * blocks, unless direct delivery calls the listeners right there. Thread-safe.
 */
final class ChannelRouter implements MessageListener, SubscriptionListener {

	private static final Log logger = LogFactory.getLog(ChannelRouter.class);

	private final String prefix;

	private final Map<String, TopicState> topics;

	private final EventDelivery delivery;

	private final EventCounters counters;

	private final int maxMessageBytes;

	private final boolean directDelivery;

	private final RateLimitedLog overflowLog = new RateLimitedLog(logger);

	private final String anchorChannel;

	private final Map<String, CompletableFuture<Void>> probes = new ConcurrentHashMap<>();

	ChannelRouter(RedisEventTargetSettings settings, String anchorChannel, Map<String, TopicState> topics,
			EventDelivery delivery, EventCounters counters) {
		this.anchorChannel = anchorChannel;
		this.prefix = settings.prefix();
		this.topics = topics;
		this.delivery = delivery;
		this.counters = counters;
		this.maxMessageBytes = settings.maxMessageBytes();
		this.directDelivery = settings.directDelivery();
	}

	@Override
	public void onMessage(Message message, byte @Nullable [] pattern) {
		route(new String(message.getChannel(), StandardCharsets.UTF_8), message.getBody());
	}

	/**
	 * Route a message that arrived on a channel.
	 * @param channel the channel
	 * @param body the message
	 */
	void route(String channel, byte[] body) {
		this.counters.received.increment();
		TopicState topic = topicOf(channel);
		if (topic == null || topic.hasNoListeners()) {
			if (!channel.equals(this.anchorChannel) || !answerProbe(body)) {
				this.counters.unrouted.increment();
			}
			return;
		}
		if (body.length > this.maxMessageBytes) {
			this.delivery.dropMalformed(channel,
					"message of %d bytes exceeds the limit of %d bytes".formatted(body.length, this.maxMessageBytes));
		}
		else if (this.directDelivery) {
			this.delivery.deliver(topic, body);
		}
		else if (!topic.enqueue(body)) {
			this.counters.overflowDropped.increment();
			this.overflowLog.warn(() -> "Dropped event on channel '%s': more than %d events wait for its listeners"
				.formatted(channel, this.delivery.maxQueuedEvents()));
		}
	}

	/**
	 * Count a message that arrived where its channel is no longer subscribed, such as a
	 * shard that gave its slot away.
	 */
	void discard() {
		this.counters.received.increment();
		this.counters.unrouted.increment();
	}

	@Override
	public void onChannelSubscribed(byte[] channel, long count) {
		TopicState topic = topicOf(new String(channel, StandardCharsets.UTF_8));
		if (topic != null && !topic.hasNoListeners()) {
			topic.markSubscribed();
		}
	}

	String anchorChannel() {
		return this.anchorChannel;
	}

	/**
	 * Expect a probe message on the anchor channel.
	 * @param probe the probe message
	 * @return a future that completes when the probe arrives
	 */
	CompletableFuture<Void> expectProbe(String probe) {
		CompletableFuture<Void> arrival = new CompletableFuture<>();
		this.probes.put(probe, arrival);
		arrival.whenComplete((done, failure) -> this.probes.remove(probe));
		return arrival;
	}

	private boolean answerProbe(byte[] body) {
		CompletableFuture<Void> arrival = this.probes.get(new String(body, StandardCharsets.UTF_8));
		return arrival != null && arrival.complete(null);
	}

	private @Nullable TopicState topicOf(String channel) {
		return channel.startsWith(this.prefix) ? this.topics.get(channel.substring(this.prefix.length())) : null;
	}

}
