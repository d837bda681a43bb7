package io.tickertape.topology.sentiment;

import io.tickertape.finbert.Sentiment;
import io.tickertape.finbert.SentimentInput;

import java.util.List;

/**
 * Scores texts, or texts toward targets, in one batch. Not thread-safe: each stream task opens its own in
 * {@code init()} and closes it in {@code close()}, because a DJL {@code Predictor} must not be shared between threads.
 */
public interface BatchScorer extends AutoCloseable {

    /** One sentiment per input, in order; a target-aware scorer scores each input toward its target. */
    List<Sentiment> scoreInputs(List<SentimentInput> inputs);

    /**
     * The active model's scores and the challenger's (the `--shadow-model`) of the same inputs; {@code challenger}
     * is null when there is none. Experiment arms that decide with the challenger read its scores.
     */
    record Scores(List<Sentiment> active, List<Sentiment> challenger) {
    }

    /** {@link #scoreInputs} plus the challenger's scores, where the scorer has a challenger. */
    default Scores scoreWithChallenger(List<SentimentInput> inputs) {
        return new Scores(scoreInputs(inputs), null);
    }

    /** True if targets are scored; false: the model is article-level and ignores them. */
    boolean targetAware();

    /** One sentiment per whole text, in order. */
    default List<Sentiment> scoreBatch(List<String> texts) {
        return scoreInputs(texts.stream().map(SentimentInput::of).toList());
    }

    @Override
    void close();

    /** Opens one scorer per stream task. */
    @FunctionalInterface
    interface Factory {
        BatchScorer open();
    }
}
