package dev.alk.pubsub.test;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link TopologyExecutables}.
 */
class TopologyExecutablesTests {

	@AfterEach
	void clearBinaryProperty() {
		System.clearProperty(RedisExecutables.BINARY_PROPERTY);
	}

	@Test
	void reportsRedisOlderThanVersion7AsUnsupported() {
		System.setProperty(RedisExecutables.BINARY_PROPERTY, RedisExecutables.embedded().toString());
		assertThat(LocalRedisSentinel.isSupported()).isFalse();
		assertThat(LocalRedisSentinel.unsupportedReason()).hasValueSatisfying(
				(reason) -> assertThat(reason).contains(RedisExecutables.embedded().toString(), "version 7"));
		assertThat(LocalRedisCluster.isSupported()).isFalse();
		assertThatIllegalStateException().isThrownBy(LocalRedisSentinel::start).withMessageContaining("version 7");
		assertThatIllegalStateException().isThrownBy(LocalRedisCluster::start).withMessageContaining("version 7");
	}

	@Test
	void reportsMissingRedisAsUnsupported() {
		System.setProperty(RedisExecutables.BINARY_PROPERTY, "/no/such/redis-server");
		assertThat(LocalRedisSentinel.unsupportedReason())
			.hasValueSatisfying((reason) -> assertThat(reason).contains("/no/such/redis-server"));
		assertThat(LocalRedisCluster.unsupportedReason()).isEqualTo(LocalRedisSentinel.unsupportedReason());
	}

}
