package io.tickertape.signals.history;

import io.tickertape.signals.fusion.Direction;

import java.time.Duration;
import java.util.Objects;

/**
 * How signals are deduplicated.
 *
 * @param window            no second signal in the same scope within this long (default 7 days)
 * @param scope             per ticker whatever the direction (default: one call per ticker), or per ticker and
 *                          direction
 * @param reversalThreshold with scope TICKER, an opposite signal inside the window is still emitted, marked as the
 *                          reversal of the earlier one, when its |score| reaches this (stricter than the fusion
 *                          threshold); 1.0 or more turns reversals off
 */
public record DedupeSettings(Duration window, Scope scope, double reversalThreshold) {

    /** What counts as "the same" signal. */
    public enum Scope {
        /** A BUY does not block a SELL of the same ticker (signal_dedupe.scope = BUY or SELL). */
        TICKER_AND_DIRECTION,
        /** Any signal blocks any other for the ticker (signal_dedupe.scope = ANY). */
        TICKER
    }

    public DedupeSettings {
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(scope, "scope");
        if (window.isNegative()) {
            throw new IllegalArgumentException("window must not be negative");
        }
        if (!(reversalThreshold > 0) || reversalThreshold > 2) {
            throw new IllegalArgumentException("reversalThreshold must be in (0, 2]: " + reversalThreshold);
        }
    }

    /**
     * Default reversal threshold: |score| ≥ 0.70, against 0.30 for a first signal. With 70 % sentiment that takes
     * a confident opposite article and technicals that agree with it; a mixed news day (the demo's "Microsoft wins
     * a contract" then "Teams outage", both about -0.6) keeps the first call.
     */
    public static final double DEFAULT_REVERSAL_THRESHOLD = 0.70;

    public DedupeSettings(Duration window, Scope scope) {
        this(window, scope, DEFAULT_REVERSAL_THRESHOLD);
    }

    /** 7 days, one signal per ticker, reversals at |score| ≥ 0.70. */
    public static DedupeSettings defaults() {
        return new DedupeSettings(Duration.ofDays(7), Scope.TICKER, DEFAULT_REVERSAL_THRESHOLD);
    }

    /**
     * Whether {@code candidate} may reverse {@code holder}, the signal of the same ticker inside the window: only
     * per-ticker dedupe has reversals, the direction must flip, and the score must be strong.
     */
    public boolean reverses(Direction holder, Direction candidate, double candidateScore) {
        return scope == Scope.TICKER && holder != null && holder != candidate
                && Math.abs(candidateScore) >= reversalThreshold;
    }

    /** The signal_dedupe scope a signal falls into; shadow arms keep their own slots so they never block a sent call. */
    public String scopeOf(String arm, boolean shadow, Direction direction) {
        if (shadow) {
            return "SHADOW:" + (arm == null ? "" : arm);
        }
        return scope == Scope.TICKER ? "ANY" : direction.name();
    }
}
