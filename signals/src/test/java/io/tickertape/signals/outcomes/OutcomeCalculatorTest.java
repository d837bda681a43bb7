package io.tickertape.signals.outcomes;

import io.tickertape.signals.fusion.Direction;
import io.tickertape.signals.fusion.Signal;
import io.tickertape.signals.outcomes.SignalOutcome.ExitReason;
import io.tickertape.signals.outcomes.SignalOutcome.Status;
import io.tickertape.signals.prices.DailyBar;
import org.junit.jupiter.api.Test;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Every expected number here is worked out by hand from the bars written in the test (comments show the sums).
 * The calendar is Monday 2024-03-04 and the weekdays after it; the signal is made at 09:30 New York that Monday,
 * so day 0 is that Monday and its close (100.00) is the base.
 */
class OutcomeCalculatorTest {

    static final Instant MONDAY_0930_NEW_YORK = Instant.parse("2024-03-04T14:30:00Z");
    static final List<LocalDate> SESSIONS = sessions(LocalDate.of(2024, 3, 4), 30);
    static final double EPS = 1e-12;

    private final OutcomeCalculator calculator = new OutcomeCalculator(OutcomeSettings.defaults());
    private final Instant now = Instant.parse("2024-05-01T00:00:00Z");

    static List<LocalDate> sessions(LocalDate first, int n) {
        List<LocalDate> out = new ArrayList<>();
        for (LocalDate d = first; out.size() < n; d = d.plusDays(1)) {
            if (d.getDayOfWeek() != DayOfWeek.SATURDAY && d.getDayOfWeek() != DayOfWeek.SUNDAY) {
                out.add(d);
            }
        }
        return out;
    }

    static Signal signal(Direction direction, Instant at, double entry, double stop, double target) {
        return new Signal(Signal.SCHEMA_VERSION, Signal.idFor("a-" + at, "ACME", direction), "ACME", "Acme Inc.",
                direction, at, "a-" + at, "Acme news", null, "test", at.minusSeconds(60), 0.5, 0.6, 0.2, 0.9, 1.0,
                "test-model", entry, at, "USD", entry, stop, target, List.of());
    }

    /** A bar on session {@code k} (0 = day 0). */
    static DailyBar bar(int k, double high, double low, double close) {
        return new DailyBar(SESSIONS.get(k), close, high, low, close, 1_000);
    }

    /** The benchmark: closes as given, one per session from day 0. */
    static List<DailyBar> benchmark(double... closes) {
        List<DailyBar> out = new ArrayList<>();
        for (int k = 0; k < closes.length; k++) {
            out.add(new DailyBar(SESSIONS.get(k), closes[k], closes[k], closes[k], closes[k], 1_000_000));
        }
        return out;
    }

    static List<DailyBar> flatBenchmark(int sessions) {
        double[] closes = new double[sessions];
        java.util.Arrays.fill(closes, 500.0);
        return benchmark(closes);
    }

