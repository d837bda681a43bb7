package io.tickertape.signals.technicals;

import io.tickertape.signals.prices.DailyBar;

import java.util.List;
import java.util.Optional;

/** RSI(14), MACD(12,26,9), SMA 20/50 trend, momentum and ATR(14) from daily bars (ta4j). Thread-safe. */
public final class TechnicalAnalyzer {

    /** Fewer bars than this give no view: MACD's slow EMA (26) plus its signal line (9) need 35. */
    public static final int MIN_BARS = 35;

    /** The view on the latest bar of {@code bars} (oldest first), or empty with fewer than {@link #MIN_BARS} usable bars. */
    public Optional<TechnicalView> analyze(List<DailyBar> bars) {
        throw new UnsupportedOperationException("in progress");
    }
}
