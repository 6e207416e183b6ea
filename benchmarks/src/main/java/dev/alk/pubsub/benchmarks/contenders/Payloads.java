package dev.alk.pubsub.benchmarks.contenders;

import java.util.List;
import java.util.Map;

import dev.alk.pubsub.EventEnvelope;
import dev.alk.pubsub.JacksonEventSerializer;

/**
 * The envelope that every contender publishes, about 200 bytes as JSON.
 */
public final class Payloads {

	/**
	 * Payload of every published envelope.
	 */
	public static final Map<String, Object> PAYLOAD = Map.of("status", "completed", "attempts", 3, "worker",
			"worker-7.eu-west", "durationMillis", 1834, "tags", List.of("billing", "priority"), "cached", false);

	private Payloads() {
	}

	/**
	 * Return the envelope published on a topic.
	 * @param topic the topic
	 * @return the envelope
	 */
	public static EventEnvelope envelope(String topic) {
		return new EventEnvelope(topic, "9b2f0a54-6c1e-4f3a-8d7b-2e5c9a1f4b60", PAYLOAD);
	}

	/**
	 * Return the JSON message of {@link #envelope(String)}, what raw clients publish.
	 * @param topic the topic
	 * @return the message
	 */
	public static String message(String topic) {
		return new JacksonEventSerializer().stringify(envelope(topic));
	}

}
