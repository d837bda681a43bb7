package io.tickertape.cli;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tickertape.finbert.ScoreCache;
import io.tickertape.finbert.SentimentInput;
import io.tickertape.finbert.registry.ModelRegistry;
import io.tickertape.signals.fusion.Signal;
import io.tickertape.signals.history.SignalHistory;
import io.tickertape.signals.prices.DailyBar;
import io.tickertape.signals.prices.PriceSource;
import io.tickertape.signals.prices.Quote;
import io.tickertape.signals.tickers.TickerLookup;
import io.tickertape.signals.tickers.TickerMatch;
import io.tickertape.topology.PipelineServices;
import io.tickertape.topology.dedupe.SignalLedger;
import io.tickertape.topology.projection.SignalSubscriber;
import io.tickertape.topology.sentiment.BatchScorer;
import io.tickertape.topology.sentiment.RollbackScorers;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The wiring `run` and `demo` share. `run` hands in loads that are still running, so building the services must ask
 * for none of them, and the rollback scorers must never ask for the model.
 */
class PipelineAppFactoryTest {

    private static final Instant NOW = Instant.parse("2026-12-07T06:00:00Z");

    private final PipelineAppFactory factory = new PipelineAppFactory(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
            Clock.fixed(NOW, java.time.ZoneOffset.UTC));

    /** Counts how often a part was asked for. */
    private static final class Counted<T> implements Supplier<T> {
        private final T value;
        final AtomicInteger asked = new AtomicInteger();

        Counted(T value) {
            this.value = value;
        }

        @Override
        public T get() {
            asked.incrementAndGet();
            return value;
        }
    }

    private static final TickerMatch APPLE = new TickerMatch("AAPL", "Apple Inc.", "Apple", 0.9);

    private static final PriceSource PRICES = new PriceSource() {
        @Override
        public Quote quote(String symbol) {
            return new Quote(symbol, 101.5, "USD", NOW);
        }

        @Override
        public List<DailyBar> dailyHistory(String symbol, LocalDate from, LocalDate to) {
            return List.of();
        }
    };

    private static final SignalLedger LEDGER = new SignalLedger() {
        @Override
        public Optional<Entry> latest(Signal candidate) {
            return Optional.empty();
        }

        @Override
        public SignalHistory.RecordResult record(Signal signal) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void check() {
        }
    };

    private static Supplier<ModelRegistry> brokenModel() {
        return () -> {
            throw new IllegalStateException("model directory is broken");
        };
    }

    @Test
    void buildingTheServicesAsksForNoPartAndEachPartIsAskedWhenUsed() throws Exception {
        Counted<TickerLookup> tickers = new Counted<>((title, summary, hints) -> List.of(APPLE));
        Counted<PriceSource> prices = new Counted<>(PRICES);
        Counted<SignalSubscriber> alerts = new Counted<>(null);
        Counted<ModelRegistry> models = new Counted<>(null);
        Counted<SignalLedger> ledger = new Counted<>(LEDGER);
        var parts = new PipelineAppFactory.Parts(RollbackScorers.Kind.MODEL, models, new ScoreCache(10), tickers, prices,
                ledger, alerts);

        PipelineServices services = factory.services(parts, LEDGER);

        assertThat(List.of(tickers.asked, prices.asked, alerts.asked, models.asked, ledger.asked))
                .as("nothing is waited for while Kafka Streams joins its group").allMatch(n -> n.get() == 0);
        assertThat(services.tickers().resolve("Apple beats", null, List.of())).containsExactly(APPLE);
        assertThat(services.prices().quote("AAPL").price()).isEqualTo(101.5);
        services.subscriber().onSignal(null);
        assertThat(List.of(tickers.asked.get(), prices.asked.get(), alerts.asked.get())).containsExactly(1, 1, 1);
        assertThat(services.ledger()).isSameAs(LEDGER);
    }

    @Test
    void theRollbackScorersNeverAskForTheModel() {
        for (RollbackScorers.Kind kind : List.of(RollbackScorers.Kind.LEXICON, RollbackScorers.Kind.TECHNICAL)) {
            var parts = new PipelineAppFactory.Parts(kind, brokenModel(), new ScoreCache(10), () -> (t, s, h) -> List.of(),
                    () -> PRICES, () -> LEDGER, null);
            try (var scorer = factory.services(parts, LEDGER).scorers().open()) {
                assertThat(scorer.scoreInputs(List.of(SentimentInput.of("Apple shares jump")))).as(kind.label()).hasSize(1);
                assertThat(scorer.targetAware()).as(kind.label()).isFalse();
            }
        }
        var model = new PipelineAppFactory.Parts(RollbackScorers.Kind.MODEL, brokenModel(), new ScoreCache(10),
                () -> (t, s, h) -> List.of(), () -> PRICES, () -> LEDGER, null);
        BatchScorer.Factory scorers = factory.services(model, LEDGER).scorers();
        assertThatThrownBy(scorers::open).as("the model is asked for when a task opens its scorer")
                .hasMessageContaining("model directory is broken");
    }

    @Test
    void alertsAreForwardedWhenOnAndNothingHappensWhenOff() {
        List<Signal> heard = new ArrayList<>();
        SignalSubscriber recording = heard::add;
        for (Supplier<SignalSubscriber> alerts : List.<Supplier<SignalSubscriber>>of(() -> recording, () -> null)) {
            var parts = new PipelineAppFactory.Parts(RollbackScorers.Kind.LEXICON, brokenModel(), new ScoreCache(10),
                    () -> (t, s, h) -> List.of(), () -> PRICES, () -> LEDGER, alerts);
            factory.services(parts, LEDGER).subscriber().onSignal(null);
        }
        assertThat(heard).as("once, by the subscriber that is on").hasSize(1);
        var noAlerts = new PipelineAppFactory.Parts(RollbackScorers.Kind.LEXICON, brokenModel(), new ScoreCache(10),
                () -> (t, s, h) -> List.of(), () -> PRICES, () -> LEDGER, null);
        factory.services(noAlerts, LEDGER).subscriber().onSignal(null); // demo: nobody listens, and nothing fails
    }
}
