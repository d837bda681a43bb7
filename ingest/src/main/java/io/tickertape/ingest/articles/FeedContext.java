package io.tickertape.ingest.articles;

import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * What the normalizer knows about the feed an item came from.
 *
 * @param source       the publisher name written into each article (the registry's feed name)
 * @param feedUrl      the feed's configured URL, written into each article
 * @param fetchedFrom  where the document actually came from (after redirects): the last-resort base for relative links
 * @param tickers      the feed's own tickers (per-ticker feeds), hinted on every article
 */
public record FeedContext(String source, URI feedUrl, URI fetchedFrom, List<String> tickers) {

    public FeedContext {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(feedUrl, "feedUrl");
        fetchedFrom = fetchedFrom == null ? feedUrl : fetchedFrom;
        tickers = tickers == null ? List.of() : List.copyOf(tickers);
    }

    /** For a document fetched from its configured URL. */
    public FeedContext(String source, URI feedUrl, List<String> tickers) {
        this(source, feedUrl, feedUrl, tickers);
    }
}
