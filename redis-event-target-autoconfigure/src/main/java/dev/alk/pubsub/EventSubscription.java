package dev.alk.pubsub;

import java.util.concurrent.CompletableFuture;

/**
 * Registration of one listener on one topic, returned by
 * {@link TypedEventTarget#addEventListener(String, TypedEventListener)}.
 *
 * @since 0.1.0
 */
public interface EventSubscription extends AutoCloseable {

	/**
	 * Return the topic that the listener is registered on.
	 * @return the topic
	 */
	String topic();

	/**
	 * Return a future that completes once the broker has confirmed the subscription of
	 * the topic, so that events published afterwards reach the listener. Completes
	 * exceptionally with a {@link SubscriptionException} if that does not happen within
	 * the configured timeout; the listener stays registered and is subscribed later.
	 * @return the readiness future
	 */
	CompletableFuture<Void> ready();

	/**
	 * Remove the listener. Idempotent.
	 */
	@Override
	void close();

}
