package io.tickertape.topology.tickers;

import io.tickertape.events.Article;
import io.tickertape.signals.tickers.TickerMatch;

import java.util.List;

/**
 * An article with the tickers resolved for it, once, at the ticker gate (most relevant first, including matches
 * below the relevance floor). Passed from the gate to the sentiment stage inside one task; the sentiment stage
 * buffers the matches in its {@code PendingArticle}, so it never goes on a topic itself.
 */
public record ResolvedArticle(Article article, List<TickerMatch> tickers) {
    public ResolvedArticle {
        tickers = List.copyOf(tickers);
    }
}
