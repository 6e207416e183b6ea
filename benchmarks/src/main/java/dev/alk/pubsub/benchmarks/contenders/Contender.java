package dev.alk.pubsub.benchmarks.contenders;

import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A pub/sub library under test, connected to one Redis.
 */
public interface Contender extends AutoCloseable {

	/**
	 * Add a listener on a topic.
	 * @param topic the topic
	 * @param listener receives each message (in the library's own representation)
	 * @return the listening handle
	 */
	Listening listen(String topic, Consumer<Object> listener);

	/**
	 * Publish a message, without waiting where the library allows it.
	 * @param topic the topic
	 * @return completes when Redis has taken the message
	 */
	CompletableFuture<?> publish(String topic);

	/**
	 * Publish a message and wait until Redis has taken it.
	 * @param topic the topic
	 * @throws Exception if publishing failed
	 */
	void publishAndWait(String topic) throws Exception;

	@Override
	void close();

	/**
	 * A listener on a topic.
	 */
	interface Listening {

		/**
		 * Return a future that completes once the topic is subscribed.
		 * @return the readiness future
		 */
		CompletableFuture<?> ready();

		/**
		 * Remove the listener.
		 */
		void close();

	}

}
