package dev.alk.pubsub.redis.autoconfigure.health;

import dev.alk.pubsub.redis.autoconfigure.RedisEventTargetAutoConfiguration;
import dev.alk.pubsub.redis.health.RedisEventTargetHealthIndicator;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link RedisEventTargetHealthAutoConfiguration}.
 */
class RedisEventTargetHealthAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class, JacksonAutoConfiguration.class,
				RedisEventTargetAutoConfiguration.class, RedisEventTargetHealthAutoConfiguration.class))
		.withPropertyValues("spring.data.redis.port=1");

	@Test
	void createsTheHealthIndicator() {
		this.contextRunner.run((context) -> assertThat(context).hasSingleBean(RedisEventTargetHealthIndicator.class)
			.hasBean("redisEventTargetHealthIndicator"));
	}

	@Test
	void backsOffWhenDisabled() {
		this.contextRunner.withPropertyValues("management.health.redis-event-target.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(RedisEventTargetHealthIndicator.class));
	}

	@Test
	void backsOffWithoutSpringBootHealth() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(AbstractHealthIndicator.class))
			.run((context) -> assertThat(context).doesNotHaveBean(RedisEventTargetHealthIndicator.class));
	}

}
