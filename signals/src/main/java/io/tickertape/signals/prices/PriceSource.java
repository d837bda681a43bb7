package io.tickertape.signals.prices;

import java.time.LocalDate;
import java.util.List;

/**
 * Where prices come from. Implementations enforce their own timeouts: no call blocks longer than the timeout its
 * implementation was configured with, and failures are reported as {@link PriceUnavailableException}, never as
 * unchecked exceptions or nulls.
 */
public interface PriceSource extends AutoCloseable {

    /** The latest price of {@code symbol}. Callers that need a fresh price wrap the source in {@link FreshQuotes}. */
    Quote quote(String symbol) throws PriceUnavailableException;

    /**
     * Daily bars of {@code symbol} from {@code from} to {@code to}, both inclusive, oldest first, one bar per date,
     * without bars whose prices are missing. An empty list means the source has the symbol but no trading days
     * in the range.
     */
    List<DailyBar> dailyHistory(String symbol, LocalDate from, LocalDate to) throws PriceUnavailableException;

    @Override
    default void close() {
    }
}
