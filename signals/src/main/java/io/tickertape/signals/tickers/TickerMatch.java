package io.tickertape.signals.tickers;

import java.util.Objects;

/**
 * One company an article is about.
 *
 * @param symbol    exchange ticker, e.g. {@code TSLA}
 * @param name      the company's display name, e.g. {@code Tesla, Inc.}
 * @param matched   the text that identified it (first and strongest mention), e.g. {@code Tesla} or {@code $TSLA}
 * @param relevance how central the company is to the article, in [0, 1]
 */
public record TickerMatch(String symbol, String name, String matched, double relevance) {
    public TickerMatch {
        Objects.requireNonNull(symbol, "symbol");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(matched, "matched");
        if (!(relevance >= 0.0 && relevance <= 1.0)) {
            throw new IllegalArgumentException("relevance must be in [0, 1]: " + relevance);
        }
    }
}
