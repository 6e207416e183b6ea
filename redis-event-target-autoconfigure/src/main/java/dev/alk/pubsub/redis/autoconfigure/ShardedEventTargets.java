package dev.alk.pubsub.redis.autoconfigure;

import dev.alk.pubsub.EventSerializer;
import dev.alk.pubsub.ListenerErrorHandler;
import dev.alk.pubsub.redis.RedisEventTarget;
import dev.alk.pubsub.redis.RedisEventTargetSettings;
import dev.alk.pubsub.redis.ShardedRedisEventTarget;
import io.lettuce.core.cluster.RedisClusterClient;
import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.RedisTemplate;

/**
 * Creates the event target of sharded mode from the application's Lettuce cluster
 * connection. Kept apart so that classic mode never loads Lettuce.
 */
final class ShardedEventTargets {

	private ShardedEventTargets() {
	}

	static RedisEventTarget create(RedisTemplate<?, ?> template, EventSerializer serializer,
			RedisEventTargetSettings settings, @Nullable ListenerErrorHandler errorHandler) {
		RedisConnectionFactory connectionFactory = template.getRequiredConnectionFactory();
		if (connectionFactory instanceof LettuceConnectionFactory lettuce && lettuce.isClusterAware()
				&& lettuce.getRequiredNativeClient() instanceof RedisClusterClient client) {
			return new ShardedRedisEventTarget(client, template, serializer, settings, errorHandler);
		}
		throw RedisEventTargetAutoConfiguration.shardedModeNeedsCluster();
	}

}
