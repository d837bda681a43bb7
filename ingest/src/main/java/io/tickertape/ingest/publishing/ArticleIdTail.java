package io.tickertape.ingest.publishing;

import io.tickertape.events.Article;
import io.tickertape.events.topics.Topic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
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
 * The ids on {@code news.articles}, kept current while several instances publish to it: on open, the keys of the
 * last {@code lookback} (as {@link KafkaSeenIds}); then {@link #catchUp} reads on to the end, committed records
 * only. An instance catches up before it polls feeds it has just been given, so it knows everything their previous
 * owner published; in between, a background catch-up keeps an article that two instances' feeds share from being
 * published twice (but for a race of about a second, which the downstream dedupe absorbs).
 */
public final class ArticleIdTail implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ArticleIdTail.class);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final SeenIds into;
    private final long maxRecordsPerCatchUp;
    private final Topic<String, Article> topic;
    private long records;
    private boolean readBackComplete;

    /** The articles topic is not there (yet): nothing can have been published to it. */
    public static final class NoSuchTopicException extends IllegalStateException {
        NoSuchTopicException(String topic) {
            super("topic " + topic + " does not exist");
        }
    }

    private ArticleIdTail(KafkaConsumer<byte[], byte[]> consumer, Topic<String, Article> topic, SeenIds into, long maxRecordsPerCatchUp) {
        this.consumer = consumer;
        this.topic = topic;
        this.into = into;
        this.maxRecordsPerCatchUp = maxRecordsPerCatchUp;
    }

    /** Reads back the last {@code lookback} of ids into {@code into} (bounded by {@code maxRecords} and {@code timeout}). */
    public static ArticleIdTail open(Properties clientProperties, Topic<String, Article> topic, Duration lookback, long maxRecords,
                                     Duration timeout, SeenIds into, Clock clock) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Properties p = new Properties();
        p.putAll(clientProperties);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "tickertape-ingest-article-ids");
        p.putIfAbsent(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, "15000");
        p.putIfAbsent(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, String.valueOf(Math.max(1000, timeout.toMillis())));
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        try {
            List<PartitionInfo> infos = consumer.partitionsFor(topic.name(), remaining(deadline));
            if (infos == null || infos.isEmpty()) {
                throw new NoSuchTopicException(topic.name());
            }
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo info : infos) {
                partitions.add(new TopicPartition(info.topic(), info.partition()));
            }
            consumer.assign(partitions);
            Map<TopicPartition, Long> query = new HashMap<>();
            long since = clock.millis() - lookback.toMillis();
            partitions.forEach(tp -> query.put(tp, since));
            Map<TopicPartition, OffsetAndTimestamp> starts = consumer.offsetsForTimes(query, remaining(deadline));
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, remaining(deadline));
            for (TopicPartition tp : partitions) {
                OffsetAndTimestamp start = starts.get(tp);
                consumer.seek(tp, start != null ? start.offset() : ends.getOrDefault(tp, 0L));
            }
            ArticleIdTail tail = new ArticleIdTail(consumer, topic, into, maxRecords);
            long started = System.nanoTime();
            boolean complete = tail.catchUp(Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime())));
            tail.readBackComplete = complete;
            LOG.info("read back {} article ids published to {} in the last {} ({} ms{})", tail.records, topic.name(), lookback,
                    Duration.ofNanos(System.nanoTime() - started).toMillis(), complete ? "" : ", stopped by a bound");
            return tail;
        } catch (RuntimeException e) {
            consumer.close(Duration.ofSeconds(5));
            throw e;
        }
    }

    /**
     * Reads on to the end of the topic as it is now (its last stable offset), at most {@code timeout} and the record
     * bound. @return true when it got there
     */
    public synchronized boolean catchUp(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<TopicPartition, Long> ends = consumer.endOffsets(consumer.assignment(), remaining(deadline));
        Map<TopicPartition, Long> pending = new HashMap<>();
        for (var e : ends.entrySet()) {
            if (consumer.position(e.getKey(), remaining(deadline)) < e.getValue()) {
                pending.put(e.getKey(), e.getValue());
            }
        }
        long read = 0;
        while (!pending.isEmpty() && read < maxRecordsPerCatchUp && System.nanoTime() < deadline) {
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(min(Duration.ofMillis(200), remaining(deadline)))) {
                read++;
                if (r.key() != null) {
                    into.add(new String(r.key(), StandardCharsets.UTF_8));
                }
            }
            pending.entrySet().removeIf(e -> consumer.position(e.getKey(), remaining(deadline)) >= e.getValue());
        }
        records += read;
        if (!pending.isEmpty()) {
            LOG.warn("article ids of {}: {} partitions not read to the end within {} ms ({} records read)", topic.name(),
                    pending.size(), timeout.toMillis(), read);
        }
        return pending.isEmpty();
    }

    /** Whether the read-back at open got to the end of the topic (false: a bound stopped it). */
    public synchronized boolean readBackComplete() {
        return readBackComplete;
    }

    /** Records read since open. */
    public synchronized long records() {
        return records;
    }

    @Override
    public synchronized void close() {
        consumer.close(Duration.ofSeconds(5));
    }

    private static Duration remaining(long deadline) {
        return Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime()));
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
