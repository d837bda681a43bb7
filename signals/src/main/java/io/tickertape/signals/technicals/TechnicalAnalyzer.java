package io.tickertape.signals.technicals;

import io.tickertape.signals.prices.DailyBar;
import org.ta4j.core.BarSeries;
import org.ta4j.core.BaseBarSeriesBuilder;
import org.ta4j.core.Indicator;
import org.ta4j.core.indicators.ATRIndicator;
import org.ta4j.core.indicators.MACDIndicator;
import org.ta4j.core.indicators.ROCIndicator;
import org.ta4j.core.indicators.RSIIndicator;
import org.ta4j.core.indicators.averages.SMAIndicator;
import org.ta4j.core.indicators.helpers.ClosePriceIndicator;
import org.ta4j.core.num.DoubleNumFactory;
import org.ta4j.core.num.Num;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * RSI(14), MACD(12,26,9), SMA 20/50 trend, 10-day momentum and ATR(14) from daily bars (ta4j), combined into one
 * score in [-1, 1]. Each indicator gives a vote in [-1, 1]; the score is their weighted mean over the votes that
 * are defined (a NaN vote is left out and the remaining weights renormalised):
 * <pre>
 *   rsi      = clamp((50 − RSI14) / 20)                        oversold (≤30) +1 … overbought (≥70) −1   w 0.25
 *   macd     = tanh(hist / (0.25·ATR)),  hist = MACD − EMA9(MACD)                                    w 0.25
 *   trend    = 0.5·tanh((SMA20 − SMA50)/ATR) + 0.5·tanh((close − SMA20)/ATR)
 *              (only the second term, at full weight, with fewer than 50 bars)                      w 0.30
 *   momentum = tanh(ROC10 / (ATR/close · √10))   10-day return in units of expected 10-day range     w 0.20
 * </pre>
 * ATR normalises every vote so a $3 move means the same for a $30 and a $3,000 stock. Thread-safe: every call
 * builds its own series.
 */
public final class TechnicalAnalyzer {

    /** Fewer bars than this give no view: MACD's slow EMA (26) plus its signal line (9) need 35. */
    public static final int MIN_BARS = 35;

    /** Only the latest bars matter; older ones are ignored to bound the work per call. */
    static final int MAX_BARS = 300;

    static final double W_RSI = 0.25;
    static final double W_MACD = 0.25;
    static final double W_TREND = 0.30;
    static final double W_MOMENTUM = 0.20;

