package io.tickertape.topology.sentiment;

import io.tickertape.events.Article;
import io.tickertape.events.Versioned;
import io.tickertape.signals.tickers.TickerMatch;

import java.util.List;

/**
 * An article waiting in the batch buffer, with the timestamp of the record that brought it (so the scored record
 * keeps its event time), its arrival order within the task, its origin (for a dead letter if it can't be scored),
 * and the tickers the ticker gate resolved for it.
 * <p>
 * Schema 2 added {@code tickers}. A schema-1 entry (restored from a changelog written before) has none:
 * {@link #tickers} is then null and the sentiment stage resolves them when it scores the article.
 */
public record PendingArticle(int schemaVersion, Article article, long timestamp, long sequence, String sourceTopic,
                             int partition, long offset, List<TickerMatch> tickers) implements Versioned {
    public static final int SCHEMA_VERSION = 2;
}
