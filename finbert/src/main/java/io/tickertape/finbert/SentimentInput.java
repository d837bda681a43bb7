package io.tickertape.finbert;

import java.util.Objects;

/**
 * What to score: a text, and optionally the entity (company) whose sentiment is wanted.
 *
 * @param text   the text (headline, sentence, post)
 * @param target the entity the sentiment is toward, e.g. "Amazon"; null scores the text as a whole
 */
public record SentimentInput(String text, String target) {

    public SentimentInput {
        Objects.requireNonNull(text, "text");
        if (target != null) {
            target = ScoreCache.normalize(target);
            if (target.isEmpty()) {
                target = null;
            }
        }
    }

    /** The whole text, no target. */
    public static SentimentInput of(String text) {
        return new SentimentInput(text, null);
    }

    /** The text's sentiment toward {@code target}. */
    public static SentimentInput toward(String text, String target) {
        return new SentimentInput(text, target);
    }
}
