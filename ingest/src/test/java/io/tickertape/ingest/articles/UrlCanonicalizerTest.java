package io.tickertape.ingest.articles;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class UrlCanonicalizerTest {

    @Test
    void removesTrackingAndNormalizes() {
        assertThat(UrlCanonicalizer.canonical("HTTPS://WWW.Example.COM:443/News/Story?utm_source=rss&b=2&utm_medium=feed&a=1&fbclid=x#top"))
                .contains("https://www.example.com/News/Story?a=1&b=2");
        assertThat(UrlCanonicalizer.canonical("http://example.com:80")).contains("http://example.com/");
        assertThat(UrlCanonicalizer.canonical("https://example.com:8443/x?id=7")).contains("https://example.com:8443/x?id=7");
    }

    @Test
    void resolvesRelativeLinksAgainstTheFirstUsableBase() {
        assertThat(UrlCanonicalizer.canonical("story-1", null, "https://www.sec.gov/news/", "https://feeds.example/rss"))
                .contains("https://www.sec.gov/news/story-1");
        assertThat(UrlCanonicalizer.canonical("/a/b", "not a base", "https://example.com/x/y")).contains("https://example.com/a/b");
        assertThat(UrlCanonicalizer.canonical("//cdn.example.com/a", "https://example.com/")).contains("https://cdn.example.com/a");
        assertThat(UrlCanonicalizer.canonical("relative-without-base")).isEmpty();
    }

    @Test
    void toleratesUnescapedSpaces() {
        assertThat(UrlCanonicalizer.canonical("https://example.com/a story")).contains("https://example.com/a%20story");
    }

    @ParameterizedTest
    @ValueSource(strings = {"javascript:alert(1)", " JavaScript:alert(1)", "data:text/html,hi", "mailto:a@b.c", "file:///etc/passwd",
            "ftp://example.com/x", "https://", "https:///nohost", "vbscript:msgbox"})
    void dropsEverySchemeButHttp(String link) {
        assertThat(UrlCanonicalizer.canonical(link, "https://example.com/")).isEmpty();
    }

    @Test
    void theSameArticleGetsTheSameIdOverHttpAndHttpsAndWithTracking() {
        String a = ArticleIds.fromUrl(UrlCanonicalizer.canonical("http://example.com/story?utm_campaign=x").orElseThrow());
        String b = ArticleIds.fromUrl(UrlCanonicalizer.canonical("https://EXAMPLE.com/story#comments").orElseThrow());
        assertThat(a).isEqualTo(b).matches("u-[0-9a-f]{32}");
        assertThat(ArticleIds.fromUrl("https://example.com/other")).isNotEqualTo(a);
        // Opaque GUIDs are scoped by publisher: the same "12345" at two publishers is two articles.
        assertThat(ArticleIds.fromGuid("seekingalpha.com", "12345")).isNotEqualTo(ArticleIds.fromGuid("nasdaq.com", "12345"));
    }

    @Test
    void keepsInternationalisedHostsAsPunycodeWhicheverWayTheyAreWritten() {
        assertThat(UrlCanonicalizer.canonical("https://bücher.example/x")).contains("https://xn--bcher-kva.example/x");
        assertThat(UrlCanonicalizer.canonical("https://BÜCHER.example/x#top")).contains("https://xn--bcher-kva.example/x");
        assertThat(UrlCanonicalizer.canonical("https://xn--bcher-kva.example/x")).contains("https://xn--bcher-kva.example/x");
        assertThat(UrlCanonicalizer.canonical("x", "https://bücher.example/a/")).contains("https://xn--bcher-kva.example/a/x");
        assertThat(ArticleIds.fromUrl(UrlCanonicalizer.canonical("http://bücher.example/x?utm_source=rss").orElseThrow()))
                .isEqualTo(ArticleIds.fromUrl(UrlCanonicalizer.canonical("https://xn--bcher-kva.example/x").orElseThrow()));
    }

    @Test
    void keepsHostsWithUnderscores() {
        assertThat(UrlCanonicalizer.canonical("https://my_host.example/a")).contains("https://my_host.example/a");
        assertThat(UrlCanonicalizer.canonical("HTTPS://My_Host.Example:443/a?utm_medium=x&b=1")).contains("https://my_host.example/a?b=1");
        assertThat(UrlCanonicalizer.canonical("../b", "https://my_host.example/a/c")).contains("https://my_host.example/b");
    }

    @Test
    void removesDotSegmentsAndNormalisesPercentEscapes() {
        assertThat(UrlCanonicalizer.canonical("https://example.com/a/../b")).contains("https://example.com/b");
        assertThat(UrlCanonicalizer.canonical("https://example.com/a/./b/../c?x=1")).contains("https://example.com/a/c?x=1");
        assertThat(UrlCanonicalizer.canonical("https://example.com/../b")).contains("https://example.com/b");
        // Unreserved characters are decoded, other escapes upper-cased, non-ASCII path characters encoded as UTF-8:
        // the three spellings of one page are one URL (and one id).
        assertThat(UrlCanonicalizer.canonical("https://example.com/caf%c3%a9/%7euser")).contains("https://example.com/caf%C3%A9/~user");
        assertThat(UrlCanonicalizer.canonical("https://example.com/café/~user")).contains("https://example.com/caf%C3%A9/~user");
        assertThat(UrlCanonicalizer.canonical("https://example.com./x")).contains("https://example.com/x");
    }

    /**
     * Article ids derive from the canonical URL ({@link ArticleIds#fromUrl}), so an ordinary link must keep the
     * canonical URL and the id it had before crawler-commons normalised it (values computed with the previous
     * implementation). Only links the old code mangled change: dot segments, percent-escape spelling, non-ASCII
     * paths, a trailing dot on the host, and IDN or underscore hosts (which it dropped).
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            HTTPS://WWW.Example.COM:443/News/Story?utm_source=rss&b=2&utm_medium=feed&a=1&fbclid=x#top | https://www.example.com/News/Story?a=1&b=2 | u-c04b264d0502e50907525f4593b6bc6a
            http://example.com:80 | http://example.com/ | u-1f130e1544e748c49917a248bdacca14
            https://example.com:8443/x?id=7 | https://example.com:8443/x?id=7 | u-5e2320866f8664893edb41b6adedb915
            https://www.sec.gov/news/story-1 | https://www.sec.gov/news/story-1 | u-bdf0993c79fdff59de80f8dd1c033a87
            https://example.com/a/b | https://example.com/a/b | u-107b472d39b9adb7719dcab5b4799004
            https://cdn.example.com/a | https://cdn.example.com/a | u-9441734c9f78a2d162960a707dece9fa
            https://example.com/a story | https://example.com/a%20story | u-f713e79f740e759538719f3238b84f9d
            http://example.com/story?utm_campaign=x | http://example.com/story | u-8bceace535aff2514f3cadc2b8aa7ac2
            https://EXAMPLE.com/story#comments | https://example.com/story | u-8bceace535aff2514f3cadc2b8aa7ac2
            https://www.reuters.com/business/autos-transportation/tesla-recalls-2023-12-13/ | https://www.reuters.com/business/autos-transportation/tesla-recalls-2023-12-13/ | u-beb17acf664a8fb06e09941fee085b94
            https://finance.yahoo.com/news/apple-beats-estimates-123456789.html?.tsrc=rss | https://finance.yahoo.com/news/apple-beats-estimates-123456789.html | u-d4292e56c2907c9a37c5522329e40c99
            https://www.cnbc.com/2024/01/02/stocks.html?__source=rss&par=2&Par=1 | https://www.cnbc.com/2024/01/02/stocks.html?Par=1&__source=rss&par=2 | u-bb50054ff959ebfc1052d8d0c7d4a247
            https://seekingalpha.com/article/4650000-nvidia?source=feed_all_articles&a=&b | https://seekingalpha.com/article/4650000-nvidia?a=&b&source=feed_all_articles | u-2c74827465d2753fd0047ee1024bc394
            """)
    void ordinaryLinksKeepTheirCanonicalUrlAndId(String link, String canonical, String id) {
        assertThat(UrlCanonicalizer.canonical(link)).contains(canonical);
        assertThat(ArticleIds.fromUrl(canonical)).isEqualTo(id);
    }
}
