package io.tickertape.signals.outcomes;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;

/**
 * What happened after one signal, as far as the prices tell so far: one row of {@code signal_outcomes}. Every
 * return is a fraction (0.02 is 2 %) from day 0's close and signed by direction, so a SELL whose stock fell is
 * positive. A value that needs sessions that have not happened yet is null.
 *
 * @param baseDate       day 0: the first session whose close is at or after the signal; null while none has closed
 * @param sessionsSeen   sessions after day 0 that have a bar, at most {@link OutcomeCalculator#MAX_SESSIONS}
 * @param excess1d       {@code return1d - direction * benchmarkReturn1d}: what the call earned beyond the same bet
 *                       on the market
 * @param daysToExit     sessions from day 0 to the session the target or stop was first touched, or to the last
 *                       session of the window when neither was
 * @param maxFavourable  the best signed excursion of the highs and lows up to the exit (≥ 0)
 * @param maxAdverse     the worst signed excursion up to the exit (≤ 0)
 * @param note           what the outcome waits for, or where the gap or delisting is; null when closed cleanly
 */
public record SignalOutcome(
        String signalId,
        Status status,
        LocalDate baseDate,
        Double baseClose,
        int sessionsSeen,
        Double return1d,
        Double return5d,
        Double return20d,
        String benchmark,
        Double benchmarkReturn1d,
        Double benchmarkReturn5d,
        Double benchmarkReturn20d,
        Double excess1d,
        Double excess5d,
        Double excess20d,
        ExitReason exitReason,
        LocalDate exitDate,
        Integer daysToExit,
        Double maxFavourable,
        Double maxAdverse,
        LocalDate lastDate,
        Double lastClose,
        String note,
        Instant computedAt) {

    /** Where an outcome stands. Only PENDING is computed again. */
    public enum Status {
        /** Waiting for sessions (or for a price that is late); computed again by the next update. */
        PENDING,
        /** Every horizon and the exit are known. */
        CLOSED,
        /** A session the benchmark traded has no bar for the ticker although later ones do: never filled in. */
        GAP,
        /** The ticker stopped trading (no bars for several sessions, or the source no longer knows it). */
        DELISTED;

        public boolean isFinal() {
            return this != PENDING;
        }
    }

    /** How the trade would have ended. */
    public enum ExitReason {
        TARGET, STOP,
        /** Neither level within the window: held to its last session. */
        TIME
    }

    public SignalOutcome {
        Objects.requireNonNull(signalId, "signalId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(benchmark, "benchmark");
        Objects.requireNonNull(computedAt, "computedAt");
    }

    /** The signed return after {@code horizon} sessions (1, 5 or 20), or null while pending. */
    public Double returnAt(int horizon) {
        return switch (horizon) {
            case 1 -> return1d;
            case 5 -> return5d;
            case 20 -> return20d;
            default -> throw new IllegalArgumentException("horizon must be 1, 5 or 20: " + horizon);
        };
    }

    public Double benchmarkReturnAt(int horizon) {
        return switch (horizon) {
            case 1 -> benchmarkReturn1d;
            case 5 -> benchmarkReturn5d;
            case 20 -> benchmarkReturn20d;
            default -> throw new IllegalArgumentException("horizon must be 1, 5 or 20: " + horizon);
        };
    }

    public Double excessAt(int horizon) {
        return switch (horizon) {
            case 1 -> excess1d;
            case 5 -> excess5d;
            case 20 -> excess20d;
            default -> throw new IllegalArgumentException("horizon must be 1, 5 or 20: " + horizon);
        };
    }

    /** The same values computed at another time (the store compares outcomes without it). */
    public SignalOutcome at(Instant when) {
        return new SignalOutcome(signalId, status, baseDate, baseClose, sessionsSeen, return1d, return5d, return20d,
                benchmark, benchmarkReturn1d, benchmarkReturn5d, benchmarkReturn20d, excess1d, excess5d, excess20d,
                exitReason, exitDate, daysToExit, maxFavourable, maxAdverse, lastDate, lastClose, note, when);
    }
}
