package io.tickertape.events.topics;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serde;

import java.util.Map;
import java.util.Objects;

/**
 * A topic with its full name and the serdes of its key and value. Code never names a topic with a bare string:
 * it asks {@link Topics} for one of these.
 * <p>Part of the wire contract, so it needs only {@code kafka-clients}: producers such as ingest do not pull in
 * Kafka Streams. The stream app gets its {@code Consumed}/{@code Produced} from {@code TopicStreams} in topology.
 */
public record Topic<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde, Map<String, String> configs) {

    /** @param configs topic configs set when it is created, e.g. {@code cleanup.policy=compact}; may be empty */
    public Topic {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(keySerde, "keySerde");
        Objects.requireNonNull(valueSerde, "valueSerde");
        configs = configs == null ? Map.of() : Map.copyOf(configs);
    }

    public Topic(String name, Serde<K> keySerde, Serde<V> valueSerde) {
        this(name, keySerde, valueSerde, Map.of());
    }

    /** A tombstone: the key with a null value (on a compacted topic it deletes the key). */
    public ProducerRecord<byte[], byte[]> tombstone(K key) {
        return new ProducerRecord<>(name, keySerde.serializer().serialize(name, key), null);
    }

    public ProducerRecord<byte[], byte[]> serialize(K key, V value) {
        return new ProducerRecord<>(name, keySerde.serializer().serialize(name, key),
                valueSerde.serializer().serialize(name, value));
    }

    public ProducerRecord<K, V> record(K key, V value) {
        return new ProducerRecord<>(name, key, value);
    }

    public K key(ConsumerRecord<byte[], byte[]> record) {
        return keySerde.deserializer().deserialize(name, record.key());
    }

    public V value(ConsumerRecord<byte[], byte[]> record) {
        return valueSerde.deserializer().deserialize(name, record.value());
    }
}
