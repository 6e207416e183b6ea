package dev.alk.pubsub.sample;

import java.util.Map;
import java.util.TreeMap;

import dev.alk.pubsub.EventSubscription;
import dev.alk.pubsub.TypedEventTarget;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Answers {@code call.requested} events of every instance with a {@code call.responded}
 * event on the call's own topic.
 *
 * @since 0.1.0
 */
@Component
class CallWorker implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(CallWorker.class);

	private final TypedEventTarget events;

	private final SampleProperties properties;

	private volatile EventSubscription subscription;

	CallWorker(TypedEventTarget events, SampleProperties properties) {
		this.events = events;
		this.properties = properties;
	}

	@Override
	public void start() {
		this.subscription = this.events.addEventListener("call.requested", CallRequest.class, this::handle);
	}

	@Override
	public void stop() {
		this.subscription.close();
		this.subscription = null;
	}

	@Override
	public boolean isRunning() {
		return this.subscription != null;
	}

	private void handle(CallRequest request) {
		if (!this.properties.isServeOwnCalls() && request.caller().equals(this.properties.getInstanceName())) {
			return;
		}
		CallReply reply = new CallReply(request.caller(), this.properties.getInstanceName(), compute(request.body()));
		logger.info("Answering call '%s' from '%s'".formatted(request.callId(), request.caller()));
		this.events.publish("call.responded", request.callId(), reply);
	}

	private static Map<String, Object> compute(Map<String, Object> body) {
		Map<String, Object> result = new TreeMap<>();
		result.put("fields", body.size());
		body.forEach((name, value) -> {
			if (value instanceof String text) {
				result.put(name, new StringBuilder(text).reverse().toString());
			}
			else if (value instanceof Number number) {
				result.put(name, number.doubleValue() * 2);
			}
		});
		return result;
	}

}
