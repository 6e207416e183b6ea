package dev.alk.pubsub.benchmarks.serializer;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.alk.pubsub.EventEnvelope;
import dev.alk.pubsub.JacksonEventSerializer;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import tools.jackson.databind.json.JsonMapper;

/**
 * JMH benchmark of {@link JacksonEventSerializer} against a plain {@link JsonMapper}
 * writing and reading the same {@code call.responded} message of about 200 bytes.
 *
 * @since 0.1.0
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class EnvelopeSerializerBenchmark {

	private static final int MIN_MESSAGE_BYTES = 150;

	private static final int MAX_MESSAGE_BYTES = 260;

	private final JacksonEventSerializer serializer = new JacksonEventSerializer();

	private final JsonMapper mapper = JsonMapper.builder().build();

	private final EventEnvelope envelope = new EventEnvelope("call.responded", "0b6f3c1e-8d2a-4f57-9c3e-5a1d7e2b9f40",
			payload());

	private final PlainEnvelope plainEnvelope = new PlainEnvelope(this.envelope.type(), this.envelope.id(),
			this.envelope.payload());

	private String message = "";

	@Setup
	public void setUp() {
		this.message = this.serializer.stringify(this.envelope);
		assertMessageSize();
		assertSameMessage();
	}

	@Benchmark
	public String eventTargetEncode() {
		return this.serializer.stringify(this.envelope);
	}

	@Benchmark
	public String plainJacksonEncode() {
		return this.mapper.writeValueAsString(this.plainEnvelope);
	}

	@Benchmark
	public @Nullable EventEnvelope eventTargetDecode() {
		return this.serializer.parse(this.message);
	}

	@Benchmark
	public Map<?, ?> plainJacksonDecode() {
		return this.mapper.readValue(this.message, Map.class);
	}

	private void assertMessageSize() {
		int size = this.message.getBytes(StandardCharsets.UTF_8).length;
		if (size < MIN_MESSAGE_BYTES || size > MAX_MESSAGE_BYTES) {
			throw new IllegalStateException("Message is '%d' bytes, expected between '%d' and '%d'".formatted(size,
					MIN_MESSAGE_BYTES, MAX_MESSAGE_BYTES));
		}
	}

	private void assertSameMessage() {
		String plainMessage = plainJacksonEncode();
		if (!plainMessage.equals(this.message)) {
			throw new IllegalStateException(
					"Plain Jackson wrote '%s' instead of '%s'".formatted(plainMessage, this.message));
		}
	}

	private static Map<String, Object> payload() {
		Map<String, Object> payload = new LinkedHashMap<>();
		payload.put("callId", "c-20417");
		payload.put("status", "answered");
		payload.put("durationMillis", 48213);
		payload.put("attempt", 2);
		payload.put("recorded", true);
		payload.put("tags", List.of("inbound", "priority"));
		return payload;
	}

	/**
	 * Envelope fields as a plain Jackson user would write them.
	 *
	 * @param type event type
	 * @param id event id
	 * @param payload event data
	 */
	record PlainEnvelope(String type, @Nullable String id, @Nullable Object payload) {

	}

}