    @Test
    void aBuyWhoseTargetIsTouchedFirst() {
        Signal buy = signal(Direction.BUY, MONDAY_0930_NEW_YORK, 100.0, 96.0, 106.0);
        List<DailyBar> bars = List.of(
                bar(0, 110.0, 90.0, 100.0),   // day 0's range is before and after the signal: never an exit
                bar(1, 102.0, 99.0, 101.0),
                bar(2, 104.0, 100.0, 103.0),
                bar(3, 107.0, 102.0, 105.0),  // high 107 >= target 106, low 102 > stop 96: TARGET on session 3
                bar(4, 105.0, 97.0, 104.0),   // after the exit: the stop level is touched, but the trade is over
                bar(5, 109.0, 103.0, 108.0));
        List<DailyBar> spy = benchmark(500, 505, 506, 507, 508, 510);

        SignalOutcome o = calculator.compute(buy, bars, spy, now);

        assertThat(o.status()).isEqualTo(Status.PENDING);          // 5 of 20 sessions
        assertThat(o.baseDate()).isEqualTo(LocalDate.of(2024, 3, 4));
        assertThat(o.baseClose()).isEqualTo(100.0);
        assertThat(o.sessionsSeen()).isEqualTo(5);
        assertThat(o.return1d()).isCloseTo(0.01, within(EPS));             // 101 / 100 - 1
        assertThat(o.return5d()).isCloseTo(0.08, within(EPS));             // 108 / 100 - 1
        assertThat(o.return20d()).isNull();
        assertThat(o.benchmarkReturn1d()).isCloseTo(0.01, within(EPS));    // 505 / 500 - 1
        assertThat(o.benchmarkReturn5d()).isCloseTo(0.02, within(EPS));    // 510 / 500 - 1
        assertThat(o.excess1d()).isCloseTo(0.0, within(EPS));              // 0.01 - 0.01
        assertThat(o.excess5d()).isCloseTo(0.06, within(EPS));             // 0.08 - 0.02
        assertThat(o.exitReason()).isEqualTo(ExitReason.TARGET);
        assertThat(o.exitDate()).isEqualTo(LocalDate.of(2024, 3, 7));
        assertThat(o.daysToExit()).isEqualTo(3);
        assertThat(o.maxFavourable()).isCloseTo(0.07, within(EPS));        // best high to the exit: 107
        assertThat(o.maxAdverse()).isCloseTo(-0.01, within(EPS));          // worst low to the exit: 99
        assertThat(o.lastDate()).isEqualTo(LocalDate.of(2024, 3, 11));
        assertThat(o.lastClose()).isEqualTo(108.0);
        assertThat(o.note()).isEqualTo("5 of 20 sessions after 2024-03-04");
    }

    @Test
    void aSellWhoseStopIsTouchedFirstIsSignedByDirection() {
        Signal sell = signal(Direction.SELL, MONDAY_0930_NEW_YORK, 100.0, 104.0, 94.0);
        List<DailyBar> bars = List.of(
                bar(0, 100.0, 100.0, 100.0),
                bar(1, 101.0, 98.0, 99.0),    // fell 1 %: a SELL earns +0.01
                bar(2, 105.0, 100.0, 104.0)); // high 105 >= stop 104: STOP on session 2
        List<DailyBar> spy = benchmark(500, 495, 500);

        SignalOutcome o = calculator.compute(sell, bars, spy, now);

        assertThat(o.return1d()).isCloseTo(0.01, within(EPS));             // -(99 / 100 - 1)
        assertThat(o.benchmarkReturn1d()).isCloseTo(-0.01, within(EPS));   // 495 / 500 - 1, unsigned
        assertThat(o.excess1d()).isCloseTo(0.0, within(EPS));              // 0.01 - (-1)(-0.01)
        assertThat(o.exitReason()).isEqualTo(ExitReason.STOP);
        assertThat(o.daysToExit()).isEqualTo(2);
        assertThat(o.maxFavourable()).isCloseTo(0.02, within(EPS));        // lowest low 98: 1 - 98/100
        assertThat(o.maxAdverse()).isCloseTo(-0.05, within(EPS));          // highest high 105: 1 - 105/100
        assertThat(o.status()).isEqualTo(Status.PENDING);
    }

    @Test
    void aSessionThatTouchesBothLevelsCountsAsTheStop() {
        Signal buy = signal(Direction.BUY, MONDAY_0930_NEW_YORK, 100.0, 96.0, 106.0);
        List<DailyBar> bars = List.of(bar(0, 100.0, 100.0, 100.0), bar(1, 107.0, 95.0, 104.0));

        SignalOutcome o = calculator.compute(buy, bars, benchmark(500, 500), now);

        assertThat(o.exitReason()).isEqualTo(ExitReason.STOP);
        assertThat(o.daysToExit()).isEqualTo(1);
        assertThat(o.return1d()).isCloseTo(0.04, within(EPS));             // the close is still what it is
    }

