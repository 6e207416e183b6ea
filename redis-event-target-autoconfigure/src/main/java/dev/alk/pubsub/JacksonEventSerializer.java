package dev.alk.pubsub;

import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@link EventSerializer} for the JSON wire format shared with the TypeScript event
 * targets: {@code {"type":…,"id":…,"payload":…}}. Payloads are written with the given
 * mapper, so its modules and settings apply to the user's classes; messages are read with
 * a plain mapper of its own, so received payloads are only ever maps, lists, strings,
 * numbers, booleans and {@code null}, never types named in a message. An empty message
 * and the JSON literal {@code null} read as an event without detail. Thread-safe.
 *
 * @since 0.1.0
 */
public class JacksonEventSerializer implements EventSerializer {

	private static final ObjectReader PLAIN_READER = JsonMapper.builder()
		.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
		.build()
		.readerFor(Map.class);

	private final JsonMapper mapper;

	private final ObjectWriter writer;

	/**
	 * Create a serializer that writes payloads with a default {@link JsonMapper}.
	 */
	public JacksonEventSerializer() {
		this(JsonMapper.shared());
	}

	/**
	 * Create a serializer that writes payloads with the given mapper.
	 * @param mapper the mapper for payloads
	 */
	public JacksonEventSerializer(JsonMapper mapper) {
		this.mapper = mapper;
		this.writer = mapper.writer();
	}

	@Override
	public String stringify(EventEnvelope envelope) {
		Map<String, @Nullable Object> fields = new LinkedHashMap<>(4);
		fields.put("type", envelope.type());
		fields.put("id", envelope.id());
		fields.put("payload", envelope.payload());
		return this.writer.writeValueAsString(fields);
	}

	@Override
	public @Nullable EventEnvelope parse(String message) {
		if (message.isEmpty()) {
			return null;
		}
		Map<?, ?> fields = readObject(message);
		if (fields == null) {
			return null;
		}
		Object type = fields.get("type");
		Object id = fields.get("id");
		if (!(type instanceof String typeName) || typeName.isEmpty()) {
			throw new MalformedEventException("Field 'type' must be a non-empty string");
		}
		if (id != null && !(id instanceof String)) {
			throw new MalformedEventException("Field 'id' must be a string or null");
		}
		return new EventEnvelope(typeName, (String) id, fields.get("payload"));
	}

	@Override
	public <T> @Nullable T convertPayload(@Nullable Object payload, Class<T> type) {
		if (payload == null || type.isInstance(payload)) {
			return type.cast(payload);
		}
		return this.mapper.convertValue(payload, type);
	}

	private @Nullable Map<?, ?> readObject(String message) {
		Object value;
		try {
			value = PLAIN_READER.readValue(message);
		}
		catch (JacksonException ex) {
			if (message.isBlank()) {
				return null;
			}
			throw new MalformedEventException("Message is not a JSON object: " + ex.getOriginalMessage(), ex);
		}
		if (value == null || value instanceof Map<?, ?>) {
			return (Map<?, ?>) value;
		}
		throw new MalformedEventException("Message is not a JSON object");
	}

}
