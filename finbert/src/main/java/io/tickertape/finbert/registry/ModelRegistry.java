package io.tickertape.finbert.registry;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tickertape.finbert.ModelConfig;
import io.tickertape.finbert.ScoreCache;
import io.tickertape.finbert.Sentiment;
import io.tickertape.finbert.SentimentModel;
import io.tickertape.finbert.SentimentModelException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Named model versions, exactly one active, optionally one shadow scored alongside it (its agreement with the
 * active model is recorded as Micrometer meters), and an explicit {@link FallbackPolicy}.
 *
 * <p>Meters: {@code finbert.shadow.comparisons{agree=true|false}} (counter), {@code finbert.shadow.agreement}
 * (gauge, running agreement rate), {@code finbert.registry.fallbacks} (counter).
 */
public final class ModelRegistry implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ModelRegistry.class);

    private final FallbackPolicy policy;
    private final Map<String, ModelConfig> versions = new LinkedHashMap<>();
    private final Counter agree;
    private final Counter disagree;
    private final Counter fallbacks;
    private final AtomicLong agreeCount = new AtomicLong();
    private final AtomicLong compareCount = new AtomicLong();
    private volatile Active active;
    private volatile Active previous;
    private volatile Active shadow;

    public ModelRegistry(FallbackPolicy policy, MeterRegistry meters) {
        this.policy = policy;
        MeterRegistry m = meters == null ? new SimpleMeterRegistry() : meters;
        this.agree = Counter.builder("finbert.shadow.comparisons").tag("agree", "true")
                .description("texts scored by both the active and the shadow model").register(m);
        this.disagree = Counter.builder("finbert.shadow.comparisons").tag("agree", "false").register(m);
        this.fallbacks = Counter.builder("finbert.registry.fallbacks")
                .description("activations or scorings served by the previous version").register(m);
        m.gauge("finbert.shadow.agreement", this, ModelRegistry::shadowAgreementRate);
    }

    public FallbackPolicy policy() {
        return policy;
    }

    /** Registers (or replaces) a named version; nothing is loaded until it is activated or shadowed. */
    public synchronized ModelRegistry register(String name, ModelConfig config) {
        versions.put(name, config);
        return this;
    }

    public synchronized Set<String> names() {
        return Set.copyOf(versions.keySet());
    }

    /**
     * Loads {@code name} and makes it active. If loading fails: {@link FallbackPolicy#FAIL} throws;
     * {@link FallbackPolicy#USE_PREVIOUS_VERSION} keeps the current active version (throws if there is none).
     *
     * @return the model that is active afterwards
     */
    public synchronized SentimentModel activate(String name) {
        ModelConfig cfg = versions.get(name);
        if (cfg == null) {
            throw new SentimentModelException("unknown model version '" + name + "', registered: " + versions.keySet());
        }
        if (active != null && active.name.equals(name)) {
            return active.model;
        }
        SentimentModel loaded;
        try {
            loaded = SentimentModel.load(cfg);
        } catch (SentimentModelException e) {
            if (policy == FallbackPolicy.USE_PREVIOUS_VERSION && active != null) {
                fallbacks.increment();
                LOG.warn("activating model '{}' failed ({}); staying on '{}'", name, e.getMessage(), active.name);
                return active.model;
            }
            throw e;
        }
        Active old = previous;
        previous = active;
        active = new Active(name, loaded);
        if (old != null) {
            old.model.close();
        }
        LOG.info("active sentiment model: {} ({})", name, loaded.version());
        return loaded;
    }

    public SentimentModel active() {
        Active a = active;
        if (a == null) {
            throw new SentimentModelException("no active sentiment model: call activate(name) first");
        }
        return a.model;
    }

    public String activeName() {
        Active a = active;
        return a == null ? null : a.name;
    }

    /** Loads {@code name} as the shadow model (scored alongside the active one, never returned). */
    public synchronized void setShadow(String name) {
        ModelConfig cfg = versions.get(name);
        if (cfg == null) {
            throw new SentimentModelException("unknown model version '" + name + "', registered: " + versions.keySet());
        }
        clearShadow();
        shadow = new Active(name, SentimentModel.load(cfg));
    }

    public synchronized void clearShadow() {
        Active s = shadow;
        shadow = null;
        if (s != null) {
            s.model.close();
        }
    }

    public Optional<SentimentModel> shadow() {
        Active s = shadow;
        return s == null ? Optional.empty() : Optional.of(s.model);
    }

    /** Share of shadow comparisons where the shadow's label equals the active model's (NaN before any). */
    public double shadowAgreementRate() {
        long n = compareCount.get();
        return n == 0 ? Double.NaN : (double) agreeCount.get() / n;
    }

    public long shadowComparisons() {
        return compareCount.get();
    }

    public long fallbackCount() {
        return (long) fallbacks.count();
    }

    /** A per-thread scorer following the registry's active/shadow models; close it when done. */
    public RegistryPredictor newPredictor(ScoreCache cache) {
        return new RegistryPredictor(this, cache);
    }

    Active activeEntry() {
        Active a = active;
        if (a == null) {
            throw new SentimentModelException("no active sentiment model: call activate(name) first");
        }
        return a;
    }

    Active previousEntry() {
        return previous;
    }

    Active shadowEntry() {
        return shadow;
    }

    void recordComparison(Sentiment main, Sentiment other) {
        compareCount.incrementAndGet();
        if (main.label().equals(other.label())) {
            agreeCount.incrementAndGet();
            agree.increment();
        } else {
            disagree.increment();
        }
    }

    void recordFallback() {
        fallbacks.increment();
    }

    @Override
    public synchronized void close() {
        clearShadow();
        for (Active a : new Active[] {active, previous}) {
            if (a != null) {
                a.model.close();
            }
        }
        active = null;
        previous = null;
    }

    record Active(String name, SentimentModel model) {}
}
