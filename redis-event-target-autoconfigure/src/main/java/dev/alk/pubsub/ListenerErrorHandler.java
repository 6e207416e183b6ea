package dev.alk.pubsub;

/**
 * Strategy for failures of a {@link TypedEventListener}. A failing listener never keeps
 * the event from the other listeners of its topic.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface ListenerErrorHandler {

	/**
	 * Handle a listener failure.
	 * @param event the event that the listener failed on
	 * @param error what the listener threw
	 */
	void handleError(TypedEvent event, Throwable error);

}
