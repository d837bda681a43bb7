package io.tickertape.topology;

import io.tickertape.signals.experiments.SignalPlan;
import io.tickertape.signals.fusion.Signal;
import io.tickertape.signals.strategies.FusionStrategy;

import io.tickertape.events.topics.Topics;
import io.tickertape.signals.fusion.FreshnessGate;
import io.tickertape.signals.fusion.FusionSettings;
import io.tickertape.signals.history.DedupeSettings;

import java.time.Duration;
import java.util.Objects;

/**
 * Everything that shapes the topology. {@link SignalTopology#buildTopology} is a pure function of this and of
 * the {@link PipelineServices} edges.
 *
 * @param applicationId     Kafka Streams application id (consumer group, internal topic prefix)
 * @param topics            the topic registry (with its prefix)
 * @param batchSize         sentiment batch size
 * @param batchMaxWait      a partial batch is scored after this long
 * @param fusion            weights, threshold, minimum relevance, max article/price age, ATR multiples, live/replay
 * @param dedupe            7-day window and scope
 * @param holdRetryInterval how often held candidates (no usable price yet) are retried
 * @param maxHoldAttempts   tries before a held candidate is dropped
 * @param historyDays       calendar days of daily bars fetched for technicals
 * @param plan              which strategy decides for a ticker: one, or an experiment's arms
 * @param scorer            what scores sentiment ("model", "lexicon" or "technical"), recorded with each signal
 */
public record PipelineConfig(String applicationId, Topics topics, int batchSize, Duration batchMaxWait,
                             FusionSettings fusion, DedupeSettings dedupe, Duration holdRetryInterval,
                             int maxHoldAttempts, int historyDays, SignalPlan plan, String scorer) {

    public static final String BUFFER_STORE = "sentiment-buffer";
    public static final String HOLD_STORE = "price-holds";
    public static final String DEDUPE_STORE = "recent-signals";
    /** Signals waiting for the ledger (PostgreSQL) in the dedupe and in the signal_history projection. */
    public static final String DEDUPE_WAIT_STORE = "dedupe-awaiting-ledger";
    public static final String PROJECTION_WAIT_STORE = "history-awaiting-ledger";
    /** Per task; at 20 signals/s this is over 40 minutes of outage before the task gives up. */
    public static final int LEDGER_WAIT_CAPACITY = 50_000;

    public PipelineConfig {
        Objects.requireNonNull(applicationId, "applicationId");
        Objects.requireNonNull(topics, "topics");
        Objects.requireNonNull(fusion, "fusion");
        Objects.requireNonNull(dedupe, "dedupe");
        plan = plan == null ? SignalPlan.single(new FusionStrategy(fusion)) : plan;
        scorer = scorer == null || scorer.isBlank() ? Signal.DEFAULT_SCORER : scorer;
        if (batchSize < 1 || batchSize > 512) {
            throw new IllegalArgumentException("batchSize must be in 1..512: " + batchSize);
        }
        if (batchMaxWait.isNegative() || batchMaxWait.isZero()) {
            throw new IllegalArgumentException("batchMaxWait must be positive");
        }
        if (maxHoldAttempts < 1 || maxHoldAttempts > 100) {
            throw new IllegalArgumentException("maxHoldAttempts must be in 1..100");
        }
        if (historyDays < 60) {
            throw new IllegalArgumentException("historyDays must be at least 60 to give 35+ trading days");
        }
    }

    public static PipelineConfig defaults(Topics topics) {
        return new PipelineConfig("tickertape-signals", topics, 16, Duration.ofMillis(200), FusionSettings.defaults(),
                DedupeSettings.defaults(), Duration.ofSeconds(15), 8, 120, null, null);
    }

    /** New fusion settings; a single-strategy plan is rebuilt with them (an experiment keeps its own arms). */
    public PipelineConfig withFusion(FusionSettings value) {
        SignalPlan rebuilt = plan.experiment() == null ? null : plan;
        return new PipelineConfig(applicationId, topics, batchSize, batchMaxWait, value, dedupe, holdRetryInterval,
                maxHoldAttempts, historyDays, rebuilt, scorer);
    }

    /** Which strategies decide, and what scored the sentiment. */
    public PipelineConfig withPlan(SignalPlan value, String scorerName) {
        return new PipelineConfig(applicationId, topics, batchSize, batchMaxWait, fusion, dedupe, holdRetryInterval,
                maxHoldAttempts, historyDays, value, scorerName);
    }

    public PipelineConfig withBatching(int size, Duration maxWait) {
        return new PipelineConfig(applicationId, topics, size, maxWait, fusion, dedupe, holdRetryInterval,
                maxHoldAttempts, historyDays, plan, scorer);
    }

    public PipelineConfig withApplicationId(String value) {
        return new PipelineConfig(value, topics, batchSize, batchMaxWait, fusion, dedupe, holdRetryInterval,
                maxHoldAttempts, historyDays, plan, scorer);
    }

    public PipelineConfig withHolds(Duration interval, int attempts) {
        return new PipelineConfig(applicationId, topics, batchSize, batchMaxWait, fusion, dedupe, interval, attempts,
                historyDays, plan, scorer);
    }

    public PipelineConfig withDedupe(DedupeSettings value) {
        return new PipelineConfig(applicationId, topics, batchSize, batchMaxWait, fusion, value, holdRetryInterval,
                maxHoldAttempts, historyDays, plan, scorer);
    }

    public FreshnessGate freshnessGate() {
        return new FreshnessGate(fusion.mode(), fusion.maxArticleAge());
    }
}
