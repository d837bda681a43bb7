package io.tickertape.ingest.publishing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tickertape.events.topics.JsonSerde;
import io.tickertape.events.Article;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * {@code --dry-run}: one JSON object per line per article, on the given writer (stdout). Fields: id, title, summary,
 * link, source, published, publishedEstimated, fetched, tickers, feed.
 */
public final class JsonLinesPublisher implements ArticlePublisher {

    private static final ObjectMapper MAPPER = JsonSerde.MAPPER;

    private final PrintWriter out;

    public JsonLinesPublisher(PrintWriter out) {
        this.out = out;
    }

    public static String toJson(Article a) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("id", a.id());
        node.put("title", a.title());
        node.put("summary", a.summary());
        node.put("link", a.link());
        node.put("source", a.source());
        node.put("published", a.publishedAt().toString());
        node.put("publishedEstimated", a.publishedEstimated());
        node.put("fetched", a.fetchedAt().toString());
        node.putPOJO("tickers", a.tickerHints());
        node.put("feed", a.feedUrl());
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write article " + a.id() + " as JSON", e);
        }
    }

    @Override
    public CompletableFuture<Void> publish(Article article) {
        try {
            String line = toJson(article);
            synchronized (out) { // one whole line at a time when feeds publish concurrently
                out.println(line);
            }
            return CompletableFuture.completedFuture(null);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public void flush(Duration timeout) {
        synchronized (out) {
            out.flush();
        }
    }

    @Override
    public void close(Duration timeout) {
        flush(timeout);
    }
}
