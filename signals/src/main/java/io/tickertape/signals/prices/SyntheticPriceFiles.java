package io.tickertape.signals.prices;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Writes deterministic, clearly synthetic daily price files (a seeded random walk with a drift) that end on a given
 * date, in the CSV layout {@link FilePriceSource} reads. For the demo and tests only, where recorded prices would be
 * months old and a live source is out of reach; production uses the Yahoo chart client.
 */
public final class SyntheticPriceFiles {

    private SyntheticPriceFiles() {
    }

    /**
     * @param startPrices symbol → last close; the walk is generated backwards-compatible from a seed per symbol
     * @param dailyDrift  mean daily return (e.g. 0.002 for a gentle uptrend, -0.002 for a downtrend)
     * @param tradingDays bars per file (weekdays only)
     */
    public static void write(Path directory, Map<String, Double> startPrices, LocalDate lastDay, double dailyDrift,
                             int tradingDays) {
        if (tradingDays < 1 || tradingDays > 5000) {
            throw new IllegalArgumentException("tradingDays must be in 1..5000");
        }
        try {
            Files.createDirectories(directory);
            for (var e : startPrices.entrySet()) {
                String symbol = e.getKey();
                SplittableRandom random = new SplittableRandom(symbol.hashCode());
                double[] close = new double[tradingDays];
                LocalDate[] dates = new LocalDate[tradingDays];
                LocalDate d = lastDay;
                for (int i = tradingDays - 1; i >= 0; i--) {
                    while (d.getDayOfWeek() == DayOfWeek.SATURDAY || d.getDayOfWeek() == DayOfWeek.SUNDAY) {
                        d = d.minusDays(1);
                    }
                    dates[i] = d;
                    d = d.minusDays(1);
                }
                close[tradingDays - 1] = e.getValue();
                for (int i = tradingDays - 2; i >= 0; i--) { // walk backwards from today's price
                    double r = dailyDrift + random.nextGaussian() * 0.012;
                    close[i] = close[i + 1] / (1 + r);
                }
                StringBuilder csv = new StringBuilder("Date,Open,High,Low,Close,Volume\n");
                for (int i = 0; i < tradingDays; i++) {
                    double open = i == 0 ? close[i] : close[i - 1];
                    double high = Math.max(open, close[i]) * (1 + Math.abs(random.nextGaussian()) * 0.006);
                    double low = Math.min(open, close[i]) * (1 - Math.abs(random.nextGaussian()) * 0.006);
                    long volume = 1_000_000L + random.nextLong(9_000_000L);
                    csv.append(String.format(Locale.ROOT, "%s,%.4f,%.4f,%.4f,%.4f,%d%n", dates[i], open, high, low, close[i], volume));
                }
                Files.writeString(directory.resolve(symbol + ".csv"), csv, StandardCharsets.UTF_8);
            }
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot write synthetic price files to " + directory, ex);
        }
    }
}
