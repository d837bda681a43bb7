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
