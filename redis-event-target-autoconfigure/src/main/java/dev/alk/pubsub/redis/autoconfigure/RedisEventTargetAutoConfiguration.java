package dev.alk.pubsub.redis.autoconfigure;

import java.util.concurrent.Executor;

import dev.alk.pubsub.EventSerializer;
import dev.alk.pubsub.JacksonEventSerializer;
import dev.alk.pubsub.ListenerErrorHandler;
import dev.alk.pubsub.TypedEventTarget;
import dev.alk.pubsub.redis.RedisEventTarget;
import dev.alk.pubsub.redis.RedisEventTargetSettings;
import dev.alk.pubsub.redis.autoconfigure.RedisEventTargetProperties.Mode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.BeanUtils;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.config.AutowireCapableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;
import org.springframework.util.ClassUtils;

/**
 * {@link AutoConfiguration Auto-configuration} of a {@link TypedEventTarget} on the
 * application's Redis connection.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = { DataRedisAutoConfiguration.class, JacksonAutoConfiguration.class })
@ConditionalOnClass({ RedisConnectionFactory.class, RedisMessageListenerContainer.class })
@ConditionalOnBean(RedisConnectionFactory.class)
@ConditionalOnBooleanProperty(name = "alk.pubsub.redis.enabled", matchIfMissing = true)
@EnableConfigurationProperties(RedisEventTargetProperties.class)
@Import(ClusterTopologyRefreshConfiguration.class)
public final class RedisEventTargetAutoConfiguration {

	/**
	 * Name of the listener container bean that the event target subscribes on.
	 */
	public static final String LISTENER_CONTAINER_BEAN_NAME = "redisEventTargetListenerContainer";

	/**
	 * Name of the template bean that the event target publishes with.
	 */
	public static final String TEMPLATE_BEAN_NAME = "redisEventTargetTemplate";

	private static final String SERIALIZER_PROPERTY = "alk.pubsub.redis.serializer";

	private static final String MODE_PROPERTY = "alk.pubsub.redis.mode";

	private static final boolean LETTUCE_PRESENT = ClassUtils.isPresent("io.lettuce.core.cluster.RedisClusterClient",
			RedisEventTargetAutoConfiguration.class.getClassLoader());

	@Bean
	@ConditionalOnMissingBean
	EventSerializer redisEventSerializer(RedisEventTargetProperties properties, ObjectProvider<JsonMapper> jsonMapper,
			AutowireCapableBeanFactory beanFactory) {
		String serializer = properties.getSerializer().strip();
		if ("json".equalsIgnoreCase(serializer)) {
			return new JacksonEventSerializer(jsonMapper.getIfAvailable(JsonMapper::shared));
		}
		return customSerializer(serializer, beanFactory);
	}

	@Bean(name = LISTENER_CONTAINER_BEAN_NAME)
	@ConditionalOnMissingBean(name = LISTENER_CONTAINER_BEAN_NAME)
	@ConditionalOnProperty(name = "alk.pubsub.redis.mode", havingValue = "classic", matchIfMissing = true)
	RedisMessageListenerContainer redisEventTargetListenerContainer(RedisConnectionFactory connectionFactory) {
		RedisMessageListenerContainer container = new RedisMessageListenerContainer();
		container.setConnectionFactory(connectionFactory);
		container.setTaskExecutor(directExecutor());
		container.setSubscriptionExecutor(new SimpleAsyncTaskExecutor("redis-event-target-subscriber-"));
		return container;
	}

	@Bean(name = TEMPLATE_BEAN_NAME)
	@ConditionalOnMissingBean(name = TEMPLATE_BEAN_NAME)
	StringRedisTemplate redisEventTargetTemplate(RedisConnectionFactory connectionFactory) {
		return new StringRedisTemplate(connectionFactory);
	}

	@Bean
	@ConditionalOnMissingBean(TypedEventTarget.class)
	RedisEventTarget redisEventTarget(
			@Qualifier(LISTENER_CONTAINER_BEAN_NAME) ObjectProvider<RedisMessageListenerContainer> listenerContainer,
			@Qualifier(TEMPLATE_BEAN_NAME) StringRedisTemplate template, EventSerializer serializer,
			RedisEventTargetProperties properties, ObjectProvider<ListenerErrorHandler> errorHandler) {
		RedisEventTargetSettings settings = settings(properties);
		if (properties.getMode() == Mode.SHARDED) {
			if (!LETTUCE_PRESENT) {
				throw shardedModeNeedsCluster();
			}
			return ShardedEventTargets.create(template, serializer, settings, errorHandler.getIfUnique());
		}
		return new RedisEventTarget(listenerContainer.getObject(), template, serializer, settings,
				errorHandler.getIfUnique());
	}

	static InvalidConfigurationPropertyValueException shardedModeNeedsCluster() {
		return new InvalidConfigurationPropertyValueException(MODE_PROPERTY, "sharded",
				"Sharded pub/sub needs a Redis Cluster connection through Lettuce. Configure "
						+ "'spring.data.redis.cluster.nodes' with the Lettuce client, or set '" + MODE_PROPERTY
						+ "' to 'classic'.");
	}

	private static RedisEventTargetSettings settings(RedisEventTargetProperties properties) {
		return new RedisEventTargetSettings(properties.getPrefix(), properties.getPublishTimeout(),
				properties.getSubscribeTimeout(), properties.getShutdownTimeout(),
				Math.toIntExact(properties.getMaxMessageSize().toBytes()), properties.getMaxQueuedEvents(),
				properties.getDeliveryThreads(), properties.isDirectDelivery());
	}

	private static EventSerializer customSerializer(String className, AutowireCapableBeanFactory beanFactory) {
		Class<?> type;
		try {
			type = ClassUtils.forName(className, RedisEventTargetAutoConfiguration.class.getClassLoader());
		}
		catch (ClassNotFoundException | LinkageError ex) {
			throw new InvalidConfigurationPropertyValueException(SERIALIZER_PROPERTY, className,
					"Use 'json' or the name of a class on the classpath that implements EventSerializer");
		}
		if (!EventSerializer.class.isAssignableFrom(type)) {
			throw new InvalidConfigurationPropertyValueException(SERIALIZER_PROPERTY, className,
					"The class does not implement " + EventSerializer.class.getName());
		}
		return (EventSerializer) beanFactory.createBean(type);
	}

	private static Executor directExecutor() {
		return Runnable::run;
	}

}
