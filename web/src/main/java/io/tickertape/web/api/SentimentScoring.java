package io.tickertape.web.api;

import io.tickertape.finbert.Sentiment;
import io.tickertape.finbert.SentimentInput;
import io.tickertape.finbert.SentimentModel;
import io.tickertape.finbert.SentimentPredictor;
import io.tickertape.web.http.HttpProblem;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The model behind {@code /api/score}. A {@link SentimentPredictor} is not thread-safe, so requests borrow one
 * from a fixed, bounded pool and give it back; a request that cannot get one within the wait gets 503 instead
 * of queueing without limit (on 2 cores one or two predictors are all the CPU can run anyway).
 */
public final class SentimentScoring implements AutoCloseable {

    private final SentimentModel model;
    private final BlockingQueue<SentimentPredictor> idle;
    private final List<SentimentPredictor> all;
    private final Duration wait;

    /** Takes ownership of {@code model}: closing this closes it. */
    public SentimentScoring(SentimentModel model, int predictors, Duration wait) {
        if (predictors < 1 || predictors > 16) {
            throw new IllegalArgumentException("predictors must be in 1..16: " + predictors);
        }
        this.model = model;
        this.wait = wait;
        this.idle = new ArrayBlockingQueue<>(predictors);
        this.all = java.util.stream.IntStream.range(0, predictors).mapToObj(i -> model.newPredictor()).toList();
        idle.addAll(all);
    }

    /** What the model answered, and whether it read the target. */
    public record Scored(Sentiment sentiment, boolean targetAware) {
    }

    public Scored score(String text, String target) {
        SentimentPredictor p;
        try {
            p = idle.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw HttpProblem.unavailable("scoring interrupted");
        }
        if (p == null) {
            throw HttpProblem.unavailable("model busy, retry shortly");
        }
        try {
            return new Scored(p.scoreInputs(List.of(new SentimentInput(text, target))).getFirst(), p.targetAware());
        } finally {
            idle.add(p);
        }
    }

    public String version() {
        return model.version();
    }

    public List<String> labels() {
        return model.labels();
    }

    public boolean targetAware() {
        return model.metadata().targetAware();
    }

    @Override
    public void close() {
        all.forEach(SentimentPredictor::close);
        model.close();
    }
}
