package io.tickertape.ingest.registry;

import io.tickertape.events.FeedEntry;
import io.tickertape.events.topics.Topic;
import io.tickertape.ingest.feeds.FeedDefinition;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.errors.SerializationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The feed registry as a compacted topic ({@code news.feeds}): read it whole, write definitions, write tombstones, and
 * seed it with a list on the first start. What {@code tickertape feeds ...} and the ingest's start-up use; the
 * running instances follow the topic themselves ({@code SharedIngest}).
 */
public final class FeedTopic {

    private static final Logger LOG = LoggerFactory.getLogger(FeedTopic.class);
    /** More feeds than this in one registry is refused: every instance holds its partitions' definitions in memory. */
    public static final int MAX_FEEDS = 100_000;

    private final Properties clientProperties;
    private final Topic<String, FeedEntry> topic;
    private final Duration timeout;

    public FeedTopic(Properties clientProperties, Topic<String, FeedEntry> topic, Duration timeout) {
        this.clientProperties = clientProperties;
        this.topic = topic;
        this.timeout = timeout;
    }

    /** Every registered feed, by id (the latest value of each key; tombstoned and unreadable ones left out). */
    public Map<String, FeedEntry> list() {
        long deadline = System.nanoTime() + timeout.toNanos();
        Properties p = new Properties();
        p.putAll(clientProperties);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        p.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "tickertape-feeds");
        p.putIfAbsent(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, String.valueOf(timeout.toMillis()));
        Map<String, FeedEntry> feeds = new TreeMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = partitions(consumer, deadline);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> pending = new HashMap<>(consumer.endOffsets(partitions, remaining(deadline)));
            pending.entrySet().removeIf(e -> e.getValue() == 0);
            while (!pending.isEmpty()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topic.name() + " to its end within " + timeout);
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    apply(feeds, r);
                    if (feeds.size() > MAX_FEEDS) {
                        throw new IllegalStateException(topic.name() + " holds more than " + MAX_FEEDS + " feeds");
                    }
                }
                pending.entrySet().removeIf(e -> consumer.position(e.getKey(), remaining(deadline)) >= e.getValue());
            }
        }
        return feeds;
    }

    /** Applies one record of the topic to a registry held in memory. @return the id it changed, or null */
    public String apply(Map<String, FeedEntry> feeds, ConsumerRecord<byte[], byte[]> record) {
        if (record.key() == null) {
            return null;
        }
        String id = topic.key(record);
        if (record.value() == null) {
            feeds.remove(id);
            return id;
        }
        try {
            feeds.put(id, topic.value(record));
        } catch (SerializationException | IllegalArgumentException e) {
            LOG.warn("{} partition {} offset {}: feed {} is unreadable, ignored: {}", topic.name(), record.partition(),
                    record.offset(), id, e.getMessage());
            feeds.remove(id);
        }
        return id;
    }

    /** Whether nothing was ever written to the topic (not even a tombstone): the first start. */
    public boolean neverWritten() {
        long deadline = System.nanoTime() + timeout.toNanos();
        Properties p = new Properties();
        p.putAll(clientProperties);
        p.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "tickertape-feeds");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            return consumer.endOffsets(partitions(consumer, deadline), remaining(deadline)).values().stream().allMatch(o -> o == 0);
        }
    }

    /** Writes (adds or replaces) definitions and waits until every one is acknowledged. */
    public void put(List<FeedDefinition> feeds, Clock clock) {
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (FeedDefinition f : feeds) {
            records.add(topic.serialize(f.name(), f.toEntry(clock.instant())));
        }
        send(records);
    }

    /** Writes a tombstone for each id. */
    public void remove(List<String> ids) {
        send(ids.stream().map(topic::tombstone).toList());
    }

    /**
     * On the first start (nothing ever written) writes {@code feeds}. Two instances starting at once may both seed:
     * they write the same definitions under the same keys, which compaction folds into one.
     *
     * @return how many it wrote (0 when the topic already had a history)
     */
    public int seedIfNeverWritten(List<FeedDefinition> feeds, Clock clock) {
        if (!neverWritten()) {
            return 0;
        }
        put(feeds, clock);
        LOG.info("seeded {} with {} feeds", topic.name(), feeds.size());
        return feeds.size();
    }

    private void send(List<ProducerRecord<byte[], byte[]>> records) {
        Properties p = new Properties();
        p.putAll(clientProperties);
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "tickertape-feeds");
        p.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, String.valueOf(timeout.toMillis()));
        p.putIfAbsent(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, String.valueOf(Math.min(15_000, timeout.toMillis())));
        p.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, String.valueOf(Math.max(timeout.toMillis(), 15_000 + 5)));
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            for (ProducerRecord<byte[], byte[]> r : records) {
                sent.add(producer.send(r));
            }
            for (Future<RecordMetadata> f : sent) {
                f.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing to " + topic.name(), e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot write to " + topic.name() + " within " + timeout + ": "
                    + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()), e);
        }
    }

    private List<TopicPartition> partitions(KafkaConsumer<?, ?> consumer, long deadline) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic.name(), remaining(deadline));
        if (infos == null || infos.isEmpty()) {
            throw new IllegalStateException("topic " + topic.name() + " does not exist (create it with 'tickertape topics --create')");
        }
        return infos.stream().map(i -> new TopicPartition(i.topic(), i.partition())).toList();
    }

    private static Duration remaining(long deadline) {
        return Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime()));
    }
}
