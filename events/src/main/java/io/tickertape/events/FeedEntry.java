package io.tickertape.events;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One feed's definition: the value of the compacted {@code news.feeds} topic, keyed by {@link #id()}. A tombstone
 * (null value) under an id removes the feed. Ingest instances share the topic's partitions through one consumer
 * group, so the partition of a feed's id decides which instance polls it.
 *
 * @param id              the feed's id: unique, also the article {@code source} and the {@code feed} metric tag
 * @param url             http(s) or file URL
 * @param intervalSeconds seconds between polls
 * @param enabled         a disabled feed stays registered but is not polled
 * @param tickers         tickers hinted on every article of the feed (per-ticker feeds); may be empty
 * @param updatedAt       when it was last written (by {@code feeds add}, {@code feeds import} or the seed)
 */
public record FeedEntry(
        int schemaVersion,
        String id,
        String url,
        long intervalSeconds,
        boolean enabled,
        List<String> tickers,
        Instant updatedAt) implements Versioned {

    public static final int SCHEMA_VERSION = 1;

    public FeedEntry {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(url, "url");
        if (intervalSeconds < 1) {
            throw new IllegalArgumentException("feed " + id + ": intervalSeconds must be at least 1: " + intervalSeconds);
        }
        tickers = tickers == null ? List.of() : List.copyOf(tickers);
    }
}
