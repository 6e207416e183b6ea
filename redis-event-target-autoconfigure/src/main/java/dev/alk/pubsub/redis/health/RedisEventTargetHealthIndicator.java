package dev.alk.pubsub.redis.health;

import java.time.Duration;

import dev.alk.pubsub.redis.EventTargetHealth;
import dev.alk.pubsub.redis.RedisEventTarget;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Health indicator of a {@link RedisEventTarget}: down while a probe published on the
 * target's own channel does not come back through its subscription, or while topics wait
 * to be subscribed again.
 *
 * @since 0.1.0
 */
public class RedisEventTargetHealthIndicator extends AbstractHealthIndicator {

	private final RedisEventTarget target;

	private final Duration timeout;

	/**
	 * Create a health indicator.
	 * @param target the event target
	 * @param timeout the longest time to wait for the probe
	 */
	public RedisEventTargetHealthIndicator(RedisEventTarget target, Duration timeout) {
		super("Redis event target health check failed");
		this.target = target;
		this.timeout = timeout;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		EventTargetHealth health = this.target.health(this.timeout);
		(health.isHealthy() ? builder.up() : builder.down()).withDetail("delivering", health.delivering())
			.withDetail("topics", health.topics())
			.withDetail("unsubscribedTopics", health.unsubscribedTopics())
			.withDetail("pendingChanges", health.pendingChanges());
	}

}
