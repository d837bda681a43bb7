package io.tickertape.ingest.publishing;

import io.tickertape.events.Article;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Where new articles go. Implementations are thread-safe. */
public interface ArticlePublisher extends AutoCloseable {

    /** Completes when the article is durably written (for Kafka: acknowledged by all in-sync replicas). Never throws. */
    CompletableFuture<Void> publish(Article article);

    /**
     * Publishes one poll's new articles; one future per article, in order. A transactional publisher makes them
     * visible together or not at all.
     */
    default List<CompletableFuture<Void>> publishAll(List<Article> articles) {
        return articles.stream().map(this::publish).toList();
    }

    /** Waits, at most {@code timeout}, for everything published so far. */
    void flush(Duration timeout);

    /** Flushes (bounded by {@code timeout}) and releases resources. */
    void close(Duration timeout);

    @Override
    default void close() {
        close(Duration.ofSeconds(10));
    }
}
