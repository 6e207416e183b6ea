package dev.alk.pubsub.redis;

/**
 * Health of a {@link RedisEventTarget} at one moment.
 *
 * @param delivering whether a probe published on the target's own anchor channel came
 * back through its subscription within the timeout
 * @param topics topics that have listeners
 * @param unsubscribedTopics topics with listeners that Redis has not confirmed yet, and
 * sharded subscriptions that Redis dropped and that wait to be subscribed again
 * @param pendingChanges subscription changes waiting to be sent or retried
 * @since 0.1.0
 */
public record EventTargetHealth(boolean delivering, int topics, int unsubscribedTopics, int pendingChanges) {

	/**
	 * Return whether events reach the target's listeners: the probe came back and every
	 * topic with listeners is subscribed.
	 * @return whether the target is healthy
	 */
	public boolean isHealthy() {
		return this.delivering && this.unsubscribedTopics == 0;
	}

}
