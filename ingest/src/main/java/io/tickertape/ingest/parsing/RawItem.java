package io.tickertape.ingest.parsing;

import java.time.Instant;
import java.util.List;

/**
 * One item as the feed wrote it, before normalization: text may still hold markup, links may be relative.
 *
 * @param guid             RSS {@code guid} or Atom {@code id}; null when absent
 * @param guidIsPermaLink  RSS {@code isPermaLink} (true when the attribute is absent, per the RSS spec)
 * @param link             the item's link as written (may be relative)
 * @param title            may hold markup or entities
 * @param summary          description, summary or content; may hold markup
 * @param rawDate          the date text as written (pubDate, dc:date, published, updated...); null when absent
 * @param romeDate         ROME's reading of the date, used when {@code rawDate} defeats our parser
 * @param xmlBase          the effective {@code xml:base} of the item, or null
 * @param tickers          tickers the item itself names (Seeking Alpha symbol categories, news-sitemap stock tickers)
 */
public record RawItem(
        String guid,
        boolean guidIsPermaLink,
        String link,
        String title,
        String summary,
        String rawDate,
        Instant romeDate,
        String xmlBase,
        List<String> tickers) {

    public RawItem {
        tickers = tickers == null ? List.of() : List.copyOf(tickers);
    }
}
