package dev.alk.pubsub.redis.autoconfigure.health;

import java.time.Duration;

import dev.alk.pubsub.redis.RedisEventTarget;
import dev.alk.pubsub.redis.autoconfigure.RedisEventTargetAutoConfiguration;
import dev.alk.pubsub.redis.health.RedisEventTargetHealthIndicator;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * {@link AutoConfiguration Auto-configuration} of the event target's health indicator,
 * {@code redisEventTarget}, turned off with
 * {@code management.health.redis-event-target.enabled=false}.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = RedisEventTargetAutoConfiguration.class)
@ConditionalOnClass({ AbstractHealthIndicator.class, RedisEventTarget.class })
@ConditionalOnBean(RedisEventTarget.class)
@ConditionalOnEnabledHealthIndicator("redis-event-target")
public final class RedisEventTargetHealthAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "redisEventTargetHealthIndicator")
	RedisEventTargetHealthIndicator redisEventTargetHealthIndicator(RedisEventTarget target) {
		return new RedisEventTargetHealthIndicator(target, Duration.ofSeconds(1));
	}

}
