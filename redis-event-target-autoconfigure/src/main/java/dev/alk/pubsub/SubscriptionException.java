package dev.alk.pubsub;

/**
 * Thrown when a topic could not be subscribed in time.
 *
 * @since 0.1.0
 */
public class SubscriptionException extends RuntimeException {

	public SubscriptionException(String message) {
		super(message);
	}

}
