package io.tickertape.signals.outcomes;

import io.tickertape.signals.fusion.Signal;
import io.tickertape.signals.prices.DailyBar;
import io.tickertape.signals.prices.PriceSource;
import io.tickertape.signals.prices.PriceUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Brings every unfinished outcome up to date: one price request per ticker (and one for the benchmark) covers all
 * its pending signals. Idempotent; safe to run from a cron, from the digest and by hand at the same time.
 */
public final class OutcomeUpdater {

    private static final Logger LOG = LoggerFactory.getLogger(OutcomeUpdater.class);
    /** Bars from a few days before the oldest signal, so day 0 is found across a weekend or a holiday. */
    static final int LEAD_DAYS = 7;
    public static final int DEFAULT_LIMIT = 5_000;

    private final OutcomeStore store;
    private final PriceSource prices;
    private final OutcomeCalculator calculator;
    private final OutcomeSettings settings;
    private final Clock clock;

    public OutcomeUpdater(OutcomeStore store, PriceSource prices, OutcomeSettings settings, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.prices = Objects.requireNonNull(prices, "prices");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.calculator = new OutcomeCalculator(settings);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * What one update did.
     *
     * @param considered     unfinished signals looked at
     * @param changed        rows written or changed
     * @param byStatus       the status each considered signal has now (those skipped for a price failure excluded)
     * @param priceFailures  tickers whose prices could not be had this time (their signals stay as they were)
     */
    public record Summary(int considered, int changed, Map<SignalOutcome.Status, Integer> byStatus,
                          List<String> priceFailures, String benchmarkProblem) {
        public Summary {
            byStatus = Map.copyOf(byStatus);
            priceFailures = List.copyOf(priceFailures);
        }

        public int count(SignalOutcome.Status status) {
            return byStatus.getOrDefault(status, 0);
        }

        /** One line for logs and the command line. */
        public String line() {
            StringBuilder out = new StringBuilder("outcomes: ").append(considered).append(" unfinished, ")
                    .append(changed).append(" changed; ");
            for (SignalOutcome.Status s : SignalOutcome.Status.values()) {
                out.append(s.name().toLowerCase(java.util.Locale.ROOT)).append(' ').append(count(s)).append(", ");
            }
            out.setLength(out.length() - 2);
            if (benchmarkProblem != null) {
                out.append("; benchmark unavailable: ").append(benchmarkProblem);
            }
            if (!priceFailures.isEmpty()) {
                out.append("; no prices for ").append(priceFailures.size()).append(" tickers (")
                        .append(String.join(", ", priceFailures.subList(0, Math.min(5, priceFailures.size()))))
                        .append(priceFailures.size() > 5 ? ", …" : "").append(")");
            }
            return out.toString();
        }
    }

    /** Updates at most {@code limit} unfinished outcomes, oldest signals first. */
    public Summary update(int limit) {
        List<Signal> unfinished = store.unfinished(limit);
        Map<SignalOutcome.Status, Integer> byStatus = new EnumMap<>(SignalOutcome.Status.class);
        if (unfinished.isEmpty()) {
            return new Summary(0, 0, byStatus, List.of(), null);
        }
        LocalDate today = LocalDate.now(clock.withZone(settings.marketZone()));
        LocalDate from = marketDate(unfinished.stream().min(Comparator.comparing(Signal::signalAt)).orElseThrow())
                .minusDays(LEAD_DAYS);
        List<DailyBar> benchmark;
        try {
            benchmark = prices.dailyHistory(settings.benchmark(), from, today);
        } catch (PriceUnavailableException e) {
            // Without the calendar nothing can be measured, and nothing is guessed: all stay as they are.
            LOG.warn("outcomes: benchmark {} unavailable; nothing updated: {}", settings.benchmark(), e.getMessage());
            return new Summary(unfinished.size(), 0, byStatus, List.of(), e.getMessage());
        }
        Map<String, List<Signal>> byTicker = new LinkedHashMap<>();
        unfinished.forEach(s -> byTicker.computeIfAbsent(s.ticker(), t -> new ArrayList<>()).add(s));
        int changed = 0;
        List<String> failures = new ArrayList<>();
        for (var entry : byTicker.entrySet()) {
            String ticker = entry.getKey();
            List<Signal> signals = entry.getValue();
            List<DailyBar> bars;
            LocalDate tickerFrom = marketDate(signals.getFirst()).minusDays(LEAD_DAYS);
            try {
                bars = prices.dailyHistory(ticker, tickerFrom, today);
            } catch (PriceUnavailableException e) {
                if (e.retryable()) {
                    failures.add(ticker);
                    LOG.warn("outcomes: no prices for {} this time: {}", ticker, e.getMessage());
                    continue;
                }
                // The source does not know the symbol or has no bars: the calculator decides, from the benchmark's
                // sessions, whether that is still "late" or already a delisting.
                bars = List.of();
            }
            for (Signal s : signals) {
                SignalOutcome outcome = calculator.compute(s, bars, benchmark, clock.instant());
                if (store.save(outcome)) {
                    changed++;
                }
                byStatus.merge(outcome.status(), 1, Integer::sum);
            }
        }
        Summary summary = new Summary(unfinished.size(), changed, byStatus, failures, null);
        LOG.info(summary.line());
        return summary;
    }

    private LocalDate marketDate(Signal s) {
        return s.signalAt().atZone(settings.marketZone()).toLocalDate();
    }
}
