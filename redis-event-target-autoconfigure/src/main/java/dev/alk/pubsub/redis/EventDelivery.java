package dev.alk.pubsub.redis;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executor;

import dev.alk.pubsub.EventEnvelope;
import dev.alk.pubsub.EventSerializer;
import dev.alk.pubsub.ListenerErrorHandler;
import dev.alk.pubsub.TypedEvent;
import dev.alk.pubsub.TypedEventListener;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Reads messages and hands the events to a topic's listeners, isolating listener
 * failures. Thread-safe.
 */
final class EventDelivery {

	private static final Log logger = LogFactory.getLog(EventDelivery.class);

	private final EventSerializer serializer;

	private final Executor executor;

	private final EventCounters counters;

	private final @Nullable ListenerErrorHandler errorHandler;

	private final int maxQueuedEvents;

	private final RateLimitedLog malformedLog = new RateLimitedLog(logger);

	EventDelivery(EventSerializer serializer, Executor executor, EventCounters counters,
			@Nullable ListenerErrorHandler errorHandler, int maxQueuedEvents) {
		this.serializer = serializer;
		this.executor = executor;
		this.counters = counters;
		this.errorHandler = errorHandler;
		this.maxQueuedEvents = maxQueuedEvents;
	}

	Executor executor() {
		return this.executor;
	}

	int maxQueuedEvents() {
		return this.maxQueuedEvents;
	}

	void subscribed(long nanos) {
		this.counters.readinessObserver.accept(nanos);
	}

	void deliver(TopicState topic, byte[] body) {
		TypedEvent event = read(topic, body);
		if (event == null) {
			return;
		}
		for (TypedEventListener listener : topic.listeners()) {
			if (topic.hasListener(listener)) {
				invoke(topic, listener, event);
			}
		}
	}

	void dropMalformed(String channel, String reason) {
		this.counters.malformed.increment();
		this.malformedLog.warn(() -> "Dropped malformed message on channel '%s': %s".formatted(channel, reason));
	}

	private @Nullable TypedEvent read(TopicState topic, byte[] body) {
		try {
			EventEnvelope envelope = this.serializer.parse(decode(body));
			return new TypedEvent(topic.topic(), envelope);
		}
		catch (CharacterCodingException ex) {
			dropMalformed(topic.channel(), "message is not valid UTF-8");
		}
		catch (RuntimeException ex) {
			dropMalformed(topic.channel(), String.valueOf(ex.getMessage()));
		}
		return null;
	}

	private void invoke(TopicState topic, TypedEventListener listener, TypedEvent event) {
		try {
			listener.handleEvent(event);
			this.counters.delivered.increment();
		}
		catch (Throwable ex) {
			this.counters.listenerFailures.increment();
			handleListenerFailure(topic, event, ex);
		}
	}

	private void handleListenerFailure(TopicState topic, TypedEvent event, Throwable failure) {
		if (this.errorHandler == null) {
			logger.warn("Listener failed on topic '%s'".formatted(topic.topic()), failure);
			return;
		}
		try {
			this.errorHandler.handleError(event, failure);
		}
		catch (RuntimeException ex) {
			logger.warn("Error handler failed on topic '%s'".formatted(topic.topic()), ex);
		}
	}

	static String decode(byte[] body) throws CharacterCodingException {
		for (byte b : body) {
			if (b < 0) {
				return StandardCharsets.UTF_8.newDecoder()
					.onMalformedInput(CodingErrorAction.REPORT)
					.onUnmappableCharacter(CodingErrorAction.REPORT)
					.decode(ByteBuffer.wrap(body))
					.toString();
			}
		}
		return new String(body, StandardCharsets.ISO_8859_1);
	}

}
