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
        List<String> explanation) {

    public static final int SCHEMA_VERSION = 1;

    public Signal {
        Objects.requireNonNull(signalId, "signalId");
        Objects.requireNonNull(ticker, "ticker");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(signalAt, "signalAt");
        Objects.requireNonNull(articleId, "articleId");
        Objects.requireNonNull(publishedAt, "publishedAt");
        Objects.requireNonNull(priceAt, "priceAt");
        explanation = explanation == null ? List.of() : List.copyOf(explanation);
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
