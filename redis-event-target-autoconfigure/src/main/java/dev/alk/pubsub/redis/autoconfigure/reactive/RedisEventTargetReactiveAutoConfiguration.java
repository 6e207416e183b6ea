package dev.alk.pubsub.redis.autoconfigure.reactive;

import dev.alk.pubsub.TypedEventTarget;
import dev.alk.pubsub.reactive.ReactiveEventTarget;
import dev.alk.pubsub.redis.autoconfigure.RedisEventTargetAutoConfiguration;
import dev.alk.pubsub.redis.autoconfigure.RedisEventTargetProperties;
import reactor.core.publisher.Flux;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * {@link AutoConfiguration Auto-configuration} of a {@link ReactiveEventTarget} when
 * Reactor is on the classpath.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = RedisEventTargetAutoConfiguration.class)
@ConditionalOnClass(Flux.class)
@ConditionalOnBean(TypedEventTarget.class)
public final class RedisEventTargetReactiveAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ReactiveEventTarget reactiveEventTarget(TypedEventTarget target,
			ObjectProvider<RedisEventTargetProperties> properties) {
		int bufferSize = properties.getIfAvailable(RedisEventTargetProperties::new).getMaxQueuedEvents();
		return new ReactiveEventTarget(target, bufferSize);
	}

}
