package io.tickertape.signals.outcomes;

import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Objects;

/**
 * How outcomes are measured.
 *
 * @param benchmark         the symbol every signal is compared with, and whose sessions are the trading calendar
 * @param marketZone        where the closing time is
 * @param marketClose       the close: a signal made before it on a session day has that session as day 0
 * @param delistedAfter     sessions without a bar (while the benchmark trades) after which a ticker counts as
 *                          delisted rather than late
 */
public record OutcomeSettings(String benchmark, ZoneId marketZone, LocalTime marketClose, int delistedAfter) {

    public static final String DEFAULT_BENCHMARK = "SPY";

    public OutcomeSettings {
        Objects.requireNonNull(benchmark, "benchmark");
        benchmark = benchmark.strip().toUpperCase(Locale.ROOT);
        if (!benchmark.matches("[A-Z0-9^.=-]{1,15}")) {
            throw new IllegalArgumentException("benchmark is not a symbol: " + benchmark);
        }
        Objects.requireNonNull(marketZone, "marketZone");
        Objects.requireNonNull(marketClose, "marketClose");
        if (delistedAfter < 1 || delistedAfter > 60) {
            throw new IllegalArgumentException("delistedAfter must be in 1..60: " + delistedAfter);
        }
    }

    /** SPY, 16:00 New York, delisted after 5 sessions without a bar. */
    public static OutcomeSettings defaults() {
        return withBenchmark(DEFAULT_BENCHMARK);
    }

    public static OutcomeSettings withBenchmark(String benchmark) {
        return new OutcomeSettings(benchmark, ZoneId.of("America/New_York"), LocalTime.of(16, 0), 5);
    }
}
