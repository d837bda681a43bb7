package io.tickertape.ingest;

import io.micrometer.core.instrument.MeterRegistry;
import io.tickertape.events.Article;
import io.tickertape.events.topics.Topic;
import io.tickertape.ingest.feeds.FeedDefinition;
import io.tickertape.ingest.publishing.KafkaArticlePublisher;
import io.tickertape.ingest.publishing.KafkaSeenIds;
import io.tickertape.ingest.publishing.SeenIds;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Properties;

/**
 * Wires an {@link IngestService} that publishes to Kafka: reads back the ids published in the last
 * {@code lookback} into a fresh {@link SeenIds}, then creates the idempotent publisher. Topics must exist
 * ({@code TopicProvisioner.ensure}). The returned service is not started.
 */
public final class KafkaIngest {

    /**
     * @param lookback        how far back to read published ids on start (also the default max article age)
     * @param maxReadBack     bound on records read back
     * @param readBackTimeout bound on the read-back time
     * @param maxSeenIds      bound on remembered ids
     */
    public record Memory(Duration lookback, long maxReadBack, Duration readBackTimeout, int maxSeenIds) {
        /** 72 h, 1 M records, 60 s, 250 k ids. */
        public static Memory defaults() {
            return new Memory(Duration.ofHours(72), 1_000_000, Duration.ofSeconds(60), SeenIds.DEFAULT_MAX_IDS);
        }
    }

    private KafkaIngest() {
    }

    public static IngestService create(Properties clientProperties, Topic<String, Article> topic, List<FeedDefinition> feeds,
                                       IngestSettings settings, MeterRegistry registry, Memory memory) {
        if (settings.maxArticleAge() != null && settings.maxArticleAge().compareTo(memory.lookback()) > 0) {
            // An article older than the read-back window could be republished after a restart.
            throw new IllegalArgumentException("max article age (" + settings.maxArticleAge() + ") must not exceed the read-back window ("
                    + memory.lookback() + ")");
        }
        SeenIds seen = new SeenIds(memory.maxSeenIds(), memory.lookback().plusHours(24));
        KafkaSeenIds.load(clientProperties, topic, memory.lookback(), memory.maxReadBack(), memory.readBackTimeout(), seen, Clock.systemUTC());
        return new IngestService(feeds, new KafkaArticlePublisher(clientProperties, topic), seen, registry, settings);
    }
}
