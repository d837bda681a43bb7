package io.tickertape.signals.tickers;

import java.util.List;

/** Finds the companies an article is about. Immutable and thread-safe. */
public final class TickerResolver {

    private TickerResolver() {
    }

    /** The shipped compact company table plus curated aliases and ambiguity rules (classpath resources). */
    public static TickerResolver loadDefault() {
        throw new UnsupportedOperationException("in progress");
    }

    /**
     * Companies mentioned in an article, most relevant first.
     *
     * @param title       the headline (mentions here weigh most)
     * @param summary     the lead or summary, may be null
     * @param tickerHints tickers the feed itself attached to the article (e.g. Yahoo's symbol feed), may be empty
     */
    public List<TickerMatch> resolve(String title, String summary, List<String> tickerHints) {
        throw new UnsupportedOperationException("in progress");
    }
}
