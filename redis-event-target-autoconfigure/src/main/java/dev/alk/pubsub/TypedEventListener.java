package dev.alk.pubsub;

/**
 * Callback for events on a topic of a {@link TypedEventTarget}.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface TypedEventListener {

	/**
	 * Handle an event. Called on a delivery thread, never concurrently for one topic.
	 * @param event the event
	 */
	void handleEvent(TypedEvent event);

}
