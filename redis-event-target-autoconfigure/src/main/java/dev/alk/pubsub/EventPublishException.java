package dev.alk.pubsub;

/**
 * Thrown when an event could not be published.
 *
 * @since 0.1.0
 */
public class EventPublishException extends RuntimeException {

	public EventPublishException(String message) {
		super(message);
	}

	public EventPublishException(String message, Throwable cause) {
		super(message, cause);
	}

}