    @Test
    void twentySessionsWithoutTouchingEitherLevelCloseAtTime() {
        Signal buy = signal(Direction.BUY, MONDAY_0930_NEW_YORK, 100.0, 90.0, 110.0);
        List<DailyBar> bars = new ArrayList<>();
        double[] spy = new double[21];
        for (int k = 0; k <= 20; k++) {
            double close = 100.0 + 0.1 * k;                   // 100.0, 100.1, ... 102.0
            bars.add(bar(k, close + 0.5, close - 0.5, close));
            spy[k] = 500.0 + 0.25 * k;                        // 500.00 ... 505.00
        }

        SignalOutcome o = calculator.compute(buy, bars, benchmark(spy), now);

        assertThat(o.status()).isEqualTo(Status.CLOSED);
        assertThat(o.note()).isNull();
        assertThat(o.sessionsSeen()).isEqualTo(20);
        assertThat(o.return1d()).isCloseTo(0.001, within(1e-9));           // 100.1 / 100 - 1
        assertThat(o.return5d()).isCloseTo(0.005, within(1e-9));           // 100.5 / 100 - 1
        assertThat(o.return20d()).isCloseTo(0.02, within(1e-9));           // 102.0 / 100 - 1
        assertThat(o.benchmarkReturn20d()).isCloseTo(0.01, within(1e-9));  // 505 / 500 - 1
        assertThat(o.excess20d()).isCloseTo(0.01, within(1e-9));
        assertThat(o.exitReason()).isEqualTo(ExitReason.TIME);
        assertThat(o.daysToExit()).isEqualTo(20);
        assertThat(o.exitDate()).isEqualTo(SESSIONS.get(20));
        assertThat(o.maxFavourable()).isCloseTo(0.025, within(1e-9));      // session 20's high 102.5
        assertThat(o.maxAdverse()).isCloseTo(-0.004, within(1e-9));        // session 1's low 99.6
    }

    @Test
    void aSignalAfterTheCloseStartsOnTheNextSession() {
        Instant mondayEvening = Instant.parse("2024-03-04T22:00:00Z");     // 17:00 New York
        Signal buy = signal(Direction.BUY, mondayEvening, 100.0, 96.0, 106.0);
        List<DailyBar> bars = List.of(bar(0, 100, 100, 100.0), bar(1, 101, 99, 100.0), bar(2, 101, 99, 102.0));

        SignalOutcome o = calculator.compute(buy, bars, benchmark(500, 500, 500), now);

        assertThat(o.baseDate()).isEqualTo(LocalDate.of(2024, 3, 5));
        assertThat(o.return1d()).isCloseTo(0.02, within(EPS));             // 102 / 100 - 1
    }

    @Test
    void itStaysPendingUntilASessionHasClosedAfterTheSignal() {
        Instant friday = Instant.parse("2024-03-15T15:00:00Z");
        Signal buy = signal(Direction.BUY, friday, 100.0, 96.0, 106.0);
        // The calendar ends on Thursday 2024-03-14 (session 8): nothing after the signal yet.
        SignalOutcome o = calculator.compute(buy, List.of(bar(8, 1, 1, 1)), flatBenchmark(9), now);

        assertThat(o.status()).isEqualTo(Status.PENDING);
        assertThat(o.baseDate()).isNull();
        assertThat(o.return1d()).isNull();
        assertThat(o.exitReason()).isNull();
        assertThat(o.note()).contains("waiting for the first SPY session");
    }

