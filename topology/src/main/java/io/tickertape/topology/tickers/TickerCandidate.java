package io.tickertape.topology.tickers;

import io.tickertape.events.ScoredArticle;
import io.tickertape.events.Versioned;
import io.tickertape.signals.tickers.TickerMatch;

/** One (scored article, ticker) pair on its way to a signal. */
public record TickerCandidate(int schemaVersion, ScoredArticle scored, TickerMatch ticker) implements Versioned {

    public static final int SCHEMA_VERSION = 1;

    /** The stream key of a candidate: unique per article and ticker. */
    public String key() {
        return scored.article().id() + "|" + ticker.symbol();
    }
}
