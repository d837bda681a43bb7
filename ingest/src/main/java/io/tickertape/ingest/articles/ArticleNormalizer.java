package io.tickertape.ingest.articles;

import io.tickertape.events.Article;
import io.tickertape.ingest.parsing.ParsedFeed;
import io.tickertape.ingest.parsing.RawItem;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns a parsed feed into {@link Article}s: plain-text title and summary, a safe absolute link, a trusted date or
 * the fetch time (flagged), ticker hints and a stable id ({@link ArticleIds}). Pure: same input, same output.
 *
 * <p>A GUID is trusted unless it is blank, absurdly long, or shared in the same document by items that differ
 * (publishers that put the site URL or a constant in every {@code guid}); a link is used as identity unless
 * several different items share it (every item linking to the home page). Items that are exact repeats collapse
 * to one article.
 */
public final class ArticleNormalizer {

    public static final int MAX_TITLE_CHARS = 500;
    public static final int MAX_SUMMARY_CHARS = 2000;
    private static final int MAX_GUID_CHARS = 1024;
    /** Dates before this are taken as garbage (epoch 0, year 1, 2-digit-year mistakes). */
    private static final Instant EARLIEST = Instant.parse("1995-01-01T00:00:00Z");
    /** Dates further in the future than this are garbage too; a little skew is normal. */
    private static final Duration MAX_FUTURE = Duration.ofDays(1);

    private ArticleNormalizer() {
    }

    public static List<Article> normalize(ParsedFeed feed, FeedContext context, Instant fetchedAt) {
        List<Prepared> prepared = new ArrayList<>(feed.items().size());
        for (RawItem item : feed.items()) {
            prepare(item, feed, context).ifPresent(prepared::add);
        }
        Set<String> conflictingGuids = conflicting(prepared, true);
        Set<String> conflictingLinks = conflicting(prepared, false);
        Map<String, Article> byId = new LinkedHashMap<>();
        for (Prepared p : prepared) {
            Optional<Instant> published = publishedAt(p.item, fetchedAt);
            String id = id(p, context, published, conflictingGuids, conflictingLinks);
            byId.putIfAbsent(id, new Article(Article.SCHEMA_VERSION, id, p.title, p.summary, p.link, context.source(),
                    context.feedUrl().toString(), published.orElse(fetchedAt), published.isEmpty(), fetchedAt,
                    TickerHints.collect(context.tickers(), p.item.tickers(), p.title, p.summary)));
        }
        return List.copyOf(byId.values());
    }

    private record Prepared(RawItem item, String title, String summary, String link, String guid) {
    }

    private static Optional<Prepared> prepare(RawItem item, ParsedFeed feed, FeedContext context) {
        String title = PlainText.of(item.title(), MAX_TITLE_CHARS);
        String summary = PlainText.of(item.summary(), MAX_SUMMARY_CHARS);
        if (title.isEmpty()) {
            if (summary.isEmpty()) {
                return Optional.empty(); // nothing to score
            }
            title = PlainText.truncate(summary, 200);
        }
        String guid = item.guid() == null || item.guid().isBlank() || item.guid().length() > MAX_GUID_CHARS
                ? null : item.guid().strip();
        String base = context.fetchedFrom().toString();
        Optional<String> link = UrlCanonicalizer.canonical(item.link(), item.xmlBase(), feed.link(), base);
        if (link.isEmpty() && guid != null && item.guidIsPermaLink()) {
            link = UrlCanonicalizer.canonical(guid, item.xmlBase(), feed.link(), base);
        }
        return Optional.of(new Prepared(item, title, summary, link.orElse(null), guid));
    }

    /** GUIDs (or links) that more than one different item claims in this document. */
    private static Set<String> conflicting(List<Prepared> items, boolean guids) {
        Map<String, Set<String>> owners = new HashMap<>();
        for (Prepared p : items) {
            String key = guids ? p.guid : p.link;
            if (key != null) {
                String owner = guids ? p.link + "\n" + p.title : p.title;
                owners.computeIfAbsent(key, k -> new HashSet<>()).add(owner);
            }
        }
        Set<String> out = new HashSet<>();
        owners.forEach((key, who) -> {
            if (who.size() > 1) {
                out.add(key);
            }
        });
        return out;
    }

    private static String id(Prepared p, FeedContext context, Optional<Instant> published,
                             Set<String> conflictingGuids, Set<String> conflictingLinks) {
        if (p.guid != null && !conflictingGuids.contains(p.guid)) {
            Optional<String> guidUrl = p.guid.regionMatches(true, 0, "http", 0, 4)
                    ? UrlCanonicalizer.canonical(p.guid) : Optional.empty();
            if (guidUrl.isPresent()) {
                return ArticleIds.fromUrl(guidUrl.get());
            }
            return ArticleIds.fromGuid(scopeHost(p.link, context), p.guid);
        }
        if (p.link != null && !conflictingLinks.contains(p.link)) {
            return ArticleIds.fromUrl(p.link);
        }
        return ArticleIds.fromContent(context.source(), p.title, published.map(Instant::toString).orElse(""));
    }

    /** Opaque GUIDs are unique per publisher: the article's host, else the feed's host, else the source name. */
    private static String scopeHost(String link, FeedContext context) {
        String host = link == null ? null : URI.create(link).getHost();
        if (host == null) {
            host = context.feedUrl().getHost();
        }
        if (host == null) {
            return "source:" + context.source();
        }
        host = host.toLowerCase(Locale.ROOT);
        return host.startsWith("www.") ? host.substring(4) : host;
    }

    private static Optional<Instant> publishedAt(RawItem item, Instant fetchedAt) {
        Optional<Instant> parsed = FeedDates.parse(item.rawDate());
        if (parsed.isEmpty() && item.romeDate() != null) {
            parsed = Optional.of(item.romeDate());
        }
        return parsed.filter(t -> !t.isBefore(EARLIEST) && !t.isAfter(fetchedAt.plus(MAX_FUTURE)));
    }
}
