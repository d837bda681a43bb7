package io.tickertape.events.topics;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

import java.io.IOException;

/**
 * JSON (Jackson) serde for a topic value. Values carry a {@code schemaVersion}; a value newer than this build
 * understands, or one that is not valid JSON for the type, fails with {@link SerializationException} so the
 * deserialization handler can route it to the dead-letter topic instead of guessing.
 */
public final class JsonSerde<T> implements Serde<T> {

    /** One mapper for all topics: ISO-8601 instants, unknown fields tolerated (older readers, newer minor fields). */
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    private final Class<T> type;
    private final int maxSchemaVersion;

    public JsonSerde(Class<T> type, int maxSchemaVersion) {
        this.type = type;
        this.maxSchemaVersion = maxSchemaVersion;
    }

    public Class<T> type() {
        return type;
    }

    @Override
    public Serializer<T> serializer() {
        return (topic, value) -> {
            if (value == null) {
                return null;
            }
            try {
                return MAPPER.writeValueAsBytes(value);
            } catch (IOException e) {
                throw new SerializationException("cannot write " + type.getSimpleName() + " for " + topic, e);
            }
        };
    }

    @Override
    public Deserializer<T> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            try {
                JsonNode tree = MAPPER.readTree(bytes);
                if (tree == null || !tree.isObject()) {
                    throw new SerializationException(topic + ": value is not a JSON object");
                }
                JsonNode version = tree.get("schemaVersion");
                if (version == null || !version.canConvertToInt()) {
                    throw new SerializationException(topic + ": value has no schemaVersion");
                }
                if (version.asInt() < 1 || version.asInt() > maxSchemaVersion) {
                    throw new SerializationException(topic + ": schemaVersion " + version.asInt()
                            + " is not supported (this build reads 1.." + maxSchemaVersion + ")");
                }
                return MAPPER.treeToValue(tree, type);
            } catch (IOException | IllegalArgumentException | NullPointerException e) {
                throw new SerializationException(topic + ": cannot read " + type.getSimpleName() + ": "
                        + e.getMessage(), e);
            }
        };
    }
}
