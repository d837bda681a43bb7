package io.tickertape.signals.fusion;

import io.tickertape.signals.prices.Quote;
import io.tickertape.signals.technicals.TechnicalView;
import io.tickertape.signals.tickers.TickerMatch;

import java.time.Instant;
import java.util.Objects;

/**
 * Everything fusion needs about one (article, ticker) pair.
 *
 * @param articleId   the article's stable id (part of the deterministic signal id)
 * @param headline    the article's title
 * @param link        the article's URL, may be null
 * @param source      the feed or publisher, may be null
 * @param publishedAt when the article was published
 * @param observedAt  event time at which the pipeline saw the article (the record timestamp; in a backtest the
 *                    article's own time); "now" for the freshness gate in REPLAY mode
 * @param processedAt the processing clock's now; "now" for the freshness gate in LIVE mode
 * @param ticker      the resolved ticker and its relevance
 * @param sentiment   the model's probabilities for the article
 * @param quote       the latest price, or null when none could be had
 * @param technicals  the technical view, or null when there were too few bars
 */
public record FusionInput(String articleId, String headline, String link, String source, Instant publishedAt,
                          Instant observedAt, Instant processedAt, TickerMatch ticker, SentimentScores sentiment,
                          Quote quote, TechnicalView technicals) {
    public FusionInput {
        Objects.requireNonNull(articleId, "articleId");
        Objects.requireNonNull(headline, "headline");
        Objects.requireNonNull(publishedAt, "publishedAt");
        Objects.requireNonNull(observedAt, "observedAt");
        Objects.requireNonNull(processedAt, "processedAt");
        Objects.requireNonNull(ticker, "ticker");
        Objects.requireNonNull(sentiment, "sentiment");
    }
}
