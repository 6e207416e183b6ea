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
import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;

/**
 * Classic {@code SUBSCRIBE} on a {@link RedisMessageListenerContainer}. Channels are
 * added under a {@link ChannelGroup} that takes channels until it has taken
 * {@value #GROUP_CAPACITY}, and removed with the group that added them. The container
 * sends one {@code UNSUBSCRIBE} per group removal and waits for it, so channels added one
 * at a time still leave together; the bound keeps the container's copy-on-write set of
 * each group small.
 */
final class ContainerSubscriptions implements ChannelSubscriptions {

	private static final Log logger = LogFactory.getLog(ContainerSubscriptions.class);

	private static final long IDLE_NANOS = TimeUnit.SECONDS.toNanos(60);

	private static final int GROUP_CAPACITY = 1024;

	private final RedisMessageListenerContainer container;

	private final ChannelRouter router;

	private final Map<String, ChannelGroup> groups = new HashMap<>();

	private final Set<String> removalFailed = new HashSet<>();

	private @Nullable ChannelGroup filling;

	private int filled;

	ContainerSubscriptions(RedisMessageListenerContainer container, ChannelRouter router) {
		this.container = container;
		this.router = router;
	}

	@Override
	public void subscribe(List<String> channels) {
		if (!this.container.isRunning()) {
			this.container.start();
		}
		ChannelGroup group = groupFor(channels.size());
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

	private ChannelGroup groupFor(int channels) {
		if (this.filling == null || this.filled + channels > GROUP_CAPACITY) {
			this.filling = new ChannelGroup(this.router);
			this.filled = 0;
		}
		this.filled += channels;
		return this.filling;
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
