package io.tickertape.signals.outcomes;

import io.tickertape.signals.fusion.Direction;
import io.tickertape.signals.fusion.Signal;
import io.tickertape.signals.outcomes.SignalOutcome.ExitReason;
import io.tickertape.signals.outcomes.SignalOutcome.Status;
import io.tickertape.signals.prices.DailyBar;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Computes a signal's outcome from daily bars; no I/O, so every rule is testable with bars written by hand.
 * <ul>
 *   <li>The benchmark's sessions are the calendar. Day 0 is the first session whose close is at or after the
 *       signal. Returns are close-to-close from day 0's close after 1, 5 and 20 sessions, signed by direction.</li>
 *   <li>The target and the stop are looked for from session 1 on, in the highs and lows: day 0's range holds
 *       prices from before the signal. When one session touches both, the stop counts (we cannot know the order
 *       within a day, and the conservative answer is the one a reader can trust).</li>
 *   <li>The excursions run over sessions 1 to the exit, from day 0's close.</li>
 *   <li>A session the benchmark traded but the ticker has no bar for is a GAP when the ticker has later bars,
 *       and DELISTED when it has none for {@link OutcomeSettings#delistedAfter()} sessions; otherwise the price
 *       is late and the outcome stays PENDING. Nothing is interpolated.</li>
 * </ul>
 */
public final class OutcomeCalculator {

    /** The longest horizon, and the window in which the target or stop may be touched. */
    public static final int MAX_SESSIONS = 20;
    static final int[] HORIZONS = {1, 5, 20};

    private final OutcomeSettings settings;

    public OutcomeCalculator(OutcomeSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /**
     * @param signal     the signal (its time, direction, stop and target)
     * @param bars       the ticker's daily bars, any order, covering at least day 0 onwards
     * @param benchmark  the benchmark's daily bars over the same dates
     * @param now        the computation time recorded with the outcome
     */
    public SignalOutcome compute(Signal signal, List<DailyBar> bars, List<DailyBar> benchmark, Instant now) {
        List<DailyBar> calendar = benchmark.stream().filter(OutcomeCalculator::usable)
                .sorted(Comparator.comparing(DailyBar::date)).toList();
        NavigableMap<LocalDate, DailyBar> ticker = new TreeMap<>();
        bars.stream().filter(OutcomeCalculator::usable).forEach(b -> ticker.put(b.date(), b));

        int day0 = -1;
        for (int i = 0; i < calendar.size(); i++) {
            if (!closeOf(calendar.get(i).date()).isBefore(signal.signalAt())) {
                day0 = i;
                break;
            }
        }
        Builder out = new Builder(signal, settings.benchmark(), now);
        if (day0 < 0) {
            return out.pending("waiting for the first " + settings.benchmark() + " session to close after the signal");
        }
        LocalDate baseDate = calendar.get(day0).date();
        DailyBar base = ticker.get(baseDate);
        if (base == null) {
            return out.missing(ticker, calendar, day0, signal.ticker());
        }
        out.base(base);
        double sign = signal.direction() == Direction.BUY ? 1.0 : -1.0;
        double baseClose = base.close();
        double[] closes = new double[MAX_SESSIONS + 1];
        closes[0] = baseClose;
        double mfe = 0.0;
        double mae = 0.0;
        for (int k = 1; k <= MAX_SESSIONS; k++) {
            if (day0 + k >= calendar.size()) {
                break;
            }
            DailyBar bar = ticker.get(calendar.get(day0 + k).date());
            if (bar == null) {
                out.excursions(mfe, mae);
                out.returns(closes, calendar, day0, sign);
                return out.missing(ticker, calendar, day0 + k, signal.ticker());
            }
            closes[k] = bar.close();
            out.seen(k, bar);
            if (out.exitReason == null) {
                double up = bar.high() / baseClose - 1.0;
                double down = bar.low() / baseClose - 1.0;
                mfe = Math.max(mfe, sign > 0 ? up : -down);
                mae = Math.min(mae, sign > 0 ? down : -up);
                boolean target = sign > 0 ? bar.high() >= signal.target() : bar.low() <= signal.target();
                boolean stop = sign > 0 ? bar.low() <= signal.stop() : bar.high() >= signal.stop();
                if (stop) {
                    out.exit(ExitReason.STOP, k, bar.date());
                } else if (target) {
                    out.exit(ExitReason.TARGET, k, bar.date());
                } else if (k == MAX_SESSIONS) {
                    out.exit(ExitReason.TIME, k, bar.date());
                }
            }
        }
        out.excursions(mfe, mae);
        out.returns(closes, calendar, day0, sign);
        if (out.sessionsSeen == MAX_SESSIONS) {
            return out.build(Status.CLOSED, null);
        }
        return out.pending(out.sessionsSeen + " of " + MAX_SESSIONS + " sessions after " + baseDate);
    }

    private Instant closeOf(LocalDate date) {
        return date.atTime(settings.marketClose()).atZone(settings.marketZone()).toInstant();
    }

    private static boolean usable(DailyBar b) {
        return Double.isFinite(b.close()) && b.close() > 0 && Double.isFinite(b.high()) && Double.isFinite(b.low())
                && b.high() > 0 && b.low() > 0;
    }

    /** The outcome as it is assembled; the values that are not known yet stay null. */
    private final class Builder {
        final Signal signal;
        final String benchmark;
        final Instant now;
        LocalDate baseDate;
        Double baseClose;
        int sessionsSeen;
        final Double[] returns = new Double[3];
        final Double[] benchmarkReturns = new Double[3];
        final Double[] excess = new Double[3];
        ExitReason exitReason;
        LocalDate exitDate;
        Integer daysToExit;
        Double maxFavourable;
        Double maxAdverse;
        LocalDate lastDate;
        Double lastClose;

        Builder(Signal signal, String benchmark, Instant now) {
            this.signal = signal;
            this.benchmark = benchmark;
            this.now = now;
        }

        void base(DailyBar bar) {
            baseDate = bar.date();
            baseClose = bar.close();
            lastDate = bar.date();
            lastClose = bar.close();
        }

        void seen(int k, DailyBar bar) {
            sessionsSeen = k;
            lastDate = bar.date();
            lastClose = bar.close();
        }

        void exit(ExitReason reason, int k, LocalDate date) {
            exitReason = reason;
            daysToExit = k;
            exitDate = date;
        }

        void excursions(double mfe, double mae) {
            if (sessionsSeen > 0) {
                maxFavourable = mfe;
                maxAdverse = mae;
            }
        }

        void returns(double[] closes, List<DailyBar> calendar, int day0, double sign) {
            double benchmarkBase = calendar.get(day0).close();
            for (int h = 0; h < HORIZONS.length; h++) {
                int n = HORIZONS[h];
                if (sessionsSeen >= n) {
                    double r = sign * (closes[n] / closes[0] - 1.0);
                    double b = calendar.get(day0 + n).close() / benchmarkBase - 1.0;
                    returns[h] = r;
                    benchmarkReturns[h] = b;
                    excess[h] = r - sign * b;
                }
            }
        }

        /** The ticker has no bar for calendar session {@code index}: a gap, a delisting, or just late. */
        SignalOutcome missing(NavigableMap<LocalDate, DailyBar> ticker, List<DailyBar> calendar, int index, String symbol) {
            LocalDate date = calendar.get(index).date();
            LocalDate later = ticker.higherKey(date);
            if (later != null) {
                return build(Status.GAP, "no " + symbol + " bar for " + date + " although " + benchmark
                        + " traded; next bar " + later);
            }
            int sessionsWithout = calendar.size() - index;
            if (sessionsWithout >= settings.delistedAfter()) {
                LocalDate last = ticker.isEmpty() ? null : ticker.lastKey();
                return build(Status.DELISTED, "no " + symbol + " bar in the " + sessionsWithout + " sessions since "
                        + date + (last == null ? "" : "; last bar " + last));
            }
            return pending("waiting for the " + symbol + " bar of " + date);
        }

        SignalOutcome pending(String note) {
            return build(Status.PENDING, note);
        }

        SignalOutcome build(Status status, String note) {
            return new SignalOutcome(signal.signalId(), status, baseDate, baseClose, sessionsSeen,
                    returns[0], returns[1], returns[2], benchmark,
                    benchmarkReturns[0], benchmarkReturns[1], benchmarkReturns[2],
                    excess[0], excess[1], excess[2], exitReason, exitDate, daysToExit, maxFavourable, maxAdverse,
                    lastDate, lastClose, note, now);
        }
    }
}
