package io.tickertape.ingest.feeds;

import java.time.Duration;
import java.util.Optional;

/**
 * What one poll of one feed did.
 *
 * @param feed         the feed's name
 * @param status       see {@link Status}
 * @param found        articles in the document after normalization
 * @param published    articles newly published by this poll
 * @param reason       for FAILED/SKIPPED: a metric-tag-like reason ({@code timeout}, {@code html}, {@code circuit_open}...)
 * @param message      for FAILED/SKIPPED: one line for an operator
 * @param retryAfter   what the server asked for (429/503), if anything
 * @param took         wall time of the poll
 */
public record PollOutcome(String feed, Status status, int found, int published, String reason, String message,
                          Duration retryAfter, Duration took) {

    public enum Status {
        /** Fetched, parsed and every new article acknowledged. */
        OK,
        /** 304 (or unchanged file): nothing to do. */
        NOT_MODIFIED,
        /** The fetch or the parse failed, or some articles could not be published. */
        FAILED,
        /** Not polled: the circuit is open, or no poll slot freed up in time. */
        SKIPPED
    }

    /** The feed answered with something usable (counts towards the CLI's "at least one feed worked"). */
    public boolean worked() {
        return status == Status.OK || status == Status.NOT_MODIFIED;
    }

    public Optional<Duration> retryAfterHint() {
        return Optional.ofNullable(retryAfter);
    }
}
