package io.tickertape.ingest.sharing;

import io.tickertape.events.Article;
import io.tickertape.ingest.publishing.ArticlePublisher;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** What a feed's poller publishes through: the fenced publisher, bound to the {@code news.feeds} partition of the feed. */
final class PartitionPublisher implements ArticlePublisher {

    private final FencedArticlePublisher publisher;
    private final TopicPartition partition;

    PartitionPublisher(FencedArticlePublisher publisher, TopicPartition partition) {
        this.publisher = publisher;
        this.partition = partition;
    }

    @Override
    public CompletableFuture<Void> publish(Article article) {
        return publisher.publish(partition, List.of(article)).getFirst();
    }

    @Override
    public List<CompletableFuture<Void>> publishAll(List<Article> articles) {
        return publisher.publish(partition, articles);
    }

    @Override
    public void flush(Duration timeout) {
        // each publish commits its own transaction before it returns
    }

    @Override
    public void close(Duration timeout) {
        // the shared publisher is closed by SharedIngest
    }
}
