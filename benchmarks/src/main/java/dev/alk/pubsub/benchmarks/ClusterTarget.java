package dev.alk.pubsub.benchmarks;

import java.util.List;

import dev.alk.pubsub.EventSerializer;
import dev.alk.pubsub.JacksonEventSerializer;
import dev.alk.pubsub.TypedEventTarget;
import dev.alk.pubsub.redis.RedisEventTarget;
import dev.alk.pubsub.redis.RedisEventTargetSettings;
import dev.alk.pubsub.redis.ShardedRedisEventTarget;
import io.lettuce.core.cluster.RedisClusterClient;
import org.jspecify.annotations.Nullable;

import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.data.redis.connection.RedisClusterConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;

/**
 * An event target on a Redis Cluster, in classic or sharded mode, with a Lettuce
 * connection factory of its own, as one application instance would have. Classic mode
 * subscribes on a listener container configured like the auto-configuration's. Started
 * when created; closing it stops the target, then its container and connections.
 */
final class ClusterTarget implements AutoCloseable {

	private static final EventSerializer serializer = new JacksonEventSerializer();

	private final LettuceConnectionFactory connectionFactory;

	private final @Nullable RedisMessageListenerContainer container;

	private final RedisEventTarget target;

	/**
	 * Connect an event target to a cluster.
	 * @param nodes the addresses of the cluster's nodes, {@code host:port}
	 * @param sharded whether to use sharded pub/sub instead of classic pub/sub
	 * @param settings the settings of the target
	 */
	ClusterTarget(List<String> nodes, boolean sharded, RedisEventTargetSettings settings) {
		this.connectionFactory = new LettuceConnectionFactory(new RedisClusterConfiguration(nodes));
		this.connectionFactory.afterPropertiesSet();
		this.connectionFactory.start();
		StringRedisTemplate template = new StringRedisTemplate(this.connectionFactory);
		if (sharded) {
			this.container = null;
			RedisClusterClient client = (RedisClusterClient) this.connectionFactory.getRequiredNativeClient();
			this.target = new ShardedRedisEventTarget(client, template, serializer, settings, null);
		}
		else {
			this.container = container(this.connectionFactory);
			this.target = new RedisEventTarget(this.container, template, serializer, settings, null);
		}
		this.target.start();
	}

	TypedEventTarget target() {
		return this.target;
	}

	@Override
	public void close() {
		this.target.close();
		if (this.container != null) {
			this.container.stop();
		}
		this.connectionFactory.destroy();
	}

	private static RedisMessageListenerContainer container(LettuceConnectionFactory connectionFactory) {
		RedisMessageListenerContainer container = new RedisMessageListenerContainer();
		container.setConnectionFactory(connectionFactory);
		container.setTaskExecutor(Runnable::run);
		container.setSubscriptionExecutor(new SimpleAsyncTaskExecutor("redis-event-target-subscriber-"));
		container.afterPropertiesSet();
		return container;
	}

}
