package io.tickertape.signals.technicals;

import io.tickertape.signals.prices.DailyBar;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.IntToDoubleFunction;

import static org.assertj.core.api.Assertions.assertThat;

class TechnicalAnalyzerTest {

    private final TechnicalAnalyzer analyzer = new TechnicalAnalyzer();

    static List<DailyBar> series(int n, IntToDoubleFunction close) {
        List<DailyBar> bars = new ArrayList<>();
        LocalDate d = LocalDate.of(2024, 1, 1);
        for (int i = 0; i < n; i++) {
            double c = close.applyAsDouble(i);
            bars.add(new DailyBar(d.plusDays(i), c * 0.995, c * 1.01, c * 0.99, c, 1_000_000));
        }
        return bars;
    }

    @Test
    void aSteadyUptrendWithPullbacksIsBullishAndExplained() {
        // Rising 0.5%/day with a small zig-zag so RSI is not pinned at 100.
        TechnicalView v = analyzer.analyze(series(80, i -> 100 * Math.pow(1.005, i) * (i % 3 == 0 ? 0.99 : 1.0)))
                .orElseThrow();
        assertThat(v.score()).isBetween(0.2, 1.0);
        assertThat(v.atr()).isPositive();
        assertThat(v.indicators()).containsKeys("rsi14", "macd", "macdSignal", "sma20", "sma50", "roc10", "atr14");
        assertThat(v.indicators().get("sma20")).isGreaterThan(v.indicators().get("sma50"));
        assertThat(v.explanation()).anySatisfy(s -> assertThat(s).startsWith("RSI(14)"))
                .anySatisfy(s -> assertThat(s).startsWith("MACD(12,26,9)"))
                .anySatisfy(s -> assertThat(s).contains("uptrend"))
                .anySatisfy(s -> assertThat(s).startsWith("momentum ROC(10)"))
                .anySatisfy(s -> assertThat(s).startsWith("ATR(14)"));
    }

    @Test
    void aSteadyDowntrendIsBearish() {
        TechnicalView v = analyzer.analyze(series(80, i -> 200 * Math.pow(0.995, i) * (i % 3 == 0 ? 1.01 : 1.0)))
                .orElseThrow();
        // RSI is contrarian (a long slide is oversold, a bullish vote), so trend, MACD and momentum must outvote it.
        assertThat(v.score()).isBetween(-1.0, -0.1);
        assertThat(v.explanation()).anySatisfy(s -> assertThat(s).contains("downtrend"))
                .anySatisfy(s -> assertThat(s).startsWith("momentum ROC(10)").contains("bearish"));
    }

    @Test
    void rsiReadsOversoldAfterASharpSelloff() {
        List<DailyBar> bars = series(60, i -> i < 45 ? 100 : 100 - (i - 44) * 3.0);
        TechnicalView v = analyzer.analyze(bars).orElseThrow();
        assertThat(v.indicators().get("rsi14")).isLessThan(30);
        assertThat(v.explanation()).anySatisfy(s -> assertThat(s).contains("oversold, bullish"));
    }

    @Test
    void needsThirtyFiveUsableBars() {
        assertThat(analyzer.analyze(series(34, i -> 100 + i))).isEmpty();
        assertThat(analyzer.analyze(series(35, i -> 100 + i))).isPresent();
        assertThat(analyzer.analyze(List.of())).isEmpty();
        assertThat(analyzer.analyze(null)).isEmpty();
    }

    @Test
    void nanZeroAndDuplicateBarsAreSkippedNotPropagated() {
        List<DailyBar> bars = new ArrayList<>(series(40, i -> 100 + Math.sin(i) * 2));
        bars.add(new DailyBar(LocalDate.of(2024, 3, 1), Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0));
        bars.add(new DailyBar(LocalDate.of(2024, 3, 2), 0, 0, 0, 0, 0));
        bars.add(new DailyBar(LocalDate.of(2024, 3, 3), 101, 102, 100, Double.POSITIVE_INFINITY, 0));
        bars.add(bars.get(5)); // a duplicate date
        Collections.shuffle(bars, new java.util.Random(7));
        TechnicalView v = analyzer.analyze(bars).orElseThrow();
        assertThat(Double.isFinite(v.score())).isTrue();
        assertThat(v.indicators().values()).allSatisfy(x -> assertThat(Double.isFinite(x)).isTrue());
        // With 40 bars SMA50 would be a shorter average in disguise: it is left out, and the trend says so.
        assertThat(v.indicators()).doesNotContainKey("sma50");
        assertThat(v.explanation()).anySatisfy(s -> assertThat(s).contains("fewer than 50 bars"));
    }

    @Test
    void aFlatSeriesGivesAFiniteNeutralScore() {
        TechnicalView v = analyzer.analyze(series(60, i -> 50)).orElseThrow();
        assertThat(v.score()).isBetween(-0.3, 0.3);
    }
}
