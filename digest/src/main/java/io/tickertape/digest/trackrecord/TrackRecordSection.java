package io.tickertape.digest.trackrecord;

import io.tickertape.digest.rendering.InlineImage;
import io.tickertape.digest.rendering.SafeText;
import io.tickertape.digest.rendering.TrackRecordView;
import io.tickertape.signals.fusion.Direction;
import io.tickertape.signals.fusion.Signal;
import io.tickertape.signals.outcomes.OutcomeStore;
import io.tickertape.signals.outcomes.SignalOutcome;
import io.tickertape.signals.outcomes.TrackRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Builds the digest's "Track record" from signal_outcomes: the figures of the signals made in the last 30 and 90
 * days at the 5-session horizon, the cumulative-return chart over the 90 days, and the previous day's signals. It
 * reads what {@code outcomes update} wrote; it never fetches prices itself.
 */
public final class TrackRecordSection {

    private static final Logger LOG = LoggerFactory.getLogger(TrackRecordSection.class);
    /** The horizon the digest judges by: long enough to be more than noise, short enough to be recent. */
    public static final int HORIZON = 5;
    static final int MAX_SIGNALS = 20_000;
    static final int MAX_YESTERDAY = 10;
    public static final String CHART_CID = "track-record@tickertape";
    private static final DateTimeFormatter SHORT_DATE = DateTimeFormatter.ofPattern("MMM d", Locale.US);

    private final OutcomeStore store;
    private final String benchmark;
    private final CumulativeReturnChart chart = new CumulativeReturnChart();

    public TrackRecordSection(OutcomeStore store, String benchmark) {
        this.store = Objects.requireNonNull(store, "store");
        this.benchmark = Objects.requireNonNull(benchmark, "benchmark");
    }

    /** The section and its chart (null when there is nothing to draw). */
    public record Built(TrackRecordView view, InlineImage chart) {
    }

    /**
     * @param windowStart the start of this digest's window: the previous day's signals are those of the 24 hours
     *                    before it, the signals the previous digest carried
     * @param asOf        the end of this digest's window; the 30 and 90 days count back from here
     */
    public Built build(Instant windowStart, Instant asOf) {
        List<OutcomeStore.Measured> last90 = store.measured(asOf.minus(Duration.ofDays(90)), asOf, MAX_SIGNALS);
        Instant thirtyDaysAgo = asOf.minus(Duration.ofDays(30));
        List<OutcomeStore.Measured> last30 = last90.stream().filter(m -> !m.signal().signalAt().isBefore(thirtyDaysAgo)).toList();
        List<TrackRecordView.Window> windows = List.of(window("Last 30 days", last30), window("Last 90 days", last90));

        InlineImage image = null;
        List<CumulativeReturnChart.Point> points = curve(last90);
        if (points.size() >= 2) {
            try {
                image = new InlineImage(CHART_CID, "track-record.png", chart.png(points, benchmark));
            } catch (RuntimeException e) {
                LOG.warn("track record chart not drawn: {}", e.toString());
            }
        }
        Instant yesterdayFrom = windowStart.minus(Duration.ofHours(24));
        List<TrackRecordView.Move> moves = last90.stream()
                .filter(m -> !m.signal().signalAt().isBefore(yesterdayFrom) && m.signal().signalAt().isBefore(windowStart))
                .limit(MAX_YESTERDAY)
                .map(TrackRecordSection::move)
                .toList();
        String method = "Hit: a signal's price moved its way over the " + HORIZON + " sessions after the first close "
                + "following it (a SELL hits when the price fell). Returns are close to close and equal-weight; "
                + "excess is over the same bet on " + benchmark + ". A session that touches both the stop and the "
                + "target counts as the stop. The chart adds up each signal day's average " + HORIZON
                + "-session return; holding periods overlap, so it is a scorecard, not an account balance.";
        String alt = "Cumulative " + HORIZON + "-session return of the last 90 days' signals against " + benchmark;
        return new Built(new TrackRecordView(windows, image == null ? null : CHART_CID, alt, method, moves), image);
    }

    private static TrackRecordView.Window window(String label, List<OutcomeStore.Measured> measured) {
        TrackRecord r = TrackRecord.of(label, HORIZON, measured.stream().map(OutcomeStore.Measured::outcome).toList(),
                measured.size());
        String interval = r.empty() ? "–" : String.format(Locale.US, "%.0f–%.0f%%", 100 * r.hitRateLow(), 100 * r.hitRateHigh());
        return new TrackRecordView.Window(label, r.signals(), r.measured(), percent(r.hitRate(), 0), interval,
                signedPercent(r.meanReturn()), signedPercent(r.medianReturn()), signedPercent(r.meanExcess()),
                percent(r.targetRate(), 0), percent(r.stopRate(), 0));
    }

    /** Each signal day's mean signed return and mean benchmark return at the horizon, added up over the days. */
    static List<CumulativeReturnChart.Point> curve(List<OutcomeStore.Measured> measured) {
        Map<LocalDate, double[]> byDay = new TreeMap<>();      // date -> {sum of returns, sum of benchmark, n}
        for (OutcomeStore.Measured m : measured) {
            SignalOutcome o = m.outcome();
            if (o == null || o.baseDate() == null || o.returnAt(HORIZON) == null) {
                continue;
            }
            double[] acc = byDay.computeIfAbsent(o.baseDate(), d -> new double[3]);
            acc[0] += o.returnAt(HORIZON);
            acc[1] += o.benchmarkReturnAt(HORIZON);
            acc[2] += 1;
        }
        List<CumulativeReturnChart.Point> points = new ArrayList<>();
        double ours = 0;
        double theirs = 0;
        for (var e : byDay.entrySet()) {
            double[] acc = e.getValue();
            ours += acc[0] / acc[2];
            theirs += acc[1] / acc[2];
            points.add(new CumulativeReturnChart.Point(e.getKey(), ours, theirs));
        }
        return points;
    }

    private static TrackRecordView.Move move(OutcomeStore.Measured m) {
        Signal s = m.signal();
        SignalOutcome o = m.outcome();
        String entry = money(s.entry());
        if (o == null || o.lastClose() == null || o.lastDate() == null || !(s.entry() > 0)) {
            return new TrackRecordView.Move(SafeText.line(s.ticker(), 16), s.direction().name(), entry, null, null, "no close since the signal yet", null);
        }
        double sign = s.direction() == Direction.BUY ? 1 : -1;
        double move = sign * (o.lastClose() / s.entry() - 1);
        return new TrackRecordView.Move(SafeText.line(s.ticker(), 16), s.direction().name(), entry, money(o.lastClose()),
                SHORT_DATE.format(o.lastDate()), signedPercent(move) + (move >= 0 ? " its way" : " against it"), move >= 0);
    }

    static String percent(double v, int decimals) {
        return Double.isFinite(v) ? String.format(Locale.US, "%." + decimals + "f%%", 100 * v) : "–";
    }

    static String signedPercent(double v) {
        return Double.isFinite(v) ? String.format(Locale.US, "%+.1f%%", 100 * v) : "–";
    }

    private static String money(double v) {
        return Double.isFinite(v) ? String.format(Locale.US, Math.abs(v) >= 1 ? "%,.2f" : "%,.4f", v) : "n/a";
    }
}
