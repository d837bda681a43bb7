package io.tickertape.ingest;

import io.tickertape.ingest.fetch.FetchLimits;

import java.time.Duration;
import java.util.Objects;

/**
 * How the ingest behaves, beyond the feed list.
 *
 * @param fetch                 per-fetch bounds (timeouts, redirects, body size, User-Agent)
 * @param maxConcurrentPolls    polls running at once; a feed never holds more than one, so one feed cannot delay the others
 * @param maxArticleAge         articles published longer ago than this are not published (null: no limit). Keep it
 *                              no longer than the seen-id read-back window, else a restart could republish them
 * @param maxBackoff            cap of the per-feed exponential backoff after failures
 * @param failuresToOpenCircuit consecutive failed polls that open the feed's circuit breaker
 * @param openCircuitFor        how long an open circuit stops polling before one trial poll
 * @param publishTimeout        how long a poll waits for its articles to be acknowledged
 * @param shutdownTimeout       how long {@link IngestService#close()} waits for running polls and the final flush
 * @param startSpread           first polls are spread at random over this, so 50 feeds do not all fire at once
 */
public record IngestSettings(
        FetchLimits fetch,
        int maxConcurrentPolls,
        Duration maxArticleAge,
        Duration maxBackoff,
        int failuresToOpenCircuit,
        Duration openCircuitFor,
        Duration publishTimeout,
        Duration shutdownTimeout,
        Duration startSpread) {

    public IngestSettings {
        Objects.requireNonNull(fetch, "fetch");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        Objects.requireNonNull(openCircuitFor, "openCircuitFor");
        Objects.requireNonNull(publishTimeout, "publishTimeout");
        Objects.requireNonNull(shutdownTimeout, "shutdownTimeout");
        Objects.requireNonNull(startSpread, "startSpread");
        if (maxConcurrentPolls < 1 || maxConcurrentPolls > 1000) {
            throw new IllegalArgumentException("maxConcurrentPolls must be within 1..1000: " + maxConcurrentPolls);
        }
        if (failuresToOpenCircuit < 1 || failuresToOpenCircuit > 100) {
            throw new IllegalArgumentException("failuresToOpenCircuit must be within 1..100: " + failuresToOpenCircuit);
        }
        if (maxArticleAge != null && (maxArticleAge.isNegative() || maxArticleAge.isZero())) {
            maxArticleAge = null;
        }
    }

    /** 8 concurrent polls, 72 h article age, backoff up to 15 min, circuit opens after 5 failures for 10 min. */
    public static IngestSettings defaults() {
        return new IngestSettings(FetchLimits.defaults(), 8, Duration.ofHours(72), Duration.ofMinutes(15), 5,
                Duration.ofMinutes(10), Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofSeconds(2));
    }

    public IngestSettings withFetch(FetchLimits limits) {
        return new IngestSettings(limits, maxConcurrentPolls, maxArticleAge, maxBackoff, failuresToOpenCircuit, openCircuitFor,
                publishTimeout, shutdownTimeout, startSpread);
    }

    public IngestSettings withMaxConcurrentPolls(int n) {
        return new IngestSettings(fetch, n, maxArticleAge, maxBackoff, failuresToOpenCircuit, openCircuitFor,
                publishTimeout, shutdownTimeout, startSpread);
    }

    /** @param age null or zero for no limit */
    public IngestSettings withMaxArticleAge(Duration age) {
        return new IngestSettings(fetch, maxConcurrentPolls, age, maxBackoff, failuresToOpenCircuit, openCircuitFor,
                publishTimeout, shutdownTimeout, startSpread);
    }

    public IngestSettings withCircuit(int failures, Duration openFor) {
        return new IngestSettings(fetch, maxConcurrentPolls, maxArticleAge, maxBackoff, failures, openFor,
                publishTimeout, shutdownTimeout, startSpread);
    }

    public IngestSettings withMaxBackoff(Duration backoff) {
        return new IngestSettings(fetch, maxConcurrentPolls, maxArticleAge, backoff, failuresToOpenCircuit, openCircuitFor,
                publishTimeout, shutdownTimeout, startSpread);
    }

    public IngestSettings withStartSpread(Duration spread) {
        return new IngestSettings(fetch, maxConcurrentPolls, maxArticleAge, maxBackoff, failuresToOpenCircuit, openCircuitFor,
                publishTimeout, shutdownTimeout, spread);
    }
}
