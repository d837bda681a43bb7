package io.tickertape.topology.sentiment;

import io.tickertape.finbert.Sentiment;

import java.util.List;

/**
 * Scores texts in one batch. Not thread-safe: each stream task opens its own in {@code init()} and closes it in
 * {@code close()}, because a DJL {@code Predictor} must not be shared between threads.
 */
public interface BatchScorer extends AutoCloseable {

    /** One sentiment per text, in order. */
    List<Sentiment> scoreBatch(List<String> texts);

    @Override
    void close();

    /** Opens one scorer per stream task. */
    @FunctionalInterface
    interface Factory {
        BatchScorer open();
    }
}
