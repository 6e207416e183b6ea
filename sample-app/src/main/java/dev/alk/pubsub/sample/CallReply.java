package dev.alk.pubsub.sample;

import java.util.Map;

/**
 * Payload of a {@code call.responded} event.
 *
 * @param caller name of the instance that took the call
 * @param handledBy name of the instance that computed the reply
 * @param result what was computed from the call's body
 * @since 0.1.0
 */
public record CallReply(String caller, String handledBy, Map<String, Object> result) {

}
