package io.tickertape.ingest.parsing;

import java.util.List;

/**
 * A parsed feed document.
 *
 * @param format   ROME's feed type (e.g. {@code rss_2.0}, {@code atom_1.0}) or {@code news-sitemap}
 * @param title    the channel title, may be null
 * @param link     the channel link (a base for relative item links), may be null
 * @param items    in document order, at most {@link FeedParser#MAX_ITEMS}
 * @param decoded  how the bytes were decoded (charset and why)
 */
public record ParsedFeed(String format, String title, String link, List<RawItem> items, String decoded) {

    public ParsedFeed {
        items = List.copyOf(items);
    }
}
