package io.tickertape.topology.enrichment;

import io.tickertape.events.Versioned;
import io.tickertape.topology.tickers.TickerCandidate;

/**
 * A candidate waiting for a usable price: the source was rate-limited, timed out, or its quote was stale.
 *
 * @param attempts  tries so far
 * @param timestamp the event time of the record that brought it (kept for the signal it may become)
 * @param lastReason why the last try failed
 */
public record HeldCandidate(int schemaVersion, TickerCandidate candidate, int attempts, long timestamp,
                            String lastReason) implements Versioned {
    public static final int SCHEMA_VERSION = 1;
}
