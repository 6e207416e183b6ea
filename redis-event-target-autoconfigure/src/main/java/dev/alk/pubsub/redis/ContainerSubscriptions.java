package dev.alk.pubsub.redis;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;

/**
 * Classic {@code SUBSCRIBE} on a {@link RedisMessageListenerContainer}. Each call
 * registers its own {@link ChannelGroup}, and channels are removed with the group that
 * added them.
 */
final class ContainerSubscriptions implements ChannelSubscriptions {

	private static final Log logger = LogFactory.getLog(ContainerSubscriptions.class);

	private static final long IDLE_NANOS = TimeUnit.SECONDS.toNanos(60);

	private final RedisMessageListenerContainer container;

	private final ChannelRouter router;

	private final Map<String, ChannelGroup> groups = new HashMap<>();

	private final Set<String> removalFailed = new HashSet<>();

	ContainerSubscriptions(RedisMessageListenerContainer container, ChannelRouter router) {
		this.container = container;
		this.router = router;
	}

	@Override
	public void subscribe(List<String> channels) {
		if (!this.container.isRunning()) {
			this.container.start();
		}
		ChannelGroup group = new ChannelGroup(this.router);
		List<ChannelTopic> topics = topics(channels);
		try {
			this.container.addMessageListener(group, topics);
		}
		catch (RuntimeException ex) {
			forget(group, topics);
			throw ex;
		}
		channels.forEach((channel) -> this.groups.put(channel, group));
	}

	/**
	 * Remove channels with the group that added them, and ignore channels that are not
	 * subscribed. A channel whose removal failed before is added back for a moment with a
	 * group of its own: the driver may still hold it and subscribe it again on reconnect,
	 * while the container has forgotten it, so the unsubscribe has to go through the
	 * container again.
	 */
	@Override
	public void unsubscribe(List<String> channels) {
		Map<ChannelGroup, List<ChannelTopic>> byGroup = new LinkedHashMap<>();
		List<ChannelTopic> orphans = new ArrayList<>();
		for (String channel : channels) {
			ChannelGroup group = this.groups.remove(channel);
			if (group != null) {
				byGroup.computeIfAbsent(group, (key) -> new ArrayList<>()).add(ChannelTopic.of(channel));
			}
			else if (this.removalFailed.remove(channel)) {
				orphans.add(ChannelTopic.of(channel));
			}
		}
		try {
			if (!orphans.isEmpty()) {
				ChannelGroup group = new ChannelGroup(this.router);
				byGroup.put(group, orphans);
				this.container.addMessageListener(group, orphans);
			}
			byGroup.forEach(this.container::removeMessageListener);
		}
		catch (RuntimeException ex) {
			byGroup.values().forEach((topics) -> topics.forEach((topic) -> this.removalFailed.add(topic.getTopic())));
			throw ex;
		}
		logger.trace("Unsubscribed '%d' channels".formatted(channels.size()));
	}

	@Override
	public long maintain() {
		return IDLE_NANOS;
	}

	/**
	 * Return none: the container subscribes its channels again by itself after a lost
	 * connection.
	 */
	@Override
	public int dropped() {
		return 0;
	}

	/**
	 * Unsubscribe every channel, and leave the container running: it belongs to the
	 * application context.
	 */
	@Override
	public void close() {
		List<String> channels = new ArrayList<>(this.groups.keySet());
		channels.addAll(this.removalFailed);
		unsubscribe(channels);
	}

	private void forget(ChannelGroup group, List<ChannelTopic> topics) {
		try {
			this.container.removeMessageListener(group, topics);
		}
		catch (RuntimeException ex) {
			logger.debug("Releasing channels of a failed subscription failed", ex);
		}
	}

	private static List<ChannelTopic> topics(List<String> channels) {
		List<ChannelTopic> topics = new ArrayList<>(channels.size());
		channels.forEach((channel) -> topics.add(ChannelTopic.of(channel)));
		return topics;
	}

}
