package dev.alk.pubsub.sample;

import java.util.Map;

/**
 * Payload of a {@code call.requested} event.
 *
 * @param callId id of the call, which scopes the topic of its reply
 * @param caller name of the instance that took the call
 * @param body the JSON body of the call
 * @since 0.1.0
 */
public record CallRequest(String callId, String caller, Map<String, Object> body) {

}
