package dev.alk.pubsub.redis;

import java.util.List;

/**
 * Where the {@link SubscriptionCoordinator} subscribes channels: the listener container
 * in classic mode, or the connections to the cluster's shards in sharded mode. Called
 * only from the coordinator's thread; every method may block until Redis answers.
 */
interface ChannelSubscriptions {

	/**
	 * Subscribe channels and wait until Redis confirms them.
	 * @param channels the channels
	 * @throws RuntimeException if not every channel was confirmed; the coordinator calls
	 * again later with the same channels
	 */
	void subscribe(List<String> channels);

	/**
	 * Unsubscribe channels, ignoring those that are not subscribed.
	 * @param channels the channels
	 * @throws RuntimeException if unsubscribing failed; the coordinator calls again later
	 * with the same channels
	 */
	void unsubscribe(List<String> channels);

	/**
	 * Repair subscriptions that Redis dropped on its own, such as those of a moved slot.
	 * @return nanoseconds until this should be called again
	 */
	long maintain();

	/**
	 * Return how many subscribed channels Redis dropped on its own and wait to be
	 * subscribed again. Thread-safe.
	 * @return the number of channels
	 */
	int dropped();

	/**
	 * Unsubscribe every channel and release what these subscriptions hold.
	 * @throws RuntimeException if unsubscribing failed
	 */
	void close();

}
