package dev.alk.pubsub.redis.metrics;

import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

import dev.alk.pubsub.redis.EventTargetStatistics;
import dev.alk.pubsub.redis.RedisEventTarget;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * {@link MeterBinder} for a {@link RedisEventTarget}: counters of what it published,
 * received, delivered and dropped, gauges of its live topics and listeners, and a timer
 * of how long new topics take to become ready. Topics are never tags: there can be
 * millions of them.
 *
 * @since 0.1.0
 */
public class RedisEventTargetMetrics implements MeterBinder {

	private final RedisEventTarget target;

	private final Tags tags;

	/**
	 * Create the metrics of the given target.
	 * @param target the event target
	 * @param tags tags of every meter, such as the target's name
	 */
	public RedisEventTargetMetrics(RedisEventTarget target, Iterable<io.micrometer.core.instrument.Tag> tags) {
		this.target = target;
		this.tags = Tags.of(tags);
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		counter(registry, "alk.pubsub.publishes", "Events published", Tags.of("outcome", "success"),
				EventTargetStatistics::published);
		counter(registry, "alk.pubsub.publishes", "Events published", Tags.of("outcome", "failure"),
				EventTargetStatistics::publishFailures);
		counter(registry, "alk.pubsub.messages.received", "Messages received on subscribed channels", Tags.empty(),
				EventTargetStatistics::received);
		counter(registry, "alk.pubsub.deliveries", "Events handed to listeners, once per listener", Tags.empty(),
				EventTargetStatistics::delivered);
		counter(registry, "alk.pubsub.messages.dropped", "Messages dropped", Tags.of("reason", "malformed"),
				EventTargetStatistics::malformed);
		counter(registry, "alk.pubsub.messages.dropped", "Messages dropped", Tags.of("reason", "overflow"),
				EventTargetStatistics::overflowDropped);
		counter(registry, "alk.pubsub.messages.dropped", "Messages dropped", Tags.of("reason", "unrouted"),
				EventTargetStatistics::unrouted);
		counter(registry, "alk.pubsub.listener.failures", "Listener calls that threw", Tags.empty(),
				EventTargetStatistics::listenerFailures);
		gauge(registry, "alk.pubsub.topics", "Topics that have listeners", EventTargetStatistics::topics);
		gauge(registry, "alk.pubsub.listeners", "Registered listeners", EventTargetStatistics::listeners);
		Timer readiness = Timer.builder("alk.pubsub.subscription.readiness")
			.description("Time from a topic's first listener to Redis's confirmation of its subscription")
			.tags(this.tags)
			.register(registry);
		this.target.setReadinessObserver((nanos) -> readiness.record(nanos, TimeUnit.NANOSECONDS));
	}

	private void counter(MeterRegistry registry, String name, String description, Tags extraTags,
			ToDoubleFunction<EventTargetStatistics> value) {
		FunctionCounter.builder(name, this.target, (target) -> value.applyAsDouble(target.statistics()))
			.description(description)
			.tags(this.tags.and(extraTags))
			.register(registry);
	}

	private void gauge(MeterRegistry registry, String name, String description,
			ToDoubleFunction<EventTargetStatistics> value) {
		Gauge.builder(name, this.target, (target) -> value.applyAsDouble(target.statistics()))
			.description(description)
			.tags(this.tags)
			.register(registry);
	}

}
