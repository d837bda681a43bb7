package io.tickertape.cli;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tickertape.finbert.ScoreCache;
import io.tickertape.finbert.registry.ModelRegistry;
import io.tickertape.signals.fusion.Signal;
import io.tickertape.signals.history.SignalHistory;
import io.tickertape.signals.prices.DailyBar;
import io.tickertape.signals.prices.PriceSource;
import io.tickertape.signals.prices.PriceUnavailableException;
import io.tickertape.signals.prices.Quote;
import io.tickertape.signals.technicals.TechnicalAnalyzer;
import io.tickertape.signals.tickers.TickerLookup;
import io.tickertape.topology.PipelineConfig;
import io.tickertape.topology.PipelineServices;
import io.tickertape.topology.dedupe.SignalLedger;
import io.tickertape.topology.ledger.GuardedSignalLedger;
import io.tickertape.topology.projection.SignalSubscriber;
import io.tickertape.topology.runtime.StreamsApp;
import io.tickertape.topology.runtime.StreamsSettings;
import io.tickertape.topology.sentiment.BatchScorer;
import io.tickertape.topology.sentiment.FinbertScorers;
import io.tickertape.topology.sentiment.RollbackScorers;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Wires the stream app from its parts, the same way for {@code run} and {@code demo}: the scorer, the company
 * table, prices, the guarded signal ledger and the alerts become {@link PipelineServices}, and the topology starts.
 * What the commands choose (config, stream settings, where each part comes from) is handed in.
 */
final class PipelineAppFactory {

    private final PrometheusMeterRegistry registry;
    private final Clock clock;

    PipelineAppFactory(PrometheusMeterRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
    }

    /**
     * The parts the topology reads. Each is a supplier asked only when a task first needs it, so {@code run} can
     * start Kafka Streams while they still load (its {@link Deferred}s); a supplier must return the same object
     * every time.
     *
     * @param models   asked only for {@link RollbackScorers.Kind#MODEL}: the rollback scorers load no model
     * @param ledger   the PostgreSQL ledger; the factory guards it
     * @param alerts   who hears of each recorded signal; null, or a supplier of null, when nobody does
     */
    record Parts(RollbackScorers.Kind scorer, Supplier<ModelRegistry> models, ScoreCache cache,
                 Supplier<? extends TickerLookup> tickers, Supplier<? extends PriceSource> prices,
                 Supplier<? extends SignalLedger> ledger, Supplier<? extends SignalSubscriber> alerts) {
    }

    /** The running stream app and the ledger it writes through; closing stops the app before the ledger. */
    record Running(StreamsApp app, GuardedSignalLedger ledger) implements AutoCloseable {
        @Override
        public void close() {
            app.close();
            ledger.close();
        }
    }

    /** Starts the topology; if it does not start, the guarded ledger is closed (the parts stay the caller's). */
    Running start(PipelineConfig config, StreamsSettings settings, Parts parts) {
        // Database calls from the stream threads are bounded and an outage holds signals instead of killing threads.
        GuardedSignalLedger ledger = GuardedSignalLedger.around(new LazyLedger(parts.ledger()), registry);
        try {
            return new Running(StreamsApp.start(config, services(parts, ledger), settings, registry), ledger);
        } catch (RuntimeException e) {
            ledger.close();
            throw e;
        }
    }

    /** The topology's edges over {@code parts}; asks none of the suppliers (a test seam as well as a step). */
    PipelineServices services(Parts parts, SignalLedger ledger) {
        Supplier<ModelRegistry> models = parts.models();
        ScoreCache cache = parts.cache();
        BatchScorer.Factory scorers = switch (parts.scorer()) {
            case MODEL -> () -> FinbertScorers.of(models.get(), cache).open();
            case LEXICON -> RollbackScorers.lexicon();
            case TECHNICAL -> RollbackScorers.neutral();
        };
        Supplier<? extends TickerLookup> tickers = parts.tickers();
        Supplier<? extends SignalSubscriber> alerts = parts.alerts();
        SignalSubscriber subscriber = alerts == null ? null : signal -> {
            SignalSubscriber s = alerts.get();
            if (s != null) {
                s.onSignal(signal);
            }
        };
        return new PipelineServices(scorers, (title, summary, hints) -> tickers.get().resolve(title, summary, hints),
                new LazyPrices(parts.prices()), new TechnicalAnalyzer(), ledger, subscriber, registry, clock);
    }

    /** The ledger once it exists; a dedupe task that starts earlier (run: the schema still migrating) waits for it. */
    private record LazyLedger(Supplier<? extends SignalLedger> ledger) implements SignalLedger {
        @Override
        public Optional<Entry> latest(Signal candidate) {
            return ledger.get().latest(candidate);
        }

        @Override
        public SignalHistory.RecordResult record(Signal signal) {
            return ledger.get().record(signal);
        }

        @Override
        public void check() {
            ledger.get().check();
        }
    }

    /** The price source once it is open (a file source indexes its directory first); the caller closes it. */
    private record LazyPrices(Supplier<? extends PriceSource> source) implements PriceSource {
        @Override
        public Quote quote(String symbol) throws PriceUnavailableException {
            return source.get().quote(symbol);
        }

        @Override
        public List<DailyBar> dailyHistory(String symbol, LocalDate from, LocalDate to) throws PriceUnavailableException {
            return source.get().dailyHistory(symbol, from, to);
        }
    }
}
