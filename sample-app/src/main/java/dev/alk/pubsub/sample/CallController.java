package dev.alk.pubsub.sample;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.alk.pubsub.EventEnvelope;
import dev.alk.pubsub.EventSubscription;
import dev.alk.pubsub.TypedEvent;
import dev.alk.pubsub.TypedEventTarget;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Takes a call, hands it to whichever instance answers it, and returns the reply.
 *
 * @since 0.1.0
 */
@RestController
class CallController {

	private final TypedEventTarget events;

	private final SampleProperties properties;

	CallController(TypedEventTarget events, SampleProperties properties) {
		this.events = events;
		this.properties = properties;
	}

	@PostMapping("/calls")
	ResponseEntity<?> call(@RequestBody Map<String, Object> body) throws Exception {
		String callId = UUID.randomUUID().toString();
		CompletableFuture<EventEnvelope> reply = new CompletableFuture<>();
		String topic = EventEnvelope.topic("call.responded", callId);
		long deadline = System.nanoTime() + this.properties.getCallTimeout().toNanos();
		try (EventSubscription subscription = this.events.addEventListener(topic,
				(event) -> reply.complete(event.detail()))) {
			subscription.ready().get(remaining(deadline), TimeUnit.NANOSECONDS);
			CallRequest request = new CallRequest(callId, this.properties.getInstanceName(), body);
			this.events
				.dispatchEvent(new TypedEvent("call.requested", new EventEnvelope("call.requested", callId, request)))
				.get(remaining(deadline), TimeUnit.NANOSECONDS);
			return ResponseEntity.ok(reply.get(remaining(deadline), TimeUnit.NANOSECONDS));
		}
		catch (TimeoutException ex) {
			return ResponseEntity.status(HttpStatus.GATEWAY_TIMEOUT)
				.body(Map.of("callId", callId, "error", "No reply within " + this.properties.getCallTimeout()));
		}
	}

	private static long remaining(long deadline) {
		return Math.max(0, deadline - System.nanoTime());
	}

}
