package io.tickertape.signals.technicals;

import java.util.List;
import java.util.Map;

/**
 * What the chart says about a stock.
 *
 * @param score       combined technical score in [-1, 1]; positive is bullish
 * @param atr         ATR(14), in price units; the yardstick for stop and target
 * @param lastClose   the close of the latest bar
 * @param explanation which indicator said what, e.g. {@code "RSI(14) 27.4: oversold, bullish (+1.00)"}
 * @param indicators  raw indicator values by name ({@code rsi14}, {@code macd}, {@code macdSignal}, {@code macdHist},
 *                    {@code sma20}, {@code sma50}, {@code roc10}, {@code atr14}, {@code lastClose})
 */
public record TechnicalView(double score, double atr, double lastClose, List<String> explanation,
                            Map<String, Double> indicators) {
    public TechnicalView {
        if (!(score >= -1.0 && score <= 1.0)) {
            throw new IllegalArgumentException("score must be in [-1, 1]: " + score);
        }
        explanation = List.copyOf(explanation);
        indicators = Map.copyOf(indicators);
    }
}
