package dev.alk.pubsub.redis;

import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.connection.Message;
import org.springframework.data.redis.connection.MessageListener;
import org.springframework.data.redis.connection.SubscriptionListener;

/**
 * The listener that one coordinator pass registers with the container for the channels it
 * subscribes. The container keeps, for each listener, a copy-on-write set of its
 * channels; giving each pass its own listener keeps those sets small, so subscribing
 * stays linear in the number of channels. Every group routes through the one
 * {@link ChannelRouter}.
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
