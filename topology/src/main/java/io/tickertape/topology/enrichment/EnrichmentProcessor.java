package io.tickertape.topology.enrichment;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.tickertape.signals.fusion.FusionInput;
import io.tickertape.signals.fusion.FusionOutcome;
import io.tickertape.signals.fusion.SentimentScores;
import io.tickertape.signals.fusion.Signal;
import io.tickertape.signals.experiments.SignalPlan;
import io.tickertape.signals.fusion.FusionSettings;
import io.tickertape.signals.prices.DailyBar;
import io.tickertape.signals.prices.FreshQuotes;
import io.tickertape.signals.prices.PriceSource;
import io.tickertape.signals.prices.PriceUnavailableException;
import io.tickertape.signals.prices.Quote;
import io.tickertape.signals.technicals.TechnicalAnalyzer;
import io.tickertape.signals.technicals.TechnicalView;
import io.tickertape.topology.drops.Drops;
import io.tickertape.events.Article;
import io.tickertape.events.ScoredArticle;
import io.tickertape.topology.tickers.TickerCandidate;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Price, technicals and fusion for one candidate. A price that is missing for a reason that may pass (rate limit,
 * timeout, stale quote, open breaker) holds the candidate in a changelogged store, retried by wall-clock
 * punctuation, instead of blocking the stream thread: the poll loop never waits on retries, so it stays far inside
 * {@code max.poll.interval.ms}. A candidate is dropped, with a reason, after {@code maxHoldAttempts} or when the
 * article has gone stale.
 */
public final class EnrichmentProcessor implements Processor<String, TickerCandidate, String, Signal> {

    static final String STAGE = "enrichment";
    /** At most this many held candidates are retried per punctuation, so one punctuation stays short. */
    private static final int MAX_RETRIES_PER_PUNCTUATION = 50;

    private final String storeName;
    private final FusionSettings fusion;
    private final SignalPlan plan;
    private final String scorer;
    private final PriceSource prices;
    private final TechnicalAnalyzer technicals;
    private final Duration holdRetryInterval;
    private final int maxHoldAttempts;
    private final int historyDays;
    private final Drops drops;
    private final MeterRegistry registry;
    private final Clock clock;

    private ProcessorContext<String, Signal> context;
    private KeyValueStore<String, HeldCandidate> holds;
    private FreshQuotes quotes;
    private Counter held;
    private DistributionSummary priceAge;

    /**
     * @param fusion the gates' settings (price age); the decisions themselves are the plan's strategies
     * @param plan   which strategies decide for a ticker (one, or an experiment's arm and its shadows)
     * @param scorer what scored the sentiment, recorded with every signal
     */
    public EnrichmentProcessor(String storeName, FusionSettings fusion, SignalPlan plan, String scorer, PriceSource prices,
                               TechnicalAnalyzer technicals, Duration holdRetryInterval, int maxHoldAttempts,
                               int historyDays, Drops drops, MeterRegistry registry, Clock clock) {
        this.storeName = storeName;
        this.fusion = fusion;
        this.plan = plan;
        this.scorer = scorer;
        this.prices = prices;
        this.technicals = technicals;
        this.holdRetryInterval = holdRetryInterval;
        this.maxHoldAttempts = maxHoldAttempts;
        this.historyDays = historyDays;
        this.drops = drops;
        this.registry = registry;
        this.clock = clock;
    }

    @Override
    public void init(ProcessorContext<String, Signal> context) {
        this.context = context;
        this.holds = context.getStateStore(storeName);
        this.quotes = new FreshQuotes(prices, clock, fusion.maxPriceAge(), registry);
        this.held = Counter.builder("tickertape_candidates_held").description("Candidates held for a usable price")
                .register(registry);
        this.priceAge = DistributionSummary.builder("tickertape_price_age_seconds")
                .description("Age of the quote a signal was made with").baseUnit("seconds")
                .publishPercentiles(0.5, 0.99).register(registry);
        context.schedule(holdRetryInterval, PunctuationType.WALL_CLOCK_TIME, now -> retryHeld());
    }

    @Override
    public void process(Record<String, TickerCandidate> record) {
        if (record.value() == null) {
            return;
        }
        attempt(record.key(), record.value(), 1, record.timestamp());
    }

