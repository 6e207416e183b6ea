package dev.alk.pubsub.benchmarks;

import java.util.function.IntFunction;

import dev.alk.pubsub.benchmarks.contenders.Contender;
import dev.alk.pubsub.benchmarks.contenders.EventTargetContender;
import dev.alk.pubsub.benchmarks.contenders.RawLettuceContender;
import dev.alk.pubsub.benchmarks.contenders.RedissonContender;
import dev.alk.pubsub.benchmarks.contenders.SpringDataRedisContender;

/**
 * The contenders, in table order.
 */
enum ContenderKind {

	LETTUCE("raw Lettuce", RawLettuceContender::new),

	SPRING_DATA_REDIS("Spring Data Redis", SpringDataRedisContender::new),

	REDISSON("Redisson", RedissonContender::new),

	EVENT_TARGET("event target", (port) -> new EventTargetContender(port, false)),

	EVENT_TARGET_DIRECT("event target, direct delivery", (port) -> new EventTargetContender(port, true));

	private final String title;

	private final IntFunction<Contender> factory;

	ContenderKind(String title, IntFunction<Contender> factory) {
		this.title = title;
		this.factory = factory;
	}

	String title() {
		return this.title;
	}

	Contender connect(int port) {
		return this.factory.apply(port);
	}

}
