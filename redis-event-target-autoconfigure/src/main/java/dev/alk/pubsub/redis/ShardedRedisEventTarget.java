package dev.alk.pubsub.redis;

import dev.alk.pubsub.EventSerializer;
import dev.alk.pubsub.ListenerErrorHandler;
import io.lettuce.core.cluster.RedisClusterClient;
import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.core.RedisTemplate;

/**
 * {@link RedisEventTarget} on Redis 7 sharded pub/sub: events are published with
 * {@code SPUBLISH}, and each topic with listeners is subscribed with {@code SSUBSCRIBE}
 * on the master that owns the slot of its channel, so each message travels only within
 * its shard and adding masters adds capacity. Subscriptions follow their slots when a
 * master fails over or slots move. The contract, ordering, bounds and statistics are
 * those of classic mode.
 *
 * @since 0.2.0
 */
public class ShardedRedisEventTarget extends RedisEventTarget {

	/**
	 * Create a new event target in sharded mode.
	 * @param client the Lettuce client of the cluster to subscribe on; the target opens
	 * its own connections with it
	 * @param template the template to publish with, connected to the same cluster through
	 * Lettuce
	 * @param serializer the serializer of envelopes
	 * @param settings the settings
	 * @param errorHandler the handler of listener failures, or {@code null} to log them
	 */
	public ShardedRedisEventTarget(RedisClusterClient client, RedisTemplate<?, ?> template, EventSerializer serializer,
			RedisEventTargetSettings settings, @Nullable ListenerErrorHandler errorHandler) {
		super(template, true, serializer, settings, errorHandler, (router,
				maintainSoon) -> new ShardedSubscriptions(client, router, settings.subscribeTimeout(), maintainSoon));
	}

}
