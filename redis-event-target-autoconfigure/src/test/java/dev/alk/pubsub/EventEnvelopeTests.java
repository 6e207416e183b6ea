package dev.alk.pubsub;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link EventEnvelope} and {@link TypedEvent}.
 */
class EventEnvelopeTests {

	@Test
	void scopesTheTopicWithTheId() {
		assertThat(EventEnvelope.topic("call.responded", "uuid-123")).isEqualTo("call.responded:uuid-123");
		assertThat(new EventEnvelope("call.responded", "uuid-123", null).topic()).isEqualTo("call.responded:uuid-123");
	}

	@Test
	void usesTheTypeAsTopicWithoutId() {
		assertThat(EventEnvelope.topic("call.requested", null)).isEqualTo("call.requested");
		assertThat(EventEnvelope.topic("call.requested", "")).isEqualTo("call.requested");
	}

	@Test
	void createsAnEventOnTheEnvelopeTopic() {
		EventEnvelope envelope = new EventEnvelope("call.responded", "7", "ok");
		assertThat(TypedEvent.of(envelope)).isEqualTo(new TypedEvent("call.responded:7", envelope));
	}

	@Test
	void rejectsAnEmptyType() {
		assertThatIllegalArgumentException().isThrownBy(() -> new EventEnvelope("", null, null))
			.withMessage("Envelope type must not be empty");
	}

}
