package io.tickertape.topology.events;

import java.time.Instant;
import java.util.Objects;

/**
 * An article with its sentiment: the value of {@code news.scored}, keyed by the article id.
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
        Instant scoredAt) implements Versioned {

    public static final int SCHEMA_VERSION = 1;

    public ScoredArticle {
        Objects.requireNonNull(article, "article");
        Objects.requireNonNull(label, "label");
    }

    /** Max class probability. */
    public double confidence() {
        return Math.max(positive, Math.max(negative, neutral));
    }
}
