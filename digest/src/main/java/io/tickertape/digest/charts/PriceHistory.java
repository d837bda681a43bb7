package io.tickertape.digest.charts;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * Daily closing prices for the 3-month chart. The digest depends on this small interface rather than on a price
 * provider, so charts can come from the signals module's price source ({@link PriceSourceHistory}), a cache or a
 * test fixture.
 */
@FunctionalInterface
public interface PriceHistory {

    /**
     * Closes of {@code symbol} from {@code from} to {@code to}, both inclusive, oldest first. Empty when the symbol
     * or the range has no prices. Implementations bound their own I/O with timeouts; an exception only costs the
     * signal its chart.
     */
    List<DailyClose> dailyCloses(String symbol, LocalDate from, LocalDate to) throws Exception;

    /** One trading day's close. */
    record DailyClose(LocalDate date, double close) {
        public DailyClose {
            Objects.requireNonNull(date, "date");
        }
    }

    /** No price history: emails go out without charts. */
    static PriceHistory none() {
        return (symbol, from, to) -> List.of();
    }
}
