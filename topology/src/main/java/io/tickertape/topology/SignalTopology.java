package io.tickertape.topology;

import io.tickertape.events.DeadLetter;
import io.tickertape.events.topics.JsonSerde;
import io.tickertape.events.topics.Topics;
import io.tickertape.signals.fusion.Signal;
import io.tickertape.signals.tickers.TickerMatch;
import io.tickertape.topology.admission.ArticleSizeLimits;
import io.tickertape.topology.dedupe.DedupeProcessor;
import io.tickertape.topology.dedupe.RecentSignal;
import io.tickertape.topology.drops.Drops;
import io.tickertape.topology.enrichment.EnrichmentProcessor;
import io.tickertape.topology.enrichment.HeldCandidate;
import io.tickertape.topology.freshness.FreshnessGateProcessor;
import io.tickertape.topology.ledger.WaitingSignal;
import io.tickertape.topology.projection.ProjectionProcessor;
import io.tickertape.topology.sentiment.PendingArticle;
import io.tickertape.topology.sentiment.ScoringTargets;
import io.tickertape.topology.sentiment.SentimentBatchProcessor;
import io.tickertape.topology.sentiment.SentimentOutcome;
import io.tickertape.topology.tickers.ResolvedArticle;
import io.tickertape.topology.tickers.TickerCandidate;
import io.tickertape.topology.topics.TopicStreams;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The signal pipeline as a Kafka Streams topology:
 * <pre>
 * news.articles → size gate → freshness gate → ticker gate (resolves the tickers, once per article) → sentiment
 *   (batched, buffered in a store with the tickers; the whole article and, with an entity-aware model, each ticker
 *   toward its own company) → scored → news.scored
 *                           ↘ failed (dead letters) → news.dlq
 *   → one candidate per relevant ticker (of those the gate resolved) → price + technicals + fusion (held in a store
 *   while no usable price)
 *   → repartition by ticker → 7-day dedupe (ledger + recent emissions) → signals
 * signals (committed) → signal_history (+ alerts)
 * (dedupe and signal_history hold signals in order in a changelogged store while PostgreSQL is away)
 * </pre>
 * {@link #buildTopology} is a pure function of its arguments: {@code run}, the demo and the tests all call it.
 */
public final class SignalTopology {

    public static final String BY_TICKER = "signals-by-ticker";

    private SignalTopology() {
    }

    public static Topology buildTopology(PipelineConfig config, PipelineServices services) {
        Topics topics = config.topics();
        Drops drops = new Drops(services.registry());
        StreamsBuilder builder = new StreamsBuilder();

        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(PipelineConfig.BUFFER_STORE),
                Serdes.String(), new JsonSerde<>(PendingArticle.class, PendingArticle.SCHEMA_VERSION)).withLoggingEnabled(Map.of()));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(PipelineConfig.HOLD_STORE),
                Serdes.String(), new JsonSerde<>(HeldCandidate.class, HeldCandidate.SCHEMA_VERSION)).withLoggingEnabled(Map.of()));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(PipelineConfig.DEDUPE_STORE),
                Serdes.String(), new JsonSerde<>(RecentSignal.class, RecentSignal.SCHEMA_VERSION)).withLoggingEnabled(Map.of()));
        for (String waitStore : List.of(PipelineConfig.DEDUPE_WAIT_STORE, PipelineConfig.PROJECTION_WAIT_STORE)) {
            builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(waitStore), Serdes.String(),
                    new JsonSerde<>(WaitingSignal.class, WaitingSignal.SCHEMA_VERSION)).withLoggingEnabled(Map.of()));
        }

        double minRelevance = config.fusion().minRelevance();
        ArticleSizeLimits sizeLimits = ArticleSizeLimits.defaults();
        // Only an article that names a company can become a signal: the model, which is most of the cost, scores
        // nothing else (the ticker table is ~1000x cheaper than the model per article).
        // The gate resolves the article's tickers, once: the matches travel with the article through the sentiment
        // stage (in its buffer) to the candidates, so nothing downstream resolves them again.
        KStream<String, ResolvedArticle> relevant = builder
                .stream(topics.articles().name(), TopicStreams.consumed(topics.articles()).withName("articles"))
                // Throws OversizedArticleException: the processing handler dead-letters the record with the reason.
                .peek((key, a) -> sizeLimits.check(a), Named.as("size-gate"))
                .processValues(() -> new FreshnessGateProcessor(config.freshnessGate(), drops, services.clock()),
                        Named.as("freshness-gate"))
                .flatMapValues((key, a) -> {
                    List<TickerMatch> matches = services.tickers().resolve(a.title(), a.summary(), a.tickerHints());
                    if (matches.isEmpty()) {
                        drops.drop("tickers", "no_ticker", key, null);
                        return List.<ResolvedArticle>of();
                    }
                    if (matches.stream().noneMatch(m -> m.relevance() >= minRelevance)) {
                        drops.drop("tickers", "low_relevance", key, "best " + matches.getFirst().relevance());
                        return List.<ResolvedArticle>of();
                    }
                    return List.of(new ResolvedArticle(a, matches));
                }, Named.as("ticker-gate"));

        ScoringTargets scoringTargets = new ScoringTargets(minRelevance);
        KStream<String, SentimentOutcome> outcomes = relevant.process(() -> new SentimentBatchProcessor(
                        PipelineConfig.BUFFER_STORE, services.scorers(), scoringTargets, services.tickers(),
                        config.batchSize(), config.batchMaxWait(), services.registry(), services.clock(),
                        config.applicationId()),
                Named.as("sentiment"), PipelineConfig.BUFFER_STORE);
        // Each outcome is scored or failed: an exhaustive switch over the sealed type, one typed stream for each.
        outcomes.flatMapValues(outcome -> switch (outcome) {
                    case SentimentOutcome.Failed failed -> List.of(failed.letter());
                    case SentimentOutcome.Scored ignored -> List.<DeadLetter>of();
                }, Named.as("as-dead-letter"))
                .to(topics.deadLetters().name(), TopicStreams.produced(topics.deadLetters()).withName("dead-letter-sink"));
        KStream<String, SentimentOutcome.Scored> scored = outcomes.flatMapValues(outcome -> switch (outcome) {
            case SentimentOutcome.Scored s -> List.of(s);
            case SentimentOutcome.Failed ignored -> List.<SentimentOutcome.Scored>of();
        }, Named.as("as-scored"));
        scored.mapValues(SentimentOutcome.Scored::article, Named.as("scored-article"))
                .to(topics.scored().name(), TopicStreams.produced(topics.scored()).withName("scored-sink"));

        KStream<String, TickerCandidate> candidates = scored.flatMapValues((key, s) -> {
            List<TickerCandidate> out = new ArrayList<>(s.tickers().size());
            Set<String> symbols = new HashSet<>();
            for (TickerMatch m : s.tickers()) {
                if (m.relevance() < minRelevance) {
                    drops.drop("tickers", "low_relevance", key + "|" + m.symbol(), "relevance " + m.relevance());
                } else if (symbols.add(m.symbol())) { // one candidate per ticker, however many names matched it
                    out.add(new TickerCandidate(TickerCandidate.SCHEMA_VERSION, s.article(), m));
                }
            }
            return out;
        }, Named.as("ticker-candidates"));

        KStream<String, Signal> fused = candidates
                .selectKey((key, c) -> c.key(), Named.as("key-by-candidate"))
                .process(() -> new EnrichmentProcessor(PipelineConfig.HOLD_STORE, config.fusion(), config.plan(),
                        config.scorer(), services.prices(),
                        services.technicals(), config.holdRetryInterval(), config.maxHoldAttempts(), config.historyDays(),
                        drops, services.registry(), services.clock()), Named.as("enrichment"), PipelineConfig.HOLD_STORE);

        fused.selectKey((key, signal) -> signal.ticker(), Named.as("key-by-ticker"))
                .repartition(Repartitioned.with(Serdes.String(), topics.signals().valueSerde()).withName(BY_TICKER))
                .process(() -> new DedupeProcessor(PipelineConfig.DEDUPE_STORE, PipelineConfig.DEDUPE_WAIT_STORE,
                        PipelineConfig.LEDGER_WAIT_CAPACITY, services.ledger(), config.dedupe(), drops, services.registry(),
                        services.clock()), Named.as("dedupe"), PipelineConfig.DEDUPE_STORE, PipelineConfig.DEDUPE_WAIT_STORE)
                .to(topics.signals().name(), TopicStreams.produced(topics.signals()).withName("signals-sink"));

        builder.stream(topics.signals().name(), TopicStreams.consumed(topics.signals()).withName("committed-signals"))
                .process(() -> new ProjectionProcessor(PipelineConfig.PROJECTION_WAIT_STORE, PipelineConfig.LEDGER_WAIT_CAPACITY,
                        services.ledger(), services.subscriber(), services.registry(), services.clock()),
                        Named.as("signal-history"), PipelineConfig.PROJECTION_WAIT_STORE);

        return builder.build();
    }
}
