package io.tickertape.ingest.articles;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
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
}
