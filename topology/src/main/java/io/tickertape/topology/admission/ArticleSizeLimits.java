package io.tickertape.topology.admission;

import io.tickertape.events.Article;

/**
 * The largest article the topology takes. Ingest already trims to far less (500-char titles, 2,000-char
 * summaries), but any producer may write to {@code news.articles}; an article past these limits would only make
 * every later record bigger (the scored record carries it) and could push one past the broker's message limit,
 * so it is refused at the door and dead-lettered with the reason.
 */
public record ArticleSizeLimits(int maxTitleChars, int maxSummaryChars, int maxLinkChars, int maxTickerHints) {

    public static ArticleSizeLimits defaults() {
        return new ArticleSizeLimits(2_000, 20_000, 4_096, 100);
    }

    /** @throws OversizedArticleException naming the first field over its limit */
    public void check(Article article) {
        over("title", length(article.title()), maxTitleChars);
        over("summary", length(article.summary()), maxSummaryChars);
        over("link", length(article.link()), maxLinkChars);
        over("ticker hints", article.tickerHints() == null ? 0 : article.tickerHints().size(), maxTickerHints);
    }

    private static int length(String s) {
        return s == null ? 0 : s.length();
    }

    private static void over(String field, int size, int limit) {
        if (size > limit) {
            throw new OversizedArticleException("article " + field + " is " + size + " long; the limit is " + limit);
        }
    }
}
