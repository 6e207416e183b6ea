package dev.alk.pubsub;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Event handed to and dispatched from a {@link TypedEventTarget}, the analogue of a DOM
 * {@code CustomEvent}.
 *
 * @param type topic of the event
 * @param detail envelope carried by the event, {@code null} for an event without detail
 * @since 0.1.0
 */
public record TypedEvent(String type, @Nullable EventEnvelope detail) {

	public TypedEvent {
		Assert.hasLength(type, "Event type must not be empty");
	}

	/**
	 * Create an event on the envelope's own topic.
	 * @param envelope the envelope to carry
	 * @return an event whose type is {@link EventEnvelope#topic()}
	 */
	public static TypedEvent of(EventEnvelope envelope) {
		return new TypedEvent(envelope.topic(), envelope);
	}

}
