package dev.alk.pubsub;

import org.jspecify.annotations.Nullable;

/**
 * Turns envelopes into messages and back.
 *
 * @since 0.1.0
 */
public interface EventSerializer {

	/**
	 * Render an envelope as a message.
	 * @param envelope the envelope
	 * @return the message
	 */
	String stringify(EventEnvelope envelope);

	/**
	 * Read a message.
	 * @param message the message
	 * @return the envelope, or {@code null} for a message that carries no detail
	 * @throws MalformedEventException if the message is not a valid envelope
	 */
	@Nullable EventEnvelope parse(String message);

	/**
	 * Convert a received payload to the given type. The default implementation only
	 * accepts payloads that already are of that type.
	 * @param <T> the target type
	 * @param payload the payload of a received envelope
	 * @param type the target type
	 * @return the converted payload
	 * @throws IllegalArgumentException if the payload cannot be converted
	 */
	default <T> @Nullable T convertPayload(@Nullable Object payload, Class<T> type) {
		if (payload == null || type.isInstance(payload)) {
			return type.cast(payload);
		}
		throw new IllegalArgumentException("Payload of type '%s' cannot be converted to '%s'"
			.formatted(payload.getClass().getName(), type.getName()));
	}

}
