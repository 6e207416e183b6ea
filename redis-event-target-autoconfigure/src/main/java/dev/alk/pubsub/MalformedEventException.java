package dev.alk.pubsub;

/**
 * Thrown by an {@link EventSerializer} when a message is not a valid envelope.
 *
 * @since 0.1.0
 */
public class MalformedEventException extends RuntimeException {

	public MalformedEventException(String message) {
		super(message);
	}

	public MalformedEventException(String message, Throwable cause) {
		super(message, cause);
	}

}
