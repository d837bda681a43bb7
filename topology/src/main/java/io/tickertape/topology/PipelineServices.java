package io.tickertape.topology;

import io.micrometer.core.instrument.MeterRegistry;
import io.tickertape.signals.prices.PriceSource;
import io.tickertape.signals.technicals.TechnicalAnalyzer;
import io.tickertape.signals.tickers.TickerLookup;
import io.tickertape.topology.dedupe.SignalLedger;
import io.tickertape.topology.projection.SignalSubscriber;
import io.tickertape.topology.sentiment.BatchScorer;

import java.time.Clock;
import java.util.Objects;

/**
 * The topology's edges: the model, the company table, prices, the signal ledger (PostgreSQL) and whoever wants
 * to hear about committed signals. Each is a small interface so tests run the real topology against real or
 * local implementations.
 */
public record PipelineServices(BatchScorer.Factory scorers, TickerLookup tickers, PriceSource prices,
                               TechnicalAnalyzer technicals, SignalLedger ledger, SignalSubscriber subscriber,
                               MeterRegistry registry, Clock clock) {
    public PipelineServices {
        Objects.requireNonNull(scorers, "scorers");
        Objects.requireNonNull(tickers, "tickers");
        Objects.requireNonNull(prices, "prices");
        Objects.requireNonNull(technicals, "technicals");
        Objects.requireNonNull(ledger, "ledger");
        subscriber = subscriber == null ? signal -> { } : subscriber;
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(clock, "clock");
    }
}
