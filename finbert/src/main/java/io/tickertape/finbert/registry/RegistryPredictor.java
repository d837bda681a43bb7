package io.tickertape.finbert.registry;

import io.tickertape.finbert.ScoreCache;
import io.tickertape.finbert.Sentiment;
import io.tickertape.finbert.SentimentModel;
import io.tickertape.finbert.SentimentInput;
import io.tickertape.finbert.SentimentModelException;
import io.tickertape.finbert.SentimentPredictor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * Per-thread scorer over a {@link ModelRegistry}: scores with the active model (re-binding when the active version
 * changes), also scores with the shadow model if one is set and records agreement, and applies the registry's
 * fallback policy when the active model fails. NOT thread-safe.
 */
public final class RegistryPredictor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RegistryPredictor.class);

    private final ModelRegistry registry;
    private final ScoreCache cache;
    private Bound main;
    private Bound shadow;
    private Bound previous;

    RegistryPredictor(ModelRegistry registry, ScoreCache cache) {
        this.registry = registry;
        this.cache = cache;
    }

    public Sentiment score(String text) {
        return scoreBatch(List.of(text)).getFirst();
    }

    public List<Sentiment> scoreBatch(List<String> texts) {
        return scoreInputs(texts.stream().map(SentimentInput::of).toList());
    }

    /** True if the active model scores toward targets (else targets are ignored, see SentimentPredictor). */
    public boolean targetAware() {
        main = rebind(main, registry.activeEntry());
        return main.predictor.targetAware();
    }

    /** Scores (text, target) inputs with the active model (and the shadow, if any). */
    public List<Sentiment> scoreInputs(List<SentimentInput> texts) {
        return scoreWithShadow(texts).active();
    }

    /**
     * The active model's scores and, when a shadow model is registered, the shadow's scores of the same inputs
     * (null without one, or when the shadow failed). The shadow is what an experiment's challenger arm decides with.
     */
    public record Scores(List<Sentiment> active, List<Sentiment> shadow) {
    }

    /** {@link #scoreInputs}, keeping the shadow's scores instead of only comparing them. */
    public Scores scoreWithShadow(List<SentimentInput> texts) {
        main = rebind(main, registry.activeEntry());
        List<Sentiment> result;
        try {
            result = main.predictor.scoreInputs(texts);
        } catch (SentimentModelException e) {
            ModelRegistry.Active prev = registry.previousEntry();
            if (registry.policy() != FallbackPolicy.USE_PREVIOUS_VERSION || prev == null) {
                throw e;
            }
            LOG.warn("model {} failed ({}); scoring with previous version {}", main.model.version(), e.getMessage(),
                    prev.model().version());
            registry.recordFallback();
            previous = rebind(previous, prev);
            return new Scores(previous.predictor.scoreInputs(texts), null);
        }
        ModelRegistry.Active s = registry.shadowEntry();
        List<Sentiment> other = null;
        if (s == null) {
            shadow = release(shadow);
        } else {
            shadow = rebind(shadow, s);
            try {
                other = shadow.predictor.scoreInputs(texts);
                for (int i = 0; i < result.size(); i++) {
                    registry.recordComparison(result.get(i), other.get(i));
                }
            } catch (RuntimeException e) {
                other = null;
                LOG.warn("shadow model {} failed: {}", s.model().version(), e.getMessage());
            }
        }
        return new Scores(result, other);
    }

    private Bound rebind(Bound b, ModelRegistry.Active entry) {
        if (b != null && b.model == entry.model()) {
            return b;
        }
        release(b);
        return new Bound(entry.model(), entry.model().newPredictor(cache));
    }

    private static Bound release(Bound b) {
        if (b != null) {
            b.predictor.close();
        }
        return null;
    }

    @Override
    public void close() {
        main = release(main);
        shadow = release(shadow);
        previous = release(previous);
    }

    private record Bound(SentimentModel model, SentimentPredictor predictor) {}
}
