package dev.alk.pubsub.redis.autoconfigure.metrics;

import java.util.List;

import dev.alk.pubsub.redis.RedisEventTarget;
import dev.alk.pubsub.redis.autoconfigure.RedisEventTargetAutoConfiguration;
import dev.alk.pubsub.redis.metrics.RedisEventTargetMetrics;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * {@link AutoConfiguration Auto-configuration} of the event target's Micrometer metrics.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = RedisEventTargetAutoConfiguration.class)
@ConditionalOnClass({ MeterRegistry.class, RedisEventTarget.class })
@ConditionalOnBean(RedisEventTarget.class)
public final class RedisEventTargetMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	RedisEventTargetMetrics redisEventTargetMetrics(RedisEventTarget target) {
		return new RedisEventTargetMetrics(target, List.of());
	}

}
