package dev.alk.pubsub.redis.autoconfigure.metrics;

import dev.alk.pubsub.TypedEventTarget;
import dev.alk.pubsub.redis.autoconfigure.RedisEventTargetAutoConfiguration;
import dev.alk.pubsub.redis.metrics.RedisEventTargetMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

/**
 * Tests for {@link RedisEventTargetMetricsAutoConfiguration}.
 */
class RedisEventTargetMetricsAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class, JacksonAutoConfiguration.class,
				RedisEventTargetAutoConfiguration.class, RedisEventTargetMetricsAutoConfiguration.class))
		.withPropertyValues("spring.data.redis.port=1");

	@Test
	void bindsMetricsWhenMicrometerIsPresent() {
		this.contextRunner.run((context) -> assertThat(context).hasSingleBean(RedisEventTargetMetrics.class));
	}

	@Test
	void backsOffWithoutMicrometer() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(MeterRegistry.class))
			.run((context) -> assertThat(context).doesNotHaveBean(RedisEventTargetMetrics.class));
	}

	@Test
	void backsOffWhenTheUserDefinesTheTarget() {
		this.contextRunner.withBean(TypedEventTarget.class, () -> mock(TypedEventTarget.class))
			.run((context) -> assertThat(context).doesNotHaveBean(RedisEventTargetMetrics.class));
	}

}
