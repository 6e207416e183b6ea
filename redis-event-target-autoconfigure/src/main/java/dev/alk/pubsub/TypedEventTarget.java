package dev.alk.pubsub;

import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

/**
 * Target that publishes events to, and receives events from, every instance of a service.
 * Modelled on the DOM {@code EventTarget}: events dispatched here reach the listeners of
 * their topic in whichever instance holds them.
 *
 * @since 0.1.0
 */
public interface TypedEventTarget {

	/**
	 * Publish an event on its topic, {@link TypedEvent#type()}.
	 * @param event the event to publish
	 * @return a future that completes with the number of subscribers that received the
	 * message, or exceptionally with an {@link EventPublishException} that says what
	 * failed
	 */
	CompletableFuture<Long> dispatchEvent(TypedEvent event);

	/**
	 * Publish an envelope built from the given values on its topic.
	 * @param type event type
	 * @param id optional id that scopes the topic
	 * @param payload the payload
	 * @return the future of {@link #dispatchEvent(TypedEvent)}
	 */
	default CompletableFuture<Long> publish(String type, @Nullable String id, @Nullable Object payload) {
		return dispatchEvent(TypedEvent.of(new EventEnvelope(type, id, payload)));
	}

	/**
	 * Register a listener on a topic. Never blocks on the network; the listener receives
	 * the events published once {@link EventSubscription#ready()} has completed. Adding
	 * the same listener to a topic twice registers it once.
	 * @param type the topic
	 * @param listener the listener
	 * @return the subscription, to await readiness and to remove the listener
	 */
	EventSubscription addEventListener(String type, TypedEventListener listener);

	/**
	 * Register a listener that receives the payload of each event on a topic converted to
	 * the given type. Events without detail arrive as {@code null}.
	 * @param <T> the payload type
	 * @param type the topic
	 * @param payloadType the class to convert payloads to
	 * @param listener the payload listener
	 * @return the subscription, to await readiness and to remove the listener
	 */
	<T> EventSubscription addEventListener(String type, Class<T> payloadType, Consumer<@Nullable T> listener);

	/**
	 * Remove a listener from a topic. After this method returns the listener is not
	 * called again for that topic. Removing a listener that is not registered does
	 * nothing.
	 * @param type the topic
	 * @param listener the listener
	 */
	void removeEventListener(String type, TypedEventListener listener);

}
