package io.tickertape.ingest.feeds;

import io.tickertape.events.FeedEntry;
import io.tickertape.ingest.articles.TickerHints;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One feed in the registry.
 *
 * @param name      unique, short, used as the article {@code source} and the {@code feed} metric tag
 * @param url       http(s) or file URL
 * @param interval  time between polls (at least {@link #MIN_INTERVAL})
 * @param enabled   disabled feeds stay in the file but are not polled
 * @param tickers   tickers hinted on every article of the feed (per-ticker feeds); may be empty
 */
public record FeedDefinition(String name, URI url, Duration interval, boolean enabled, List<String> tickers) {

    public static final Duration MIN_INTERVAL = Duration.ofSeconds(1);
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(60);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,63}");

    public FeedDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(interval, "interval");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("feed name must be 1-64 of letters, digits, '.', '_', ':' or '-': '" + name + "'");
        }
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") && !scheme.equals("file")) {
            throw new IllegalArgumentException("feed " + name + ": URL must be http, https or file: " + url);
        }
        if (!scheme.equals("file") && (url.getHost() == null || url.getHost().isBlank())) {
            throw new IllegalArgumentException("feed " + name + ": URL has no host: " + url);
        }
        if (interval.compareTo(MIN_INTERVAL) < 0) {
            throw new IllegalArgumentException("feed " + name + ": interval must be at least " + MIN_INTERVAL.toSeconds() + "s");
        }
        List<String> normalized = new ArrayList<>();
        for (String t : tickers == null ? List.<String>of() : tickers) {
            String n = TickerHints.normalize(t);
            if (n == null) {
                throw new IllegalArgumentException("feed " + name + ": not a ticker: '" + t + "'");
            }
            normalized.add(n);
        }
        tickers = List.copyOf(normalized);
    }

    public static FeedDefinition of(String name, URI url) {
        return new FeedDefinition(name, url, DEFAULT_INTERVAL, true, List.of());
    }

    public FeedDefinition withInterval(Duration newInterval) {
        return new FeedDefinition(name, url, newInterval, enabled, tickers);
    }

    /** As a {@code news.feeds} value, keyed by the name (the interval in whole seconds, at least 1). */
    public FeedEntry toEntry(Instant updatedAt) {
        return new FeedEntry(FeedEntry.SCHEMA_VERSION, name, url.toString(), Math.max(1, interval.toSeconds()), enabled, tickers, updatedAt);
    }

    /** From a {@code news.feeds} value; an entry this build cannot use is an {@link IllegalArgumentException}. */
    public static FeedDefinition fromEntry(FeedEntry entry) {
        try {
            return new FeedDefinition(entry.id(), new URI(entry.url()), Duration.ofSeconds(entry.intervalSeconds()), entry.enabled(), entry.tickers());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("feed " + entry.id() + ": not a URL: " + entry.url());
        }
    }
}
