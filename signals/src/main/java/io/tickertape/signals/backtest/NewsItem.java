package io.tickertape.signals.backtest;

import java.time.LocalDate;
import java.util.Objects;

/** One dated historical headline. {@code date} has day resolution (the Reuters corpus has no time of day). */
public record NewsItem(String id, LocalDate date, String headline, String summary) {
    public NewsItem {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(date, "date");
        Objects.requireNonNull(headline, "headline");
    }
}
