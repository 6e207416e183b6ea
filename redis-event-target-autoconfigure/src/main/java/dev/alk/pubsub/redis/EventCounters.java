package dev.alk.pubsub.redis;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongConsumer;

/**
 * Counters behind {@link EventTargetStatistics}. Thread-safe.
 */
final class EventCounters {

	final LongAdder published = new LongAdder();

	final LongAdder publishFailures = new LongAdder();

	final LongAdder received = new LongAdder();

	final LongAdder delivered = new LongAdder();

	final LongAdder malformed = new LongAdder();

	final LongAdder listenerFailures = new LongAdder();

	final LongAdder overflowDropped = new LongAdder();

	final LongAdder unrouted = new LongAdder();

	final AtomicInteger liveTopics = new AtomicInteger();

	final AtomicInteger listeners = new AtomicInteger();

	volatile LongConsumer readinessObserver = (nanos) -> {
	};

	EventTargetStatistics snapshot() {
		return new EventTargetStatistics(this.published.sum(), this.publishFailures.sum(), this.received.sum(),
				this.delivered.sum(), this.malformed.sum(), this.listenerFailures.sum(), this.overflowDropped.sum(),
				this.unrouted.sum(), this.liveTopics.get(), this.listeners.get());
	}

}
