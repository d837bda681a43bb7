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
        List<TickerSentiment> tickers) implements Versioned {

    public static final int SCHEMA_VERSION = 2;

    public ScoredArticle {
        Objects.requireNonNull(article, "article");
        Objects.requireNonNull(label, "label");
        tickers = tickers == null ? List.of() : List.copyOf(tickers);
    }

    /** A whole-article score only (schema 1 shape). */
    public ScoredArticle(int schemaVersion, Article article, String label, double positive, double negative,
                         double neutral, String modelVersion, Instant scoredAt) {
        this(schemaVersion, article, label, positive, negative, neutral, modelVersion, scoredAt, List.of());
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
