package io.tickertape.finbert;

import java.util.Objects;

/**
 * One scored text: the winning label and the probability of each class (summing to 1).
 *
 * @param label        "positive", "negative" or "neutral" (the arg-max class)
 * @param positive     probability of positive
 * @param negative     probability of negative
 * @param neutral      probability of neutral
 * @param modelVersion version of the model that produced it
 */
public record Sentiment(String label, double positive, double negative, double neutral, String modelVersion) {

    public static final String POSITIVE = "positive";
    public static final String NEGATIVE = "negative";
    public static final String NEUTRAL = "neutral";

    public Sentiment {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(modelVersion, "modelVersion");
    }

    /** Builds a sentiment from class probabilities; the label is the arg-max (ties: neutral, then positive). */
    public static Sentiment of(double positive, double negative, double neutral, String modelVersion) {
        String label = NEUTRAL;
        double best = neutral;
        if (positive > best) {
            label = POSITIVE;
            best = positive;
        }
        if (negative > best) {
            label = NEGATIVE;
        }
        return new Sentiment(label, positive, negative, neutral, modelVersion);
    }

    /** The maximum class probability. */
    public double confidence() {
        return Math.max(positive, Math.max(negative, neutral));
    }

    /** positive - negative, in [-1, 1]. */
    public double polarity() {
        return positive - negative;
    }
}
