package dev.alk.pubsub;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;
import org.springframework.util.StringUtils;

/**
 * Event as it travels between services: its type, an optional id that scopes it to one
 * conversation, and its payload.
 *
 * @param type event type such as {@code call.responded}
 * @param id optional id that narrows the topic, such as a call id
 * @param payload event data: the user's own object when dispatched, plain values (map,
 * list, string, number, boolean or {@code null}) when received
 * @since 0.1.0
 */
public record EventEnvelope(String type, @Nullable String id, @Nullable Object payload) {

	public EventEnvelope {
		Assert.hasLength(type, "Envelope type must not be empty");
	}

	/**
	 * Return the topic that this envelope is published on.
	 * @return {@code type} when there is no id, else {@code type:id}
	 */
	public String topic() {
		return topic(this.type, this.id);
	}

	/**
	 * Return the topic for the given type and optional id.
	 * @param type event type
	 * @param id optional id
	 * @return {@code type} when {@code id} is {@code null} or empty, else {@code type:id}
	 */
	public static String topic(String type, @Nullable String id) {
		return StringUtils.hasLength(id) ? type + ":" + id : type;
	}

}
