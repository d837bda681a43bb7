package io.tickertape.signals.backtest;

import io.tickertape.signals.fusion.SentimentScores;

import java.util.List;

/**
 * The sentiment model as the backtest sees it, so signals does not depend on finbert: the CLI adapts
 * {@code SentimentPredictor.scoreBatch}, tests pass a deterministic scorer.
 */
@FunctionalInterface
public interface SentimentScorer {
    /** One result per text, in the same order. */
    List<SentimentScores> scoreBatch(List<String> texts);

    /**
     * One result per (text, target), in order: the sentiment of each text toward its target. An article-level scorer
     * has no notion of a target and scores the texts as a whole (this default).
     */
    default List<SentimentScores> scoreToward(List<String> texts, List<String> targets) {
        return scoreBatch(texts);
    }
}
