package io.tickertape.signals.fusion;

import java.util.Objects;

/**
 * What the sentiment model said about an article, as fusion needs it.
 *
 * @param positive     P(positive)
 * @param negative     P(negative)
 * @param neutral      P(neutral)
 * @param confidence   the model's confidence in its label (usually the largest probability), in [0, 1]
 * @param modelVersion which model produced it, recorded with every signal
 * @param target       the company the sentiment is toward (the name that matched in the text, e.g. "Amazon"), or
 *                     null for a whole-article score
 * @param scoredText   the text that was scored toward the target (headline + the summary sentences naming it), or null
 */
public record SentimentScores(double positive, double negative, double neutral, double confidence,
                              String modelVersion, String target, String scoredText) {

    /** A whole-article score. */
    public SentimentScores(double positive, double negative, double neutral, double confidence, String modelVersion) {
        this(positive, negative, neutral, confidence, modelVersion, null, null);
    }

    public SentimentScores {
        Objects.requireNonNull(modelVersion, "modelVersion");
        checkProbability("positive", positive);
        checkProbability("negative", negative);
        checkProbability("neutral", neutral);
        checkProbability("confidence", confidence);
    }

    /** P(pos) − P(neg), in [-1, 1]. */
    public double polarity() {
        return positive - negative;
    }

    private static void checkProbability(String name, double p) {
        if (!(p >= 0.0 && p <= 1.0)) {
            throw new IllegalArgumentException(name + " must be in [0, 1]: " + p);
        }
    }
}
