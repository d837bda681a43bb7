package io.tickertape.ingest.publishing;

import io.tickertape.events.Article;
import io.tickertape.events.topics.Topic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.Properties;

/**
 * Kafka as the ingest's memory: on start, read back the keys of {@code news.articles} written in the last
 * {@code lookback} (found with {@code offsetsForTimes}), bounded by a record count and a deadline. No consumer
 * group, no committed offsets, no local disk (which is ephemeral on ECS): the topic itself says what was published.
 */
public final class KafkaSeenIds {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaSeenIds.class);

    /** What the read-back found. {@code complete} is false when a bound stopped it before the end of the topic. */
    public record Loaded(long records, long ids, boolean complete, Duration took) {
    }

    private KafkaSeenIds() {
    }

    /** A one-off read-back: {@link ArticleIdTail}'s, closed as soon as it is done. */
    public static Loaded load(Properties clientProperties, Topic<String, Article> topic, Duration lookback, long maxRecords,
                              Duration timeout, SeenIds into, Clock clock) {
        long started = System.nanoTime();
        try (ArticleIdTail tail = ArticleIdTail.open(clientProperties, topic, lookback, maxRecords, timeout, into, clock)) {
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            if (!tail.readBackComplete()) {
                LOG.warn("read back {} records of {} in {} ms, stopped by a bound (max {} records, timeout {}): articles published "
                        + "before that may be published again", tail.records(), topic.name(), took.toMillis(), maxRecords, timeout);
            }
            return new Loaded(tail.records(), into.size(), tail.readBackComplete(), took);
        } catch (ArticleIdTail.NoSuchTopicException e) {
            return new Loaded(0, 0, true, Duration.ofNanos(System.nanoTime() - started));
        }
    }
}
