package io.tickertape.digest.rendering;

import java.util.List;

/**
 * One signal as the reader sees it: every value already sanitised and formatted, so the HTML and text templates
 * only lay it out. Nullable fields: {@code company}, {@code link}, {@code chartCid}.
 *
 * @param direction    "BUY" or "SELL"
 * @param score        combined score, signed, e.g. "+0.82"
 * @param confidence   model confidence, e.g. "91%"
 * @param age          how long before the digest the article was published, e.g. "3 h ago"
 * @param price        price recorded with the signal, e.g. "$182.40"
 * @param priceTime    when that price was traded, in the digest's time zone
 * @param priceAge     how old it was when the digest was made, e.g. "14 h"
 * @param priceStale   older than the configured maximum: shown with a warning, never as current
 * @param chartCid     Content-ID of the inline chart (without angle brackets), or null when there is no chart
 * @param pageUrl      the signal's page on the web service ("view in browser"), or null without --web-base-url
 */
public record SignalView(
        int rank,
        String ticker,
        String company,
        String direction,
        boolean buy,
        String score,
        String sentiment,
        String technical,
        String confidence,
        String headline,
        String link,
        String source,
        String age,
        String price,
        String priceTime,
        String priceAge,
        boolean priceStale,
        String entry,
        String stop,
        String target,
        String chartCid,
        String chartAlt,
        List<String> reasons,
        String pageUrl) {

    public SignalView {
        reasons = List.copyOf(reasons);
    }

    /** The signal without its indicator reasons: the first thing given up when an email is over its size budget. */
    public SignalView withoutReasons() {
        return new SignalView(rank, ticker, company, direction, buy, score, sentiment, technical, confidence, headline,
                link, source, age, price, priceTime, priceAge, priceStale, entry, stop, target, chartCid, chartAlt,
                List.of(), pageUrl);
    }
}
