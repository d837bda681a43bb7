package io.tickertape.events;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An article with its sentiment: the value of {@code news.scored}, keyed by the article id.
 * <p>Schema 2 adds {@code tickers}: the sentiment toward each ticker the article names, scored by an entity-aware
 * model; the top-level label and probabilities stay the whole-article score. Schema 1 values (no {@code tickers})
 * are still read: every ticker then gets the article score, as before.
 *
 * @param label        positive, negative or neutral
 * @param positive     P(positive)
 * @param negative     P(negative)
 * @param neutral      P(neutral)
 * @param modelVersion the model that produced the scores
 * @param challenger   the same inputs scored by the challenger model (`run --shadow-model`), for experiment arms
 *                     that decide with it; null (and absent on the wire) without one. An optional field of schema 2:
 *                     readers that do not know it ignore it
 */
public record ScoredArticle(
        int schemaVersion,
        Article article,
        String label,
        double positive,
        double negative,
        double neutral,
        String modelVersion,
        Instant scoredAt,
        List<TickerSentiment> tickers,
        @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
        Challenger challenger) implements Versioned {

    /** The challenger model's scores of the article and of each ticker. */
    public record Challenger(String modelVersion, String label, double positive, double negative, double neutral,
                             List<TickerSentiment> tickers) {
        public Challenger {
            Objects.requireNonNull(modelVersion, "modelVersion");
            Objects.requireNonNull(label, "label");
            tickers = tickers == null ? List.of() : List.copyOf(tickers);
        }

        public Optional<TickerSentiment> toward(String symbol) {
            return tickers.stream().filter(t -> t.symbol().equals(symbol)).findFirst();
        }

        public double confidence() {
            return Math.max(positive, Math.max(negative, neutral));
        }
    }

    /** Scores without a challenger. */
    public ScoredArticle(int schemaVersion, Article article, String label, double positive, double negative,
                         double neutral, String modelVersion, Instant scoredAt, List<TickerSentiment> tickers) {
        this(schemaVersion, article, label, positive, negative, neutral, modelVersion, scoredAt, tickers, null);
    }

    public static final int SCHEMA_VERSION = 2;

    public ScoredArticle {
        Objects.requireNonNull(article, "article");
        Objects.requireNonNull(label, "label");
        tickers = tickers == null ? List.of() : List.copyOf(tickers);
    }

    /** A whole-article score only (schema 1 shape). */
    public ScoredArticle(int schemaVersion, Article article, String label, double positive, double negative,
                         double neutral, String modelVersion, Instant scoredAt) {
        this(schemaVersion, article, label, positive, negative, neutral, modelVersion, scoredAt, List.of(), null);
    }

    /** The sentiment toward {@code symbol}, if the article was scored per ticker. */
    public Optional<TickerSentiment> toward(String symbol) {
        return tickers.stream().filter(t -> t.symbol().equals(symbol)).findFirst();
    }

    /** Max class probability. */
    public double confidence() {
        return Math.max(positive, Math.max(negative, neutral));
    }
}
