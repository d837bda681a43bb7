package io.tickertape.ingest.sharing;

import io.tickertape.events.Article;
import io.tickertape.events.topics.Topic;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Publishes one poll's articles in one Kafka transaction that also commits the feed's {@code news.feeds} partition
 * offset with the group generation this instance owns it under (KIP-447). The group coordinator refuses that commit
 * from an owner a rebalance has replaced, and the transaction, articles included, is aborted: a stale owner cannot
 * publish. A new owner's offset fetch waits for a transaction still open on its partitions, and readers of
 * {@code news.articles} read committed, so what the old owner published is either visible before the new owner
 * starts, or never.
 * <p>Still idempotent and keyed by article id. One transaction at a time (a producer allows no more); polls with new
 * articles are rare next to 304s, so this is not the bottleneck.
 */
final class FencedArticlePublisher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FencedArticlePublisher.class);
    private static final int ATTEMPTS = 3;
    /** How long a refused transaction waits for the rebalance that caused it to finish. */
    private static final Duration REBALANCE_WAIT = Duration.ofSeconds(5);

    /** The transaction was refused: this instance does not own the feed's partition (any more). */
    static final class FencedException extends RuntimeException {
        FencedException(String message) {
            super(message);
        }
    }

    private final Properties properties;
    private final Topic<String, Article> topic;
    private final Ownership ownership;
    private final ReentrantLock lock = new ReentrantLock();
    private KafkaProducer<byte[], byte[]> producer;

    /**
     * @param transactionTimeout how long the broker keeps a crashed owner's transaction open before aborting it;
     *                           a new owner waits at most this long for the partitions it gained
     */
    FencedArticlePublisher(Properties clientProperties, Topic<String, Article> topic, String groupId, Ownership ownership,
                           Duration transactionTimeout) {
        this.topic = topic;
        this.ownership = ownership;
        Properties p = new Properties();
        p.putAll(clientProperties);
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
        // Unique per process: the fence is the group generation (KIP-447), not a transactional id per partition.
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, groupId + "-" + UUID.randomUUID());
        p.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, Long.toString(transactionTimeout.toMillis()));
        p.putIfAbsent(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        p.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, "5");
        p.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "tickertape-ingest");
        p.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000");
        p.putIfAbsent(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "15000");
        p.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "30000");
        this.properties = p;
        this.producer = newProducer();
    }

    private KafkaProducer<byte[], byte[]> newProducer() {
        KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(properties, new ByteArraySerializer(), new ByteArraySerializer());
        p.initTransactions(); // also aborts whatever an earlier producer of this id left open
        return p;
    }

    /**
     * Publishes {@code articles} of a feed in {@code partition} atomically. Returns completed futures: all done, or
     * all failed (a {@link FencedException} when the partition is not owned under the current generation).
     */
    List<CompletableFuture<Void>> publish(TopicPartition partition, List<Article> articles) {
        RuntimeException failure = null;
        lock.lock();
        try {
            for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
                ConsumerGroupMetadata generation = ownership.generation();
                if (!ownership.owns(partition) || generation == null) {
                    failure = new FencedException(partition + " is not owned by this instance");
                    break;
                }
                try {
                    producer.beginTransaction();
                    for (Article a : articles) {
                        producer.send(topic.serialize(a.id(), a));
                    }
                    producer.sendOffsetsToTransaction(Map.of(partition, new OffsetAndMetadata(ownership.position(partition))), generation);
                    producer.commitTransaction();
                    return done(articles.size(), null);
                } catch (KafkaException e) {
                    failure = e;
                    abortOrRenew(e);
                    // Refused during a rebalance: when it keeps the partition here, the same articles once more under
                    // the new generation. Otherwise the feed's next poll retries (its claims are released).
                    if (!awaitNewGeneration(partition, generation)) {
                        LOG.info("{}: transaction refused under generation {} ({}); the feed's next poll retries", partition,
                                generation.generationId(), e.toString());
                        break;
                    }
                    LOG.debug("{}: transaction refused under generation {}; retrying under {}", partition,
                            generation.generationId(), ownership.generation().generationId());
                }
            }
        } finally {
            lock.unlock();
        }
        if (!(failure instanceof FencedException) && !ownership.owns(partition)) {
            failure = new FencedException(partition + " moved to another instance: " + failure.getMessage());
        }
        return done(articles.size(), failure);
    }

    /** Waits (bounded) for a rebalance in progress to end. @return true if it did and the partition is still here */
    private boolean awaitNewGeneration(TopicPartition partition, ConsumerGroupMetadata old) {
        long deadline = System.nanoTime() + REBALANCE_WAIT.toNanos();
        while (ownership.owns(partition) && sameGeneration(ownership.generation(), old) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return ownership.owns(partition) && !sameGeneration(ownership.generation(), old);
    }

    private static boolean sameGeneration(ConsumerGroupMetadata a, ConsumerGroupMetadata b) {
        return a == null || b == null || a.generationId() == b.generationId() && a.memberId().equals(b.memberId());
    }

    private void abortOrRenew(KafkaException cause) {
        try {
            producer.abortTransaction();
        } catch (RuntimeException e) {
            // Fatal for this producer (fenced epoch, timed-out abort...): a new one with the same id aborts what is open.
            LOG.warn("transactional producer failed ({}); creating a new one", cause.getMessage());
            try {
                producer.close(Duration.ZERO);
            } catch (RuntimeException ignored) {
                // it is being replaced
            }
            producer = newProducer();
        }
    }

    private static List<CompletableFuture<Void>> done(int n, RuntimeException failure) {
        List<CompletableFuture<Void>> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(failure == null ? CompletableFuture.completedFuture(null) : CompletableFuture.failedFuture(failure));
        }
        return out;
    }

    @Override
    public void close() {
        lock.lock();
        try {
            producer.close(Duration.ofSeconds(10));
        } finally {
            lock.unlock();
        }
    }
}
