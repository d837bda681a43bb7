package io.tickertape.signals.prices;

import java.time.LocalDate;
import java.util.Objects;

/** One trading day, in major currency units. */
public record DailyBar(LocalDate date, double open, double high, double low, double close, long volume) {
    public DailyBar {
        Objects.requireNonNull(date, "date");
    }
}
