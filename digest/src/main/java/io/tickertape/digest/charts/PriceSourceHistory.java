package io.tickertape.digest.charts;

import io.tickertape.signals.prices.DailyBar;
import io.tickertape.signals.prices.PriceSource;

import java.time.LocalDate;
import java.util.List;

/** Charts from the signals module's {@link PriceSource} (which enforces its own timeouts, caches and breaker). */
public final class PriceSourceHistory implements PriceHistory {

    private final PriceSource source;

    public PriceSourceHistory(PriceSource source) {
        this.source = source;
    }

    @Override
    public List<DailyClose> dailyCloses(String symbol, LocalDate from, LocalDate to) throws Exception {
        List<DailyBar> bars = source.dailyHistory(symbol, from, to);
        return bars.stream().map(b -> new DailyClose(b.date(), b.close())).toList();
    }
}
