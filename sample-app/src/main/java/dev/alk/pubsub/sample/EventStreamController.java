package dev.alk.pubsub.sample;

import java.io.IOException;

import dev.alk.pubsub.EventSubscription;
import dev.alk.pubsub.TypedEvent;
import dev.alk.pubsub.TypedEventTarget;
import dev.alk.pubsub.reactive.ReactiveEventTarget;
import reactor.core.publisher.Flux;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Streams the events of a topic as server-sent events while the client listens, with an
 * emitter on {@code /events/{topic}} and as a Reactor {@link Flux} on
 * {@code /flux/{topic}}.
 *
 * @since 0.1.0
 */
@RestController
class EventStreamController {

	private final TypedEventTarget events;

	private final ReactiveEventTarget reactiveEvents;

	EventStreamController(TypedEventTarget events, ReactiveEventTarget reactiveEvents) {
		this.events = events;
		this.reactiveEvents = reactiveEvents;
	}

	@GetMapping(path = "/flux/{topic}", produces = "text/event-stream")
	Flux<TypedEvent> flux(@PathVariable String topic) {
		return this.reactiveEvents.events(topic);
	}

	@GetMapping(path = "/events/{topic}", produces = "text/event-stream")
	SseEmitter stream(@PathVariable String topic) {
		SseEmitter emitter = new SseEmitter(0L);
		EventSubscription subscription = this.events.addEventListener(topic, (event) -> send(emitter, event));
		emitter.onCompletion(subscription::close);
		emitter.onTimeout(subscription::close);
		emitter.onError((error) -> subscription.close());
		subscription.ready().thenRun(() -> send(emitter, SseEmitter.event().name("ready").data(topic)));
		return emitter;
	}

	private static void send(SseEmitter emitter, TypedEvent event) {
		send(emitter, SseEmitter.event().name(event.type()).data((event.detail() != null) ? event.detail() : ""));
	}

	private static void send(SseEmitter emitter, SseEmitter.SseEventBuilder event) {
		try {
			emitter.send(event);
		}
		catch (IOException | IllegalStateException ex) {
			emitter.completeWithError(ex);
		}
	}

}
