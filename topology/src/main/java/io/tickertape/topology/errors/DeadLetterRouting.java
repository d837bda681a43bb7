package io.tickertape.topology.errors;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tickertape.events.DeadLetter;
import io.tickertape.events.topics.Topic;
import io.tickertape.events.topics.Topics;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.errors.ErrorHandlerContext;

import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * Shared by the deserialization, processing and production handlers: turns a failed record into a
 * {@link DeadLetter} on {@code news.dlq}, counted by stage. The records go out inside the Streams transaction
 * (KIP-1034), so a dead letter is committed exactly when the input offset that caused it is.
 */
public final class DeadLetterRouting {

    /** Streams config keys under which the app hands the handlers their collaborators. */
    public static final String TOPICS_CONFIG = "tickertape.dlq.topics";
    public static final String REGISTRY_CONFIG = "tickertape.dlq.meter-registry";
    public static final String CLOCK_CONFIG = "tickertape.dlq.clock";

    private final Topic<String, DeadLetter> topic;
    private final MeterRegistry registry;
    private final Clock clock;
    private final String applicationId;

    private DeadLetterRouting(Topic<String, DeadLetter> topic, MeterRegistry registry, Clock clock, String applicationId) {
        this.topic = topic;
        this.registry = registry;
        this.clock = clock;
        this.applicationId = applicationId;
    }

    static DeadLetterRouting from(Map<String, ?> configs) {
        Object topics = configs.get(TOPICS_CONFIG);
        if (!(topics instanceof Topics t)) {
            throw new IllegalStateException(TOPICS_CONFIG + " must hold the app's Topics registry");
        }
        MeterRegistry registry = configs.get(REGISTRY_CONFIG) instanceof MeterRegistry r ? r : new SimpleMeterRegistry();
        Clock clock = configs.get(CLOCK_CONFIG) instanceof Clock c ? c : Clock.systemUTC();
        Object appId = configs.get("application.id");
        return new DeadLetterRouting(t.deadLetters(), registry, clock, appId == null ? "" : appId.toString());
    }

    List<ProducerRecord<byte[], byte[]>> route(String stage, ErrorHandlerContext context, byte[] key, byte[] value,
                                               Exception error) {
        DeadLetter letter = DeadLetter.of(stage, context.topic(), context.partition(), context.offset(), key, value,
                error, context.processorNodeId(), applicationId, clock.instant());
        Counter.builder("tickertape_dead_letters").description("Records sent to the dead-letter topic")
                .tag("stage", stage).register(registry).increment();
        String dlqKey = key == null ? null : letter.key();
        return List.of(topic.serialize(dlqKey, letter));
    }
}
