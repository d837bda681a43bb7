package io.tickertape.ingest;

import io.tickertape.events.Article;
import io.tickertape.ingest.publishing.ArticlePublisher;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/** Keeps what it is given; can be told to fail. */
public final class RecordingPublisher implements ArticlePublisher {

    public final List<Article> published = new CopyOnWriteArrayList<>();
    public final AtomicBoolean failing = new AtomicBoolean();
    public final AtomicBoolean closed = new AtomicBoolean();

    @Override
    public CompletableFuture<Void> publish(Article article) {
        if (failing.get()) {
            return CompletableFuture.failedFuture(new IllegalStateException("broker down"));
        }
        published.add(article);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void flush(Duration timeout) {
    }

    @Override
    public void close(Duration timeout) {
        closed.set(true);
    }
}
