package io.tickertape.digest.charts;

import io.tickertape.digest.rendering.InlineImage;
import io.tickertape.signals.fusion.Signal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Charts for a list of signals: fetches each ticker's last 3 months of closes, draws the chart, and names it with a
 * Content-ID. Charts are drawn in parallel on a small pool, within one overall deadline; a signal whose prices are
 * missing, failing or late simply has no chart (the email never waits on a slow price source).
 */
public final class SignalCharts implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SignalCharts.class);
    static final int LOOKBACK_MONTHS = 3;

    private final PriceHistory history;
    private final PriceChartRenderer renderer = new PriceChartRenderer();
    private final ZoneId marketZone;
    private final Duration deadline;
    private final ExecutorService pool;

    /**
     * @param marketZone zone in which a signal's price time is turned into the chart's last date
     * @param deadline   the most all charts of one email may take together
     * @param threads    drawing threads (the CPU work); 1 or 2 on a small machine
     */
    public SignalCharts(PriceHistory history, ZoneId marketZone, Duration deadline, int threads) {
        this.history = history;
        this.marketZone = marketZone;
        this.deadline = deadline;
        this.pool = Executors.newFixedThreadPool(Math.max(1, threads), Thread.ofPlatform().daemon().name("digest-chart-", 0).factory());
    }

    public static SignalCharts withDefaults(PriceHistory history) {
        return new SignalCharts(history, ZoneId.of("America/New_York"), Duration.ofSeconds(20),
                Math.min(2, Runtime.getRuntime().availableProcessors()));
    }

    /** The Content-ID a signal's chart gets: deterministic, so a resumed send produces the same message. */
    public static String contentId(int rank, Signal s) {
        String id = s.signalId().replaceAll("[^A-Za-z0-9]", "");
        id = id.length() > 16 ? id.substring(0, 16) : id;
        return "chart-" + rank + "." + (id.isEmpty() ? "x" : id) + "@tickertape";
    }

    /** Charts by signal id, in the order of {@code signals}; signals without one are absent. */
    public Map<String, InlineImage> charts(List<Signal> signals) {
        List<Future<InlineImage>> futures = new ArrayList<>(signals.size());
        int rank = 0;
        for (Signal s : signals) {
            int r = ++rank;
            futures.add(pool.submit(() -> chart(r, s)));
        }
        long deadlineNanos = System.nanoTime() + deadline.toNanos();
        Map<String, InlineImage> out = new LinkedHashMap<>();
        for (int i = 0; i < futures.size(); i++) {
            Signal s = signals.get(i);
            Future<InlineImage> f = futures.get(i);
            try {
                InlineImage image = f.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (image != null) {
                    out.put(s.signalId(), image);
                }
            } catch (TimeoutException e) {
                f.cancel(true);
                LOG.warn("chart for {} not ready within {}; sending without it", s.ticker(), deadline);
            } catch (ExecutionException e) {
                LOG.warn("no chart for {}: {}", s.ticker(), e.getCause() == null ? e : e.getCause().toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                futures.forEach(x -> x.cancel(true));
                break;
            }
        }
        return out;
    }

    private InlineImage chart(int rank, Signal s) throws Exception {
        LocalDate to = s.priceAt().atZone(marketZone).toLocalDate();
        LocalDate from = to.minusMonths(LOOKBACK_MONTHS);
        List<PriceHistory.DailyClose> closes = history.dailyCloses(s.ticker(), from, to).stream()
                .filter(c -> Double.isFinite(c.close()) && c.close() > 0)
                .toList();
        if (closes.size() < 2) {
            return null;
        }
        byte[] png = renderer.png(new PriceChartRenderer.ChartRequest(s.ticker(), closes, s.entry(), s.stop(), s.target()));
        return new InlineImage(contentId(rank, s), "chart-" + rank + ".png", png);
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
