package io.tickertape.signals.prices;

import java.time.Instant;
import java.util.Objects;

/**
 * A last-traded price.
 *
 * @param symbol   ticker the price is for
 * @param price    price in major currency units (pence and agorot are already divided by 100)
 * @param currency ISO currency of {@code price}, e.g. {@code USD}, {@code GBP}; may be null when the source does not say
 * @param time     when the price was traded (the market time, not when it was fetched)
 */
public record Quote(String symbol, double price, String currency, Instant time) {
    public Quote {
        Objects.requireNonNull(symbol, "symbol");
        Objects.requireNonNull(time, "time");
        if (!(price > 0.0) || Double.isInfinite(price)) {
            throw new IllegalArgumentException("price must be positive and finite: " + price);
        }
    }
}
