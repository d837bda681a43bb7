package io.tickertape.signals.backtest;

import io.tickertape.signals.fusion.DropReason;

import java.util.Locale;
import java.util.Map;

/**
 * What a backtest found.
 *
 * @param articles       unique dated headlines read
 * @param mentions       (article, ticker) pairs the resolver found
 * @param priced         pairs with a price on the entry day and at least one later day
 * @param signals        signals emitted after the 7-day dedupe
 * @param buys           of which BUY
 * @param duplicates     signals suppressed by the 7-day dedupe
 * @param drops          pairs fusion dropped, by reason (NO_PRICE: no price file or no bar near the date)
 * @param strategy       the fused signals, direction-signed returns
 * @param alwaysLong     naive baseline: BUY every priced mention (same relevance floor and dedupe)
 * @param sentimentSign  baseline: direction from the sign of P(pos) − P(neg) alone, no threshold, no technicals
 * @param multiCompanyArticles articles naming two or more tickers at the relevance floor (where a per-article
 *                       label can be wrong for one of them)
 * @param multiCompany   the fused signals that came from those articles
 */
public record BacktestReport(int articles, int mentions, int priced, int signals, int buys, int duplicates,
                             Map<DropReason, Integer> drops, Stats strategy, Stats alwaysLong, Stats sentimentSign,
                             int multiCompanyArticles, Stats multiCompany) {

    /**
     * Direction-signed close-to-close returns.
     *
     * @param trades    trades counted
     * @param hitRate1  share with a positive 1-trading-day return
     * @param mean1     mean 1-day return
     * @param hitRate5  share with a positive 5-trading-day return
     * @param mean5     mean 5-day return
     */
    public record Stats(int trades, double hitRate1, double mean1, double hitRate5, double mean5) {
        public String row(String name) {
            return String.format(Locale.ROOT, "| %-36s | %s |", name, cells());
        }

        /** trades, hit 1d, mean 1d, hit 5d, mean 5d as table cells; "-" where there were no trades to measure. */
        public String cells() {
            return String.format(Locale.ROOT, "%6d | %7s | %8s | %7s | %8s", trades, percent(hitRate1, "%.1f%%"),
                    percent(mean1, "%+.3f%%"), percent(hitRate5, "%.1f%%"), percent(mean5, "%+.3f%%"));
        }

        private static String percent(double share, String format) {
            return Double.isNaN(share) ? "-" : String.format(Locale.ROOT, format, share * 100);
        }
    }

    /** A Markdown summary. */
    public String toMarkdown() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "articles %d, ticker mentions %d, priced %d, signals %d (BUY %d, SELL %d), "
                + "suppressed by 7-day dedupe %d%n", articles, mentions, priced, signals, buys, signals - buys, duplicates));
        sb.append("drops: ").append(drops).append('\n').append('\n');
        sb.append("| strategy                             | trades | hit 1d  | mean 1d  | hit 5d  | mean 5d  |\n");
        sb.append("|--------------------------------------|-------:|--------:|---------:|--------:|---------:|\n");
        sb.append(strategy.row("fusion signals (0.7 sent + 0.3 tech)")).append('\n');
        sb.append(multiCompany.row("  of which multi-company articles")).append('\n');
        sb.append(sentimentSign.row("baseline: sentiment sign only")).append('\n');
        sb.append(alwaysLong.row("baseline: always long every mention")).append('\n');
        sb.append(String.format(Locale.ROOT, "%nmulti-company articles (two or more tickers at the relevance floor): %d%n",
                multiCompanyArticles));
        return sb.toString();
    }
}
