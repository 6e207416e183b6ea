package dev.alk.pubsub.reactive;

import java.util.concurrent.atomic.AtomicLong;

import dev.alk.pubsub.EventSubscription;
import dev.alk.pubsub.TypedEvent;
import dev.alk.pubsub.TypedEventTarget;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.BufferOverflowStrategy;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;

import org.springframework.util.Assert;

/**
 * Reactor view of a {@link TypedEventTarget}: a {@link Flux} of a topic's events that
 * adds its listener when subscribed and removes it when cancelled or completed, so a
 * WebFlux endpoint or a GraphQL subscription can return it directly. A subscriber that
 * requests less than arrives gets at most {@code bufferSize} buffered events; newer ones
 * are dropped, counted and logged. Thread-safe.
 *
 * @since 0.1.0
 */
public class ReactiveEventTarget {

	private static final Log logger = LogFactory.getLog(ReactiveEventTarget.class);

	private final TypedEventTarget target;

	private final int bufferSize;

	private final AtomicLong dropped = new AtomicLong();

	/**
	 * Create a reactive view of the given target.
	 * @param target the event target
	 * @param bufferSize the most events buffered for a slow subscriber
	 */
	public ReactiveEventTarget(TypedEventTarget target, int bufferSize) {
		Assert.isTrue(bufferSize > 0, "Buffer size must be positive");
		this.target = target;
		this.bufferSize = bufferSize;
	}

	/**
	 * Return a stream of the events published on a topic after Redis has confirmed its
	 * subscription.
	 * @param topic the topic
	 * @return the events, hot, never completing on its own
	 */
	public Flux<TypedEvent> events(String topic) {
		Assert.hasLength(topic, "Topic must not be empty");
		return Flux.<TypedEvent>create((sink) -> listen(topic, sink), FluxSink.OverflowStrategy.BUFFER)
			.onBackpressureBuffer(this.bufferSize, (event) -> drop(topic), BufferOverflowStrategy.DROP_LATEST);
	}

	/**
	 * Return how many events were dropped because a subscriber did not keep up.
	 * @return the number of dropped events
	 */
	public long droppedEvents() {
		return this.dropped.get();
	}

	private void listen(String topic, FluxSink<TypedEvent> sink) {
		EventSubscription subscription = this.target.addEventListener(topic, sink::next);
		sink.onDispose(subscription::close);
	}

	private void drop(String topic) {
		if (this.dropped.incrementAndGet() % 1000 == 1) {
			logger.warn("Dropped event on topic '%s': its subscriber does not keep up (%d dropped so far)"
				.formatted(topic, this.dropped.get()));
		}
	}

}
