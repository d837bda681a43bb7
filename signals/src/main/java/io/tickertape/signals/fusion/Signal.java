package io.tickertape.signals.fusion;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * One trading signal: a ticker, a direction, the combined score and its parts, the price it was made at and the
 * trade levels. It is the value of the {@code signals} topic and one row of {@code signal_history}.
 *
 * @param schemaVersion  version of this record's JSON shape
 * @param signalId       deterministic id: the same article, ticker and direction always give the same id, so
 *                       replays and retries write the same key
 * @param signalAt       when the signal counts from for the 7-day dedupe (processing time live, article time in replay)
 * @param score          combined score in [-1, 1]: weightSentiment * sentimentScore + weightTechnical * technicalScore
 * @param sentimentScore (P(pos) - P(neg)) * confidence * relevance, in [-1, 1]
 * @param technicalScore technical score in [-1, 1]
 * @param confidence     model confidence (max class probability), in [0, 1]
 * @param relevance      how central the ticker is to the article, in [0, 1]
 * @param explanation    human-readable reasons: which indicator said what, which text matched
 * @param reversalOf     the earlier, opposite signal of the same ticker this one reverses inside the dedupe window
 *                       (see {@code DedupeSettings#reversalThreshold}), or null
 * @param strategy       the {@code SignalStrategy} that made it, e.g. "fusion" (schema 1 signals: "fusion")
 * @param scorer         what scored the sentiment: "model", "lexicon" (rollback) or "technical" (none)
 * @param arm            the experiment arm the ticker was assigned to, "experiment/arm", or null outside experiments
 * @param shadow         recorded with its outcome but never sent (a shadow arm); boxed only so a schema 1 value,
 *                       which lacks it, reads as false (never null after construction)
 */
public record Signal(
        int schemaVersion,
        String signalId,
        String ticker,
        String company,
        Direction direction,
        Instant signalAt,
        String articleId,
        String headline,
        String link,
        String source,
        Instant publishedAt,
        double score,
        double sentimentScore,
        double technicalScore,
        double confidence,
        double relevance,
        String modelVersion,
        double price,
        Instant priceAt,
        String currency,
        double entry,
        double stop,
        double target,
        List<String> explanation,
        String reversalOf,
        String strategy,
        String scorer,
        String arm,
        Boolean shadow) {

    /** 2 added reversalOf, strategy, scorer, arm and shadow; version 1 records read with their defaults. */
    public static final int SCHEMA_VERSION = 2;
    public static final String DEFAULT_STRATEGY = "fusion";
    public static final String DEFAULT_SCORER = "model";

    /** A signal outside experiments, made by the default strategy and the model. */
    public Signal(int schemaVersion, String signalId, String ticker, String company, Direction direction,
                  Instant signalAt, String articleId, String headline, String link, String source, Instant publishedAt,
                  double score, double sentimentScore, double technicalScore, double confidence, double relevance,
                  String modelVersion, double price, Instant priceAt, String currency, double entry, double stop,
                  double target, List<String> explanation) {
        this(schemaVersion, signalId, ticker, company, direction, signalAt, articleId, headline, link, source,
                publishedAt, score, sentimentScore, technicalScore, confidence, relevance, modelVersion, price, priceAt,
                currency, entry, stop, target, explanation, null, DEFAULT_STRATEGY, DEFAULT_SCORER, null, false);
    }

    public Signal {
        Objects.requireNonNull(signalId, "signalId");
        Objects.requireNonNull(ticker, "ticker");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(signalAt, "signalAt");
        Objects.requireNonNull(articleId, "articleId");
        Objects.requireNonNull(publishedAt, "publishedAt");
        Objects.requireNonNull(priceAt, "priceAt");
        explanation = explanation == null ? List.of() : List.copyOf(explanation);
        strategy = strategy == null || strategy.isBlank() ? DEFAULT_STRATEGY : strategy;
        scorer = scorer == null || scorer.isBlank() ? DEFAULT_SCORER : scorer;
        arm = arm == null || arm.isBlank() ? null : arm;
        shadow = shadow != null && shadow;
    }

    /** This signal as the reversal of {@code earlierSignalId}. */
    public Signal asReversalOf(String earlierSignalId) {
        return new Signal(schemaVersion, signalId, ticker, company, direction, signalAt, articleId, headline, link,
                source, publishedAt, score, sentimentScore, technicalScore, confidence, relevance, modelVersion, price,
                priceAt, currency, entry, stop, target, explanation, earlierSignalId, strategy, scorer, arm, shadow);
    }

    /**
     * This signal as made by {@code strategyName} with {@code scorerName}, in {@code armName} (null: none). A shadow
     * arm's signal gets an id of its own (the arm is part of it), so it never collides with the sent signal for
     * the same article, ticker and direction.
     */
    public Signal madeBy(String strategyName, String scorerName, String armName, boolean shadowArm) {
        String id = shadowArm && !this.shadow.booleanValue() ? idFor(articleId + '\u0000' + armName, ticker, direction) : signalId;
        return new Signal(schemaVersion, id, ticker, company, direction, signalAt, articleId, headline, link,
                source, publishedAt, score, sentimentScore, technicalScore, confidence, relevance, modelVersion, price,
                priceAt, currency, entry, stop, target, explanation, reversalOf, strategyName, scorerName, armName,
                shadowArm);
    }

    /** The deterministic signal id for an article, ticker and direction. */
    public static String idFor(String articleId, String ticker, Direction direction) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] digest = sha.digest((articleId + '\u0000' + ticker + '\u0000' + direction.name())
                    .getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
