package io.tickertape.signals.history;

import java.time.Duration;
import java.util.Objects;

/**
 * How signals are deduplicated.
 *
 * @param window no second signal in the same scope within this long (default 7 days)
 * @param scope  per ticker and direction (default), or per ticker whatever the direction
 */
public record DedupeSettings(Duration window, Scope scope) {

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
    }

    public static DedupeSettings defaults() {
        return new DedupeSettings(Duration.ofDays(7), Scope.TICKER_AND_DIRECTION);
    }
}
