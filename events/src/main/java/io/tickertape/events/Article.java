package io.tickertape.events;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A normalized news article: the value of {@code news.articles}, keyed by {@link #id()}.
 *
 * @param id                   stable article id (trusted GUID, else canonical URL, else hash of source, title, date)
 * @param title                plain text, no markup
 * @param summary              plain text, no markup; may be empty
 * @param link                 absolute http(s) URL, or null when the feed gave none that is safe
 * @param source               publisher name (the feed's name in the registry)
 * @param feedUrl              the feed the article came from
 * @param publishedAt          when the publisher says it was published; the fetch time when {@code publishedEstimated}
 * @param publishedEstimated   true when the feed had no parseable date and {@code publishedAt} is the fetch time
 * @param fetchedAt            when the poller fetched it
 * @param tickerHints          tickers the feed itself names (per-ticker feeds, cashtags), upper case
 */
public record Article(
        int schemaVersion,
        String id,
        String title,
        String summary,
        String link,
        String source,
        String feedUrl,
        Instant publishedAt,
        boolean publishedEstimated,
        Instant fetchedAt,
        List<String> tickerHints) implements Versioned {

    public static final int SCHEMA_VERSION = 1;

    public Article {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(publishedAt, "publishedAt");
        summary = summary == null ? "" : summary;
        tickerHints = tickerHints == null ? List.of() : List.copyOf(tickerHints);
    }

    /** Title and summary as one text, which is what the model scores. */
    public String text() {
        return summary.isBlank() ? title : title + ". " + summary;
    }
}
