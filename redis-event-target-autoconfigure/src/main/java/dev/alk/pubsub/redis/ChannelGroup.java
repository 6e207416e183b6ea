package dev.alk.pubsub.redis;

import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.connection.Message;
import org.springframework.data.redis.connection.MessageListener;
import org.springframework.data.redis.connection.SubscriptionListener;

/**
 * A listener that {@link ContainerSubscriptions} registers with the container for a
 * bounded group of channels. Every group routes through the one {@link ChannelRouter}.
 */
final class ChannelGroup implements MessageListener, SubscriptionListener {

	private final ChannelRouter router;

	ChannelGroup(ChannelRouter router) {
		this.router = router;
	}

	@Override
	public void onMessage(Message message, byte @Nullable [] pattern) {
		this.router.onMessage(message, pattern);
	}

	@Override
	public void onChannelSubscribed(byte[] channel, long count) {
		this.router.onChannelSubscribed(channel, count);
	}

}
