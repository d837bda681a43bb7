package io.tickertape.signals.fusion;

import java.time.Duration;
import java.util.Objects;

/**
 * How sentiment and technicals are combined into a signal. See signals/README.md for the formulas.
 *
 * @param sentimentWeight   w_s in score = w_s·sentiment + w_t·technical (default 0.7)
 * @param technicalWeight   w_t (default 0.3); w_s + w_t must be 1 so the score stays in [-1, 1]
 * @param threshold         |score| at or above which a BUY (score &gt; 0) or SELL (score &lt; 0) is emitted (default 0.30)
 * @param minRelevance      tickers less relevant than this to the article make no signal (default 0.50)
 * @param maxArticleAge     older articles are dropped (default 6 h)
 * @param maxPriceAge       older prices are never used (default 60 s)
 * @param atrStopMultiple   stop = entry ∓ atrStopMultiple·ATR(14) (default 2.0)
 * @param atrTargetMultiple target = entry ± atrTargetMultiple·ATR(14) (default 3.0)
 * @param requireTechnicals without ≥35 daily bars there is no ATR for the levels: drop (true, default) or
 *                          use technical score 0 and ATR = {@link #FALLBACK_ATR_FRACTION}·price (false)
 * @param mode              whether ages are measured against the processing clock (LIVE) or event time (REPLAY)
 */
public record FusionSettings(double sentimentWeight, double technicalWeight, double threshold, double minRelevance,
                             Duration maxArticleAge, Duration maxPriceAge, double atrStopMultiple,
                             double atrTargetMultiple, boolean requireTechnicals, FreshnessGate.Mode mode) {

    /** ATR stand-in when technicals are not required and missing: 2% of price, a typical large-cap daily range. */
    public static final double FALLBACK_ATR_FRACTION = 0.02;

    public FusionSettings {
        Objects.requireNonNull(maxArticleAge, "maxArticleAge");
        Objects.requireNonNull(maxPriceAge, "maxPriceAge");
        Objects.requireNonNull(mode, "mode");
        if (!(sentimentWeight >= 0 && technicalWeight >= 0 && Math.abs(sentimentWeight + technicalWeight - 1.0) < 1e-9)) {
            throw new IllegalArgumentException("weights must be non-negative and sum to 1: "
                    + sentimentWeight + " + " + technicalWeight);
        }
        if (!(threshold > 0 && threshold <= 1)) {
            throw new IllegalArgumentException("threshold must be in (0, 1]: " + threshold);
        }
        if (!(minRelevance >= 0 && minRelevance <= 1)) {
            throw new IllegalArgumentException("minRelevance must be in [0, 1]: " + minRelevance);
        }
        if (!(atrStopMultiple > 0 && atrTargetMultiple > 0)) {
            throw new IllegalArgumentException("ATR multiples must be positive");
        }
        if (maxArticleAge.isNegative() || maxPriceAge.isNegative()) {
            throw new IllegalArgumentException("ages must not be negative");
        }
    }

    /** 0.7/0.3, threshold 0.30, relevance ≥ 0.50, article ≤ 6 h, price ≤ 60 s, stop 2·ATR, target 3·ATR, live. */
    public static FusionSettings defaults() {
        return new FusionSettings(0.7, 0.3, 0.30, 0.50, Duration.ofHours(6), Duration.ofSeconds(60), 2.0, 3.0,
                true, FreshnessGate.Mode.LIVE);
    }

    public FusionSettings withWeights(double sentiment, double technical) {
        return new FusionSettings(sentiment, technical, threshold, minRelevance, maxArticleAge, maxPriceAge,
                atrStopMultiple, atrTargetMultiple, requireTechnicals, mode);
    }

    public FusionSettings withThreshold(double value) {
        return new FusionSettings(sentimentWeight, technicalWeight, value, minRelevance, maxArticleAge, maxPriceAge,
                atrStopMultiple, atrTargetMultiple, requireTechnicals, mode);
    }

    public FusionSettings withMinRelevance(double value) {
        return new FusionSettings(sentimentWeight, technicalWeight, threshold, value, maxArticleAge, maxPriceAge,
                atrStopMultiple, atrTargetMultiple, requireTechnicals, mode);
    }

    public FusionSettings withMaxArticleAge(Duration value) {
        return new FusionSettings(sentimentWeight, technicalWeight, threshold, minRelevance, value, maxPriceAge,
                atrStopMultiple, atrTargetMultiple, requireTechnicals, mode);
    }

    public FusionSettings withMaxPriceAge(Duration value) {
        return new FusionSettings(sentimentWeight, technicalWeight, threshold, minRelevance, maxArticleAge, value,
                atrStopMultiple, atrTargetMultiple, requireTechnicals, mode);
    }

    public FusionSettings withAtrMultiples(double stop, double target) {
        return new FusionSettings(sentimentWeight, technicalWeight, threshold, minRelevance, maxArticleAge,
                maxPriceAge, stop, target, requireTechnicals, mode);
    }

    public FusionSettings withRequireTechnicals(boolean value) {
        return new FusionSettings(sentimentWeight, technicalWeight, threshold, minRelevance, maxArticleAge,
                maxPriceAge, atrStopMultiple, atrTargetMultiple, value, mode);
    }

    public FusionSettings withMode(FreshnessGate.Mode value) {
        return new FusionSettings(sentimentWeight, technicalWeight, threshold, minRelevance, maxArticleAge,
                maxPriceAge, atrStopMultiple, atrTargetMultiple, requireTechnicals, value);
    }
}
