package io.tickertape.signals.tickers;

import java.util.List;

/** Finds the companies an article is about; {@link TickerResolver} is the implementation. */
@FunctionalInterface
public interface TickerLookup {

    /**
     * Companies mentioned in an article, most relevant first.
     *
     * @param title       the headline (mentions here weigh most)
     * @param summary     the lead or summary, may be null
     * @param tickerHints tickers the feed itself attached to the article, may be null or empty
     */
    List<TickerMatch> resolve(String title, String summary, List<String> tickerHints);
}