    private void retryHeld() {
        List<KeyValue<String, HeldCandidate>> due = new ArrayList<>();
        try (KeyValueIterator<String, HeldCandidate> it = holds.all()) {
            while (it.hasNext() && due.size() < MAX_RETRIES_PER_PUNCTUATION) {
                due.add(it.next());
            }
        }
        for (KeyValue<String, HeldCandidate> kv : due) {
            holds.delete(kv.key);
            attempt(kv.key, kv.value.candidate(), kv.value.attempts() + 1, kv.value.timestamp());
        }
    }

    private void attempt(String key, TickerCandidate candidate, int attempt, long timestamp) {
        ScoredArticle scored = candidate.scored();
        Article article = scored.article();
        String symbol = candidate.ticker().symbol();
        Instant observedAt = Instant.ofEpochMilli(timestamp);
        Instant processedAt = clock.instant();

        Quote quote;
        try {
            quote = quotes.quote(symbol);
        } catch (PriceUnavailableException e) {
            holdOrDrop(key, candidate, attempt, timestamp, e);
            return;
        }
        priceAge.record(Math.max(0, Duration.between(quote.time(), processedAt).toMillis() / 1000.0));

        TechnicalView view = null;
        try {
            LocalDate to = processedAt.atZone(ZoneOffset.UTC).toLocalDate();
            List<DailyBar> bars = prices.dailyHistory(symbol, to.minusDays(historyDays), to);
            view = technicals.analyze(bars).orElse(null);
        } catch (PriceUnavailableException e) {
            if (e.retryable()) {
                holdOrDrop(key, candidate, attempt, timestamp, e);
                return;
            }
            // not retryable (unknown symbol history): fusion decides whether technicals are required
        }

        SentimentScores sentiment = scored.toward(symbol)
                .map(t -> new SentimentScores(t.positive(), t.negative(), t.neutral(), t.confidence(),
                        scored.modelVersion(), t.target(), t.text()))
                .orElseGet(() -> new SentimentScores(scored.positive(), scored.negative(), scored.neutral(),
                        scored.confidence(), scored.modelVersion()));
        FusionInput input = new FusionInput(article.id(), article.title(), article.link(), article.source(),
                article.publishedAt(), observedAt, processedAt, candidate.ticker(), sentiment, quote, view);
        for (SignalPlan.Step step : plan.stepsFor(symbol)) {
            FusionInput in = input;
            if (step.challenger()) {
                SentimentScores challenger = challengerSentiment(scored, symbol);
                if (challenger == null) {
                    drops.drop(STAGE, "no_challenger_score", key + "|" + step.arm(),
                            "the challenger model scored nothing for this article (is --shadow-model set?)");
                    continue;
                }
                in = new FusionInput(article.id(), article.title(), article.link(), article.source(),
                        article.publishedAt(), observedAt, processedAt, candidate.ticker(), challenger, quote, view);
            }
            switch (step.strategy().decide(in)) {
                case FusionOutcome.Emitted(Signal signal) -> context.forward(new Record<>(key,
                        signal.madeBy(step.strategy().name(), scorer, step.arm(), step.shadow()), timestamp));
                case FusionOutcome.Dropped dropped -> drops.drop(STAGE, dropped.reason(),
                        step.arm() == null ? key : key + "|" + step.arm(), dropped.detail());
            }
        }
    }

    /** The challenger model's sentiment toward the ticker (else of the article), or null without a challenger. */
    private static SentimentScores challengerSentiment(ScoredArticle scored, String symbol) {
        ScoredArticle.Challenger c = scored.challenger();
        if (c == null) {
            return null;
        }
        return c.toward(symbol)
                .map(t -> new SentimentScores(t.positive(), t.negative(), t.neutral(), t.confidence(), c.modelVersion(),
                        t.target(), t.text()))
                .orElseGet(() -> new SentimentScores(c.positive(), c.negative(), c.neutral(), c.confidence(),
                        c.modelVersion()));
    }

    private void holdOrDrop(String key, TickerCandidate candidate, int attempt, long timestamp,
                            PriceUnavailableException e) {
        String reason = e.reason().name().toLowerCase(Locale.ROOT);
        if (!e.retryable()) {
            drops.drop(STAGE, "price_" + reason, key, e.getMessage());
            return;
        }
        if (attempt >= maxHoldAttempts) {
            drops.drop(STAGE, "price_" + reason + "_gave_up", key, "after " + attempt + " attempts: " + e.getMessage());
            return;
        }
        held.increment();
        holds.put(key, new HeldCandidate(HeldCandidate.SCHEMA_VERSION, candidate, attempt, timestamp, reason));
    }
}
