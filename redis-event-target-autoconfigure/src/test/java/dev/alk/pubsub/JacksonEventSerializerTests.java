package dev.alk.pubsub;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link JacksonEventSerializer}.
 */
class JacksonEventSerializerTests {

	private final JacksonEventSerializer serializer = new JacksonEventSerializer();

	@Test
	void writesTheWireFormat() {
		assertThat(this.serializer.stringify(new EventEnvelope("call.responded", "uuid-123", Map.of("ok", true))))
			.isEqualTo("{\"type\":\"call.responded\",\"id\":\"uuid-123\",\"payload\":{\"ok\":true}}");
		assertThat(this.serializer.stringify(new EventEnvelope("tick", null, null)))
			.isEqualTo("{\"type\":\"tick\",\"id\":null,\"payload\":null}");
	}

	@Test
	void roundTripsPlainValues() {
		Map<String, Object> payload = Map.of("text", "ünïcödé ✓", "count", 3, "ratio", 0.5, "flags",
				List.of(true, false), "nothing", Map.of());
		EventEnvelope envelope = new EventEnvelope("t", "1", payload);
		assertThat(this.serializer.parse(this.serializer.stringify(envelope))).isEqualTo(envelope);
	}

	@Test
	void readsWhatTheTypeScriptPeerSends() {
		assertThat(this.serializer.parse("{\"type\":\"call.responded\",\"payload\":{\"n\":12345678901234567890}}"))
			.isEqualTo(new EventEnvelope("call.responded", null, Map.of("n", new BigInteger("12345678901234567890"))));
	}

	@ParameterizedTest
	@ValueSource(strings = { "", " ", "null", " null\n" })
	void readsMessagesWithoutDetailAsNull(String message) {
		assertThat(this.serializer.parse(message)).isNull();
	}

	@ParameterizedTest
	@ValueSource(strings = { "not json", "[1,2]", "\"text\"", "7", "{\"id\":\"1\"}", "{\"type\":\"\"}", "{\"type\":3}",
			"{\"type\":\"t\",\"id\":{}}", "{\"type\":\"t\"", "{\"type\":\"t\"} trailing" })
	void rejectsMalformedMessages(String message) {
		assertThatExceptionOfType(MalformedEventException.class).isThrownBy(() -> this.serializer.parse(message));
	}

	@Test
	void rejectsDeeplyNestedAndHugeDocuments() {
		assertThatExceptionOfType(MalformedEventException.class).isThrownBy(() -> this.serializer
			.parse("{\"type\":\"t\",\"payload\":" + "[".repeat(5000) + "]".repeat(5000) + "}"));
		assertThatExceptionOfType(MalformedEventException.class)
			.isThrownBy(() -> this.serializer.parse("{\"type\":\"t\",\"payload\":" + "1".repeat(5000) + "}"));
	}

	@Test
	void neverInstantiatesTypesNamedInTheMessage() {
		EventEnvelope envelope = this.serializer
			.parse("{\"type\":\"t\",\"payload\":{\"@class\":\"java.net.URL\",\"val\":\"http://localhost\"}}");
		assertThat(envelope.payload()).isEqualTo(Map.of("@class", "java.net.URL", "val", "http://localhost"));
	}

	@Test
	void convertsPayloadsToUserClasses() {
		EventEnvelope envelope = this.serializer.parse("{\"type\":\"t\",\"payload\":{\"name\":\"Ada\",\"age\":36}}");
		assertThat(this.serializer.convertPayload(envelope.payload(), Person.class)).isEqualTo(new Person("Ada", 36));
		assertThat(this.serializer.convertPayload(null, Person.class)).isNull();
	}

	record Person(String name, int age) {
	}

}