    @Test
    void aTickerBarThatIsOnlyLateKeepsItPending() {
        Signal buy = signal(Direction.BUY, MONDAY_0930_NEW_YORK, 100.0, 96.0, 106.0);
        List<DailyBar> bars = List.of(bar(0, 100, 100, 100.0), bar(1, 101, 99, 101.0));
        // SPY has sessions 0..2; ACME's session 2 is not there yet and nothing comes after it.
        SignalOutcome o = calculator.compute(buy, bars, flatBenchmark(3), now);

        assertThat(o.status()).isEqualTo(Status.PENDING);
        assertThat(o.sessionsSeen()).isEqualTo(1);
        assertThat(o.note()).isEqualTo("waiting for the ACME bar of 2024-03-06");
    }

    @Test
    void aMissingSessionWithLaterBarsIsAGapAndIsNotFilledIn() {
        Signal buy = signal(Direction.BUY, MONDAY_0930_NEW_YORK, 100.0, 96.0, 106.0);
        List<DailyBar> bars = List.of(bar(0, 100, 100, 100.0), bar(1, 101, 99, 101.0), bar(3, 103, 101, 102.0));

        SignalOutcome o = calculator.compute(buy, bars, flatBenchmark(6), now);

        assertThat(o.status()).isEqualTo(Status.GAP);
        assertThat(o.note()).isEqualTo("no ACME bar for 2024-03-06 although SPY traded; next bar 2024-03-07");
        assertThat(o.return1d()).isCloseTo(0.01, within(EPS));             // known before the gap: kept
        assertThat(o.return5d()).isNull();                                 // would need the missing session: not guessed
        assertThat(o.sessionsSeen()).isEqualTo(1);
    }

    @Test
    void noBarsForFiveSessionsWhileTheBenchmarkTradesIsADelisting() {
        Signal buy = signal(Direction.BUY, MONDAY_0930_NEW_YORK, 100.0, 96.0, 106.0);
        List<DailyBar> bars = List.of(bar(0, 100, 100, 100.0), bar(1, 101, 99, 101.0), bar(2, 101, 99, 99.0));

        // Sessions 3..6 without a bar: four, still "late".
        assertThat(calculator.compute(buy, bars, flatBenchmark(7), now).status()).isEqualTo(Status.PENDING);
        // Sessions 3..7 without a bar: five, a delisting.
        SignalOutcome o = calculator.compute(buy, bars, flatBenchmark(8), now);
        assertThat(o.status()).isEqualTo(Status.DELISTED);
        assertThat(o.note()).isEqualTo("no ACME bar in the 5 sessions since 2024-03-07; last bar 2024-03-06");
        assertThat(o.return1d()).isCloseTo(0.01, within(EPS));
        assertThat(o.lastDate()).isEqualTo(LocalDate.of(2024, 3, 6));
        assertThat(o.lastClose()).isEqualTo(99.0);
    }

    @Test
    void aSymbolWithNoBarsAtAllIsDelistedOnceTheBenchmarkHasMovedOn() {
        Signal buy = signal(Direction.BUY, MONDAY_0930_NEW_YORK, 100.0, 96.0, 106.0);
        SignalOutcome o = calculator.compute(buy, List.of(), flatBenchmark(5), now);
        assertThat(o.status()).isEqualTo(Status.DELISTED);
        assertThat(o.baseDate()).isNull();
        assertThat(calculator.compute(buy, List.of(), flatBenchmark(4), now).status()).isEqualTo(Status.PENDING);
    }

    @Test
    void wilsonIntervalMatchesTheTextbookValue() {
        // 7 of 10: p = 0.7, z = 1.96; Wilson (1927) / Agresti-Coull tables give [0.3968, 0.8922].
        double[] ci = TrackRecord.wilson(7, 10);
        assertThat(ci[0]).isCloseTo(0.3968, within(5e-4));
        assertThat(ci[1]).isCloseTo(0.8922, within(5e-4));
        // 0 of 5 never goes below 0; the upper bound is z^2/(n+z^2) = 3.8415/8.8415.
        double[] none = TrackRecord.wilson(0, 5);
        assertThat(none[0]).isEqualTo(0.0);
        assertThat(none[1]).isCloseTo(0.4345, within(5e-4));
    }
}
