package io.tickertape.ingest.publishing;

import io.tickertape.events.Article;
import io.tickertape.events.topics.Topic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

    public static Loaded load(Properties clientProperties, Topic<String, Article> topic, Duration lookback, long maxRecords,
                              Duration timeout, SeenIds into, Clock clock) {
        long started = System.nanoTime();
        long deadline = started + timeout.toNanos();
        Properties p = new Properties();
        p.putAll(clientProperties);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        // Committed only: a fenced owner's aborted articles were never published.
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        p.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "tickertape-ingest-seen-ids");
        p.putIfAbsent(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, "15000");
        p.putIfAbsent(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, String.valueOf(Math.max(1000, timeout.toMillis())));
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic.name(), remaining(deadline));
            if (infos == null || infos.isEmpty()) {
                return new Loaded(0, 0, true, Duration.ofNanos(System.nanoTime() - started));
            }
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo info : infos) {
                partitions.add(new TopicPartition(info.topic(), info.partition()));
            }
            consumer.assign(partitions);
            long since = clock.millis() - lookback.toMillis();
            Map<TopicPartition, Long> query = new HashMap<>();
            partitions.forEach(tp -> query.put(tp, since));
            Map<TopicPartition, OffsetAndTimestamp> starts = consumer.offsetsForTimes(query, remaining(deadline));
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, remaining(deadline));
            Map<TopicPartition, Long> pending = new HashMap<>();
            for (TopicPartition tp : partitions) {
                OffsetAndTimestamp start = starts.get(tp);
                long end = ends.getOrDefault(tp, 0L);
                if (start != null && start.offset() < end) {
                    consumer.seek(tp, start.offset());
                    pending.put(tp, end);
                }
            }
            consumer.assign(new ArrayList<>(pending.keySet()));
            long records = 0;
            while (!pending.isEmpty() && records < maxRecords && System.nanoTime() < deadline) {
                ConsumerRecords<byte[], byte[]> batch = consumer.poll(min(Duration.ofMillis(500), remaining(deadline)));
                for (ConsumerRecord<byte[], byte[]> r : batch) {
                    records++;
                    if (r.key() != null) {
                        into.add(new String(r.key(), StandardCharsets.UTF_8));
                    }
                }
                pending.entrySet().removeIf(e -> consumer.position(e.getKey(), remaining(deadline)) >= e.getValue());
            }
            boolean complete = pending.isEmpty();
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            if (!complete) {
                LOG.warn("read back {} records of {} in {} ms, stopped by a bound (max {} records, timeout {}): articles published "
                        + "before that may be published again", records, topic.name(), took.toMillis(), maxRecords, timeout);
            } else {
                LOG.info("read back {} article ids published to {} in the last {} ({} ms)", records, topic.name(), lookback, took.toMillis());
            }
            return new Loaded(records, into.size(), complete, took);
        }
    }

    private static Duration remaining(long deadline) {
        return Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime()));
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
