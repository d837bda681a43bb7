package io.tickertape.topology.sentiment;

import io.tickertape.finbert.ScoreCache;
import io.tickertape.finbert.Sentiment;
import io.tickertape.finbert.SentimentInput;
import io.tickertape.finbert.registry.ModelRegistry;
import io.tickertape.finbert.registry.RegistryPredictor;

import java.util.List;

/** Opens one registry predictor (active model, optional shadow, fallback policy) per stream task. */
public final class FinbertScorers {

    private FinbertScorers() {
    }

    /** The model is loaded once per JVM (in the registry); each task gets its own predictor over it. */
    public static BatchScorer.Factory of(ModelRegistry registry, ScoreCache cache) {
        return () -> {
            RegistryPredictor predictor = registry.newPredictor(cache);
            return new BatchScorer() {
                @Override
                public List<Sentiment> scoreInputs(List<SentimentInput> inputs) {
                    return predictor.scoreInputs(inputs);
                }

                @Override
                public Scores scoreWithChallenger(List<SentimentInput> inputs) {
                    var both = predictor.scoreWithShadow(inputs);
                    return new Scores(both.active(), both.shadow());
                }

                @Override
                public boolean targetAware() {
                    return predictor.targetAware();
                }

                @Override
                public void close() {
                    predictor.close();
                }
            };
        };
    }
}
