package dev.alk.pubsub.redis.autoconfigure;

import java.time.Duration;

import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;

import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientOptionsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Turns on Lettuce's adaptive and periodic cluster topology refresh unless the
 * application configures topology refresh itself. Without it, a connection keeps sending
 * to a failed master long after its replica has taken over.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(ClusterClientOptions.class)
class ClusterTopologyRefreshConfiguration {

	static final Duration PERIOD = Duration.ofSeconds(10);

	static final Duration ADAPTIVE_TIMEOUT = Duration.ofSeconds(1);

	private static final String REFRESH_PROPERTIES = "spring.data.redis.lettuce.cluster.refresh.";

	@Bean
	LettuceClientOptionsBuilderCustomizer redisEventTargetClusterTopologyRefresh(Environment environment) {
		return (builder) -> {
			if (builder instanceof ClusterClientOptions.Builder cluster && !configuresRefresh(environment)) {
				cluster.topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
					.enableAllAdaptiveRefreshTriggers()
					.adaptiveRefreshTriggersTimeout(ADAPTIVE_TIMEOUT)
					.enablePeriodicRefresh(PERIOD)
					.build());
			}
		};
	}

	private static boolean configuresRefresh(Environment environment) {
		return environment.containsProperty(REFRESH_PROPERTIES + "adaptive")
				|| environment.containsProperty(REFRESH_PROPERTIES + "period");
	}

}
