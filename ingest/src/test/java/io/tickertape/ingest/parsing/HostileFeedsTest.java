package io.tickertape.ingest.parsing;

import com.rometools.rome.io.FeedException;
import com.rometools.rome.io.SyndFeedInput;
import io.tickertape.events.Article;
import io.tickertape.ingest.Fixtures;
import io.tickertape.ingest.articles.ArticleNormalizer;
import io.tickertape.ingest.articles.FeedContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The hostile fixtures: each is refused with a clear one-line error, or parsed safely. */
class HostileFeedsTest {

    private static final Instant FETCHED = Instant.parse("2026-11-21T12:00:00Z");
    private static final URI FEED = URI.create("https://hostile.example/feed.xml");
    private final FeedParser parser = new FeedParser();

    private List<Article> normalize(String fixture) throws FeedParseException {
        ParsedFeed feed = parser.parse(Fixtures.hostile(fixture), null, FEED);
        return ArticleNormalizer.normalize(feed, new FeedContext("hostile", FEED, List.of()), FETCHED);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "xxe-file.xml,          DOCTYPE,   DTD",
            "xxe-parameter.xml,     DOCTYPE,   DTD",
            "billion-laughs.xml,    DOCTYPE,   DTD",
            "truncated.xml,         MALFORMED, malformed XML at line",
            "html-page.html,        HTML,      got an HTML page, not a feed (title: \"Sign in to continue\")",
            "html-no-doctype.html,  HTML,      got an HTML page",
            "empty.xml,             EMPTY,     empty body (0 bytes)",
            "whitespace-only.xml,   EMPTY,     empty body (6 bytes)",
            "not-xml.json,          NOT_A_FEED, not XML: the body starts with '{\"error\"",
            "xml-not-a-feed.xml,    NOT_A_FEED, root element is <Error>",
    })
    void isRefusedWithAOneLineMessage(String fixture, FeedParseException.Kind kind, String message) {
        assertThatThrownBy(() -> parser.parse(Fixtures.hostile(fixture), null, FEED))
                .isInstanceOfSatisfying(FeedParseException.class, e -> {
                    assertThat(e.kind()).isEqualTo(kind);
                    assertThat(e.getMessage()).contains(message).doesNotContain("\n").hasSizeLessThan(300);
                });
    }

    @Test
    void xxeNeverReadsTheFileEvenWhereADoctypeWouldBeDropped() throws Exception {
        // A DOCTYPE that only names an external DTD (old RSS 0.91 style) is dropped, never fetched.
        List<Article> articles = normalize("xxe-external-dtd.xml");
        assertThat(articles).singleElement().satisfies(a -> assertThat(a.title()).isEqualTo("Harmless item after a dropped DOCTYPE"));
        assertThat(articles.getFirst().summary()).doesNotContain("root:");
    }

    @Test
    void romeItselfRefusesDoctypesByDefault() throws Exception {
        // ROME 2.1 disallows DOCTYPEs unless told otherwise; we also set it explicitly and parse before ROME anyway.
        SyndFeedInput rome = new SyndFeedInput();
        assertThat(rome.isAllowDoctypes()).isFalse();
        for (String fixture : List.of("xxe-file.xml", "billion-laughs.xml")) {
            assertThatThrownBy(() -> rome.build(new InputStreamReader(new ByteArrayInputStream(Fixtures.hostile(fixture)), StandardCharsets.UTF_8)))
                    .as(fixture).isInstanceOf(FeedException.class).hasMessageContaining("DOCTYPE");
        }
    }

    @Test
    void absurdNestingIsRefusedNotAStackOverflow() {
        String deep = "<rss version=\"2.0\"><channel><title>deep</title><item><title>x</title><description>"
                + "<b>".repeat(100_000) + "</description></item></channel></rss>";
        assertThatThrownBy(() -> parser.parse(deep.getBytes(StandardCharsets.UTF_8), null, FEED))
                .isInstanceOfSatisfying(FeedParseException.class, e ->
                        assertThat(e.getMessage()).contains("nested deeper than " + FeedParser.MAX_DEPTH));
    }

    @Test
    void truncatedDocumentYieldsNoItemAtAll() {
        // The first item is complete, yet nothing comes out: the document is parsed whole or not at all.
        assertThatThrownBy(() -> parser.parse(Fixtures.hostile("truncated.xml"), null, FEED))
                .isInstanceOf(FeedParseException.class);
        byte[] whole = Fixtures.hostile("truncated.xml");
        for (int cut = 40; cut < whole.length; cut += 37) {
            byte[] part = java.util.Arrays.copyOf(whole, cut);
            assertThatThrownBy(() -> parser.parse(part, null, FEED)).as("cut at " + cut).isInstanceOf(FeedParseException.class);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"utf16le-bom.xml", "utf16be-bom.xml", "utf8-bom.xml", "utf8-declared-utf16.xml"})
    void unicodeEncodingsDecode(String fixture) throws Exception {
        assertThat(normalize(fixture)).singleElement().extracting(Article::title)
                .isEqualTo("Société Générale: “résultats” en hausse — 5 €");
    }

    @Test
    void latin1DeclaredAsUtf8FallsBackInsteadOfFailing() throws Exception {
        assertThat(normalize("latin1-declared-utf8.xml")).singleElement().extracting(Article::title)
                .isEqualTo("Nestlé and Hermès shares fall; café prices up");
    }

    @ParameterizedTest
    @ValueSource(strings = {"cp1252-undeclared.xml", "iso8859-declared-with-cp1252-quotes.xml"})
    void windows1252QuotesSurvive(String fixture) throws Exception {
        assertThat(normalize(fixture)).singleElement().extracting(Article::title)
                .isEqualTo("Nestlé “beats” forecasts – shares up");
    }

    @Test
    void duplicateGuidsAreNotTrustedAndRepeatedItemsCollapse() throws Exception {
        List<Article> articles = normalize("duplicate-guids.xml");
        // Three different stories share one guid: each keeps its own id (from its link); the exact repeat collapses.
        assertThat(articles).extracting(Article::title).containsExactly(
                "Acme beats earnings estimates", "Globex misses revenue forecast", "Initech announces layoffs",
                "Umbrella Corp raises guidance");
        assertThat(articles).extracting(Article::id).doesNotHaveDuplicates();
        assertThat(articles.subList(0, 3)).allMatch(a -> a.id().startsWith("u-"));
        assertThat(articles.get(3).id()).startsWith("g-");
    }

    @Test
    void missingOrNonsenseDatesUseTheFetchTimeAndAreFlagged() throws Exception {
        List<Article> articles = normalize("missing-dates.xml");
        assertThat(articles).hasSize(5);
        assertThat(articles.subList(0, 4)).allSatisfy(a -> {
            assertThat(a.publishedEstimated()).as(a.title()).isTrue();
            assertThat(a.publishedAt()).isEqualTo(FETCHED);
        });
        assertThat(articles.get(4).publishedEstimated()).isFalse();
        assertThat(articles.get(4).publishedAt()).isEqualTo(Instant.parse("2026-11-16T09:00:00Z"));
        // Undated ids do not depend on the fetch time, or every poll would mint a new article.
        List<Article> later = ArticleNormalizer.normalize(parser.parse(Fixtures.hostile("missing-dates.xml"), null, FEED),
                new FeedContext("hostile", FEED, List.of()), FETCHED.plusSeconds(600));
        assertThat(later).extracting(Article::id).containsExactlyElementsOf(articles.stream().map(Article::id).toList());
    }

    @Test
    void noScriptHandlerOrJavascriptLinkSurvives() throws Exception {
        List<Article> articles = normalize("script-injection.xml");
        assertThat(articles).hasSize(4);
        for (Article a : articles) {
            String all = (a.title() + " " + a.summary() + " " + a.link()).toLowerCase();
            assertThat(all).doesNotContain("<script", "</script", "onerror", "onclick", "onload", "javascript:", "<iframe", "<svg", "data:text");
        }
        assertThat(articles.get(0).title()).isEqualTo("Markets rally");
        assertThat(articles.get(0).summary()).isEqualTo("Stocks rose. read more");
        assertThat(articles.get(0).link()).isNull();
        assertThat(articles.get(1).summary()).isEqualTo("Bonds fell.");
        assertThat(articles.get(2).link()).isNull();
        assertThat(articles.get(3).link()).isEqualTo("https://inject.example/news/relative-story");
    }
}
