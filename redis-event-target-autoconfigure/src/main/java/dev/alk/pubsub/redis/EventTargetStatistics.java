package dev.alk.pubsub.redis;

/**
 * Snapshot of what a {@link RedisEventTarget} has done since it was created.
 *
 * @param published events published successfully
 * @param publishFailures publishes that failed or timed out
 * @param received messages received on subscribed channels
 * @param delivered events handed to listeners, counted once per listener
 * @param malformed messages dropped because they could not be read
 * @param listenerFailures listener calls that threw
 * @param overflowDropped events dropped because their topic's queue was full
 * @param unrouted messages that arrived for a topic with no listener left, or from a
 * shard that no longer serves their channel
 * @param topics topics that have listeners now
 * @param listeners listeners registered now
 * @since 0.1.0
 */
public record EventTargetStatistics(long published, long publishFailures, long received, long delivered, long malformed,
		long listenerFailures, long overflowDropped, long unrouted, int topics, int listeners) {

}
