package io.tickertape.events;

import java.util.Objects;

/**
 * The sentiment of an article toward one of its tickers (part of {@link ScoredArticle} since schema version 2).
 *
 * @param symbol the ticker, e.g. {@code AMZN}
 * @param target the name the model scored toward: the alias that matched in the text, e.g. {@code Amazon}
 * @param text   what was scored toward it: the headline and the summary sentences that name the target
 * @param label  positive, negative or neutral
 */
public record TickerSentiment(String symbol, String target, String text, String label, double positive,
                              double negative, double neutral) {
    public TickerSentiment {
        Objects.requireNonNull(symbol, "symbol");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(label, "label");
    }

    public double confidence() {
        return Math.max(positive, Math.max(negative, neutral));
    }
}
