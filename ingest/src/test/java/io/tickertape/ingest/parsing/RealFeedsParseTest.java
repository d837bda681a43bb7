package io.tickertape.ingest.parsing;

import io.tickertape.events.Article;
import io.tickertape.ingest.Fixtures;
import io.tickertape.ingest.articles.ArticleNormalizer;
import io.tickertape.ingest.articles.FeedContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Every real capture in the shared data parses and normalizes into sane articles. */
class RealFeedsParseTest {

    private static final Instant FETCHED = Instant.parse("2026-11-21T12:00:00Z");
    /** Item counts from the captures' README. */
    private static final Map<String, Integer> EXPECTED_ITEMS = Map.ofEntries(
            Map.entry("yahoo_finance_topstories_rss2.xml", 48), Map.entry("cnbc_finance_rss2.xml", 30),
            Map.entry("cnbc_international_topnews_rss2.xml", 30), Map.entry("investing_com_stock_market_news_rss2.xml", 10),
            Map.entry("bloomberg_markets_rss2.xml", 20), Map.entry("ft_international_rss2.xml", 12),
            Map.entry("economist_finance_economics_rss2.xml", 300), Map.entry("bbc_business_rss2.xml", 52),
            Map.entry("googlenews_site_reuters_rss2.xml", 100), Map.entry("seekingalpha_symbol_AAPL_rss2.xml", 20),
            Map.entry("nytimes_business_rss2.xml", 50), Map.entry("bloomberg_news_sitemap.xml", 16),
            Map.entry("sec_edgar_company_filings_atom_cik0001844419.xml", 5),
            Map.entry("sec_edgar_company_filings_atom_cik0001889983.xml", 55),
            Map.entry("sec_edgar_usgaap_xbrl_rss2.xml", 200), Map.entry("sec_press_releases_rss2.xml", 25),
            Map.entry("rss1_rdf_iso8859_golem_de.xml", 1));

    static List<Path> files() {
        return Fixtures.realFeedFiles();
    }

    private static List<Article> articles(Path file) throws Exception {
        ParsedFeed feed = new FeedParser().parse(Files.readAllBytes(file), null, file.toUri());
        return ArticleNormalizer.normalize(feed, new FeedContext(file.getFileName().toString(), URI.create("https://feeds.example/x.xml"), List.of()), FETCHED);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void parsesIntoSaneArticles(Path file) throws Exception {
        ParsedFeed feed = new FeedParser().parse(Files.readAllBytes(file), null, file.toUri());
        Integer expected = EXPECTED_ITEMS.get(file.getFileName().toString());
        if (expected != null) {
            assertThat(feed.items()).as("items in " + file.getFileName()).hasSize(expected);
        } else {
            assertThat(feed.items()).isNotEmpty();
        }
        List<Article> articles = articles(file);
        assertThat(articles).isNotEmpty();
        Set<String> ids = new HashSet<>();
        for (Article a : articles) {
            assertThat(ids.add(a.id())).as("unique id " + a.id()).isTrue();
            assertThat(a.id()).matches("[guh]-[0-9a-f]{32}");
            assertThat(a.title()).isNotBlank().doesNotContain("<", "\n").isEqualTo(a.title().strip());
            assertThat(a.summary()).doesNotContain("<script", "\n");
            if (a.link() != null) {
                assertThat(a.link()).matches("https?://[^\\s]+");
            }
            assertThat(a.publishedAt()).isBefore(FETCHED.plusSeconds(86_400));
        }
        // Every real capture has dates on its items (RSS 1.0 golem and debian carry dc:date).
        assertThat(articles).as("dated articles in " + file.getFileName()).anyMatch(a -> !a.publishedEstimated());
    }

    @Test
    void oddDateFormatsAreReadExactly() throws Exception {
        Path feeds = Fixtures.sharedFeeds();
        // Investing.com: "2026-08-14 07:54:20" with no zone reads as UTC.
        assertThat(articles(feeds.resolve("investing_com_stock_market_news_rss2.xml")))
                .anyMatch(a -> a.publishedAt().equals(Instant.parse("2026-08-14T07:54:20Z")))
                .allMatch(a -> !a.publishedEstimated());
        // SEC: "Fri, 24 Jan 2025 17:08:44 EST" is 22:08:44 UTC.
        assertThat(articles(feeds.resolve("sec_edgar_usgaap_xbrl_rss2.xml")))
                .anyMatch(a -> a.publishedAt().equals(Instant.parse("2025-01-24T22:08:44Z")))
                .allMatch(a -> !a.publishedEstimated());
        // CNBC: GMT dates without seconds; Yahoo: ISO 8601 pubDate.
        assertThat(articles(feeds.resolve("cnbc_finance_rss2.xml"))).allMatch(a -> !a.publishedEstimated());
        assertThat(articles(feeds.resolve("yahoo_finance_topstories_rss2.xml")))
                .anyMatch(a -> a.publishedAt().equals(Instant.parse("2026-08-12T22:17:00Z")));
    }

    @Test
    void feedSpecificDetailsSurvive() throws Exception {
        Path feeds = Fixtures.sharedFeeds();
        // Seeking Alpha: symbol categories become ticker hints; the numeric guid is scoped, not global.
        List<Article> sa = articles(feeds.resolve("seekingalpha_symbol_AAPL_rss2.xml"));
        assertThat(sa.getFirst().tickerHints()).contains("ORCL", "NVDA");
        assertThat(sa).allMatch(a -> a.id().startsWith("g-"));
        // SEC press releases: titles padded with whitespace and newlines are trimmed; "&amp;nbsp;" is a space.
        List<Article> press = articles(feeds.resolve("sec_press_releases_rss2.xml"));
        assertThat(press.getFirst().title()).isEqualTo("Acting Chairman Mark T. Uyeda Names Acting Senior Staff");
        assertThat(press).allMatch(a -> !a.summary().contains("&nbsp;") && !a.summary().contains("\u00a0"));
        // EDGAR Atom in ISO-8859-1 decodes; links are absolute sec.gov URLs.
        List<Article> edgar = articles(feeds.resolve("sec_edgar_company_filings_atom_cik0001889983.xml"));
        assertThat(edgar).allMatch(a -> a.link() != null && a.link().startsWith("https://www.sec.gov/"));
        // Bloomberg news sitemap: titles and dates from news:* elements.
        List<Article> sitemap = articles(feeds.resolve("bloomberg_news_sitemap.xml"));
        assertThat(sitemap).hasSize(16).allMatch(a -> a.link().startsWith("https://www.bloomberg.com/"));
        assertThat(sitemap.getFirst().publishedAt()).isEqualTo(Instant.parse("2026-03-15T00:48:24.900Z"));
        // Google News: HTML-escaped descriptions become plain text.
        assertThat(articles(feeds.resolve("googlenews_site_reuters_rss2.xml"))).allMatch(a -> !a.summary().contains("<a"));
    }
}
