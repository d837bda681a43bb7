package io.tickertape.ingest.publishing;

import io.tickertape.events.Article;
import io.tickertape.events.topics.Topic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;

/**
 * Publishes to {@code news.articles}, keyed by article id, with an idempotent producer ({@code acks=all}), so a
 * retried send never writes a record twice. Compression and a short linger batch a poll's articles together
 * without adding noticeable latency.
 */
public final class KafkaArticlePublisher implements ArticlePublisher {

    private final KafkaProducer<byte[], byte[]> producer;
    private final Topic<String, Article> topic;

    /** @param clientProperties at least {@code bootstrap.servers}; the delivery settings below always win */
    public KafkaArticlePublisher(Properties clientProperties, Topic<String, Article> topic) {
        this.topic = topic;
        this.producer = new KafkaProducer<>(producerProperties(clientProperties), new ByteArraySerializer(), new ByteArraySerializer());
    }

    static Properties producerProperties(Properties clientProperties) {
        Properties p = new Properties();
        p.putAll(clientProperties);
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5"); // the most idempotence allows with ordering
        p.putIfAbsent(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        p.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, "10");
        p.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "tickertape-ingest");
        // Every wait is bounded: metadata/buffer (max.block), one request, and the whole delivery with retries.
        p.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000");
        p.putIfAbsent(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "15000");
        p.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "60000");
        return p;
    }

    @Override
    public CompletableFuture<Void> publish(Article article) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            producer.send(topic.serialize(article.id(), article), (metadata, error) -> {
                if (error == null) {
                    done.complete(null);
                } else {
                    done.completeExceptionally(error);
                }
            });
        } catch (RuntimeException e) { // max.block.ms elapsed, producer closed, serialization failed
            done.completeExceptionally(e);
        }
        return done;
    }

    @Override
    public void flush(Duration timeout) {
        // KafkaProducer.flush has no timeout of its own; delivery.timeout.ms bounds it, and we wait no longer.
        Thread flusher = Thread.ofVirtual().name("article-flush").start(producer::flush);
        try {
            flusher.join(timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close(Duration timeout) {
        producer.close(timeout);
    }
}
