package io.tickertape.topology.topics;

import io.tickertape.events.topics.Topic;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

/** The Kafka Streams view of a {@link Topic}: its serdes as {@link Consumed} and {@link Produced}. */
public final class TopicStreams {

    private TopicStreams() {
    }

    public static <K, V> Consumed<K, V> consumed(Topic<K, V> topic) {
        return Consumed.with(topic.keySerde(), topic.valueSerde());
    }

    public static <K, V> Produced<K, V> produced(Topic<K, V> topic) {
        return Produced.with(topic.keySerde(), topic.valueSerde());
    }
}
