package io.tickertape.cli;

import io.tickertape.signals.fusion.FreshnessGate;
import io.tickertape.signals.fusion.FusionSettings;
import io.tickertape.signals.history.DedupeSettings;
import io.tickertape.signals.experiments.Experiment;
import io.tickertape.signals.experiments.SignalPlan;
import io.tickertape.signals.strategies.Strategies;
import io.tickertape.topology.PipelineConfig;
import io.tickertape.topology.sentiment.RollbackScorers;
import io.tickertape.events.topics.Topics;
import picocli.CommandLine.Option;

import java.time.Duration;

/** What the stream topology computes: batching, fusion weights and gates, dedupe. */
public final class PipelineOptions {

    @Option(names = "--application-id", paramLabel = "ID", defaultValue = "tickertape-signals",
            description = "Kafka Streams application id: consumer group and internal topic prefix (default: ${DEFAULT-VALUE}).")
    String applicationId;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "32",
            description = "Articles a sentiment task buffers before scoring them together (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--batch-max-wait", paramLabel = "DURATION", defaultValue = "100ms",
            description = "A partial batch is scored after this long (default: ${DEFAULT-VALUE}).")
    Duration batchMaxWait;

    @Option(names = "--mode", paramLabel = "MODE", defaultValue = "LIVE",
            description = "LIVE: ages against the processing clock; REPLAY: against the time each record was produced (default: ${DEFAULT-VALUE}).")
    FreshnessGate.Mode mode;

    @Option(names = "--max-article-age", paramLabel = "DURATION", defaultValue = "6h",
            description = "Older news makes no signal (default: ${DEFAULT-VALUE}).")
    Duration maxArticleAge;

    @Option(names = "--max-price-age", paramLabel = "DURATION", defaultValue = "60s",
            description = "An older price is never used: the candidate is held and retried (default: ${DEFAULT-VALUE}).")
    Duration maxPriceAge;

    @Option(names = "--sentiment-weight", paramLabel = "W", defaultValue = "0.7",
            description = "Weight of sentiment in the combined score; the technical weight is 1 - W (default: ${DEFAULT-VALUE}).")
    double sentimentWeight;

    @Option(names = "--threshold", paramLabel = "T", defaultValue = "0.30",
            description = "|score| at or above which a BUY or SELL is emitted (default: ${DEFAULT-VALUE}).")
    double threshold;

    @Option(names = "--min-relevance", paramLabel = "R", defaultValue = "0.50",
            description = "Tickers less relevant to the article make no signal (default: ${DEFAULT-VALUE}).")
    double minRelevance;

    @Option(names = "--dedupe-window", paramLabel = "DURATION", defaultValue = "7d",
            description = "No second signal in the same scope within this long (default: ${DEFAULT-VALUE}).")
    Duration dedupeWindow;

    @Option(names = "--dedupe-scope", paramLabel = "SCOPE", defaultValue = "TICKER",
            description = "TICKER (one call per ticker in the window; an opposite one only as a reversal) or TICKER_AND_DIRECTION (default: ${DEFAULT-VALUE}).")
    DedupeSettings.Scope dedupeScope;

    @Option(names = "--reversal-threshold", paramLabel = "S", defaultValue = "0.70",
            description = "|score| an opposite signal inside the dedupe window needs to be emitted as a marked reversal; above 1 turns reversals off (default: ${DEFAULT-VALUE}).")
    double reversalThreshold;

    @Option(names = "--hold-retry-interval", paramLabel = "DURATION", defaultValue = "15s",
            description = "How often candidates without a usable price are retried (default: ${DEFAULT-VALUE}).")
    Duration holdRetryInterval;

    @Option(names = "--max-hold-attempts", paramLabel = "N", defaultValue = "8",
            description = "Tries before a held candidate is dropped (default: ${DEFAULT-VALUE}).")
    int maxHoldAttempts;

    @Option(names = "--scorer", paramLabel = "model|lexicon|technical", defaultValue = "model",
            description = "What scores sentiment. LEXICON (word list) and TECHNICAL (technicals alone) are the rollback: no model is loaded (default: ${DEFAULT-VALUE}).")
    RollbackScorers.Kind scorer;

    @Option(names = "--strategy", paramLabel = "NAME", defaultValue = "fusion",
            description = "How a scored article becomes a signal: fusion (70/30), trend-confirmed or technical-only (default: ${DEFAULT-VALUE}).")
    String strategy;

    @Option(names = "--experiment", paramLabel = "NAME",
            description = "Split tickers between --arms by consistent hashing; signals record their arm (outcomes: `experiments report NAME`).")
    String experiment;

    @Option(names = "--arms", paramLabel = "SPEC",
            description = "The experiment's arms: arm=strategy[@challenger][:weight|:shadow],... e.g. control=fusion:1,next=fusion@challenger:1,tech=technical-only:shadow (@challenger: the --shadow-model decides).")
    String arms;

    /** Which strategies decide (one, or the experiment's arms); checked against --scorer. */
    public SignalPlan plan(FusionSettings fusion) {
        if (arms != null && experiment == null) {
            throw new UsageException("--arms needs --experiment NAME");
        }
        if (scorer == RollbackScorers.Kind.TECHNICAL) {
            if (experiment != null) {
                throw new UsageException("--scorer TECHNICAL decides by technicals alone; it cannot run --experiment");
            }
            if (!strategy.equals("fusion") && !strategy.equals(Strategies.TECHNICAL_ONLY)) {
                throw new UsageException("--scorer TECHNICAL uses the technical-only strategy, not --strategy " + strategy);
            }
            return SignalPlan.single(Strategies.named(Strategies.TECHNICAL_ONLY, fusion));
        }
        try {
            if (experiment != null) {
                if (arms == null || arms.isBlank()) {
                    throw new UsageException("--experiment needs --arms arm=strategy[:weight|:shadow],...");
                }
                return SignalPlan.experiment(Experiment.parse(experiment, arms), fusion);
            }
            return SignalPlan.single(Strategies.named(strategy, fusion));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage(), e);
        }
    }

    public DedupeSettings dedupe() {
        try {
            return new DedupeSettings(dedupeWindow, dedupeScope, reversalThreshold);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    public PipelineConfig config(Topics topics) {
        try {
            FusionSettings fusion = FusionSettings.defaults()
                    .withWeights(sentimentWeight, 1.0 - sentimentWeight)
                    .withThreshold(threshold)
                    .withMinRelevance(minRelevance)
                    .withMaxArticleAge(maxArticleAge)
                    .withMaxPriceAge(maxPriceAge)
                    .withMode(mode);
            return PipelineConfig.defaults(topics)
                    .withApplicationId(applicationId)
                    .withBatching(batchSize, batchMaxWait)
                    .withFusion(fusion)
                    .withDedupe(dedupe())
                    .withHolds(holdRetryInterval, maxHoldAttempts)
                    .withPlan(plan(fusion), scorer.label());
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }
}