    /** The view on the latest bar of {@code bars} (oldest first), or empty with fewer than {@link #MIN_BARS} usable bars. */
    public Optional<TechnicalView> analyze(List<DailyBar> bars) {
        List<DailyBar> usable = clean(bars);
        if (usable.size() < MIN_BARS) {
            return Optional.empty();
        }
        BarSeries series = new BaseBarSeriesBuilder().withNumFactory(DoubleNumFactory.getInstance())
                .withName("daily").build();
        for (DailyBar b : usable) {
            series.barBuilder().timePeriod(Duration.ofDays(1))
                    .endTime(b.date().plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant())
                    .openPrice(b.open()).highPrice(b.high()).lowPrice(b.low()).closePrice(b.close())
                    .volume(b.volume()).add();
        }
        int i = series.getEndIndex();
        ClosePriceIndicator close = new ClosePriceIndicator(series);
        MACDIndicator macd = new MACDIndicator(close, 12, 26);
        double lastClose = usable.getLast().close();
        double rsi = value(new RSIIndicator(close, 14), i);
        double macdLine = value(macd, i);
        double macdSignal = value(macd.getSignalLine(9), i);
        double hist = macdLine - macdSignal;
        double sma20 = value(new SMAIndicator(close, 20), i);
        // SMA50 over fewer than 50 bars would be a shorter average in disguise.
        double sma50 = usable.size() >= 50 ? value(new SMAIndicator(close, 50), i) : Double.NaN;
        double roc10 = value(new ROCIndicator(close, 10), i) / 100.0;
        double atr = value(new ATRIndicator(series, 14), i);
        // The normaliser must be positive even for a flat series; 2% of price is a typical daily range.
        double unit = atr > 0 ? atr : lastClose * 0.02;

        double vRsi = Double.isNaN(rsi) ? Double.NaN : clamp((50.0 - rsi) / 20.0);
        double vMacd = Double.isNaN(hist) ? Double.NaN : Math.tanh(hist / (0.25 * unit));
        double vTrend;
        if (Double.isNaN(sma20)) {
            vTrend = Double.NaN;
        } else if (Double.isNaN(sma50)) {
            vTrend = Math.tanh((lastClose - sma20) / unit);
        } else {
            vTrend = 0.5 * Math.tanh((sma20 - sma50) / unit) + 0.5 * Math.tanh((lastClose - sma20) / unit);
        }
        double vMomentum = Double.isNaN(roc10) ? Double.NaN : Math.tanh(roc10 / (unit / lastClose * Math.sqrt(10)));

        double sum = 0;
        double weights = 0;
        double[][] votes = {{vRsi, W_RSI}, {vMacd, W_MACD}, {vTrend, W_TREND}, {vMomentum, W_MOMENTUM}};
        for (double[] v : votes) {
            if (Double.isFinite(v[0])) {
                sum += v[0] * v[1];
                weights += v[1];
            }
        }
        if (weights == 0) {
            return Optional.empty();
        }
        double score = clamp(sum / weights);

        List<String> why = new ArrayList<>(5);
        if (Double.isFinite(vRsi)) {
            String zone = rsi <= 30 ? "oversold" : rsi >= 70 ? "overbought" : "neutral zone";
            why.add(fmt("RSI(14) %.1f: %s, %s (%+.2f)", rsi, zone, lean(vRsi), vRsi));
        }
        if (Double.isFinite(vMacd)) {
            why.add(fmt("MACD(12,26,9) %.3f vs signal %.3f, histogram %+.3f: %s (%+.2f)",
                    macdLine, macdSignal, hist, lean(vMacd), vMacd));
        }
        if (Double.isFinite(vTrend)) {
            String shape = Double.isNaN(sma50)
                    ? fmt("close %.2f %s SMA20 %.2f (fewer than 50 bars)", lastClose, cmp(lastClose, sma20), sma20)
                    : fmt("close %.2f %s SMA20 %.2f, SMA20 %s SMA50 %.2f", lastClose, cmp(lastClose, sma20), sma20,
                    cmp(sma20, sma50), sma50);
            why.add(fmt("trend: %s: %s (%+.2f)", shape, vTrend > 0.25 ? "uptrend" : vTrend < -0.25 ? "downtrend"
                    : "sideways", vTrend));
        }
        if (Double.isFinite(vMomentum)) {
            why.add(fmt("momentum ROC(10) %+.1f%%: %s (%+.2f)", roc10 * 100, lean(vMomentum), vMomentum));
        }
        why.add(fmt("ATR(14) %.3f (%.1f%% of price)", atr, atr / lastClose * 100));

        Map<String, Double> indicators = new LinkedHashMap<>();
        put(indicators, "rsi14", rsi);
        put(indicators, "macd", macdLine);
        put(indicators, "macdSignal", macdSignal);
        put(indicators, "macdHist", hist);
        put(indicators, "sma20", sma20);
        put(indicators, "sma50", sma50);
        put(indicators, "roc10", roc10);
        put(indicators, "atr14", atr);
        put(indicators, "lastClose", lastClose);
        return Optional.of(new TechnicalView(score, Double.isFinite(atr) ? atr : Double.NaN, lastClose, why,
                indicators));
    }

    /**
     * Sorted by date, one bar per date (the last one wins: a later row corrects an earlier one), only bars with
     * finite, positive prices and high ≥ low, and at most the latest {@link #MAX_BARS}.
     */
    static List<DailyBar> clean(List<DailyBar> bars) {
        if (bars == null || bars.isEmpty()) {
            return List.of();
        }
        TreeMap<LocalDate, DailyBar> byDate = new TreeMap<>();
        for (DailyBar b : bars) {
            if (b != null && positive(b.open()) && positive(b.high()) && positive(b.low()) && positive(b.close())
                    && b.high() >= b.low()) {
                byDate.put(b.date(), b);
            }
        }
        List<DailyBar> sorted = new ArrayList<>(byDate.values());
        sorted.sort(Comparator.comparing(DailyBar::date));
        return sorted.size() > MAX_BARS ? sorted.subList(sorted.size() - MAX_BARS, sorted.size()) : sorted;
    }

    private static boolean positive(double v) {
        return v > 0 && Double.isFinite(v);
    }

    private static double value(Indicator<Num> indicator, int index) {
        Num n = indicator.getValue(index);
        if (n == null || n.isNaN()) {
            return Double.NaN;
        }
        double d = n.doubleValue();
        return Double.isFinite(d) ? d : Double.NaN;
    }

    private static void put(Map<String, Double> map, String key, double value) {
        if (Double.isFinite(value)) {
            map.put(key, value);
        }
    }

    private static String lean(double vote) {
        return vote > 0.1 ? "bullish" : vote < -0.1 ? "bearish" : "neutral";
    }

    private static String cmp(double a, double b) {
        return a > b ? ">" : a < b ? "<" : "=";
    }

    private static String fmt(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }

    private static double clamp(double v) {
        return Math.max(-1.0, Math.min(1.0, v));
    }
}
