package io.tickertape.signals.fusion;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Decides whether an article (and a price) is recent enough to act on, and which instant "now" is.
 * <ul>
 *   <li>{@link Mode#LIVE}: now is the processing clock. An article that sat in a queue for 7 hours is stale.</li>
 *   <li>{@link Mode#REPLAY} (replays and backtests): now is the event time at which the article was observed
 *       (the record's timestamp; in a backtest, the article's own time), so replaying last year's news
 *       decides exactly as it would have then, whatever the wall clock says.</li>
 * </ul>
 */
public final class FreshnessGate {

    /** Where "now" comes from. */
    public enum Mode { LIVE, REPLAY }

    /** Feeds' clocks drift; a publication time this far ahead of now is still accepted (and counted as age 0). */
    public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofMinutes(15);

    private final Mode mode;
    private final Duration maxAge;
    private final Duration clockSkew;

    public FreshnessGate(Mode mode, Duration maxAge) {
        this(mode, maxAge, DEFAULT_CLOCK_SKEW);
    }

    public FreshnessGate(Mode mode, Duration maxAge, Duration clockSkew) {
        this.mode = Objects.requireNonNull(mode, "mode");
        this.maxAge = Objects.requireNonNull(maxAge, "maxAge");
        this.clockSkew = Objects.requireNonNull(clockSkew, "clockSkew");
        if (maxAge.isNegative() || clockSkew.isNegative()) {
            throw new IllegalArgumentException("maxAge and clockSkew must not be negative");
        }
    }

    public Mode mode() {
        return mode;
    }

    public Duration maxAge() {
        return maxAge;
    }

    /** The instant ages are measured against: {@code processedAt} live, {@code observedAt} in replay. */
    public Instant now(Instant observedAt, Instant processedAt) {
        return mode == Mode.LIVE ? Objects.requireNonNull(processedAt, "processedAt")
                : Objects.requireNonNull(observedAt, "observedAt");
    }

    /** Age of something that happened at {@code at}, measured at {@code now}; negative when it is in the future. */
    public static Duration age(Instant at, Instant now) {
        return Duration.between(at, now);
    }

    /** Whether an article published at {@code publishedAt} may still be acted on at {@code now}. */
    public Verdict check(Instant publishedAt, Instant now) {
        Duration age = age(publishedAt, now);
        if (age.compareTo(clockSkew.negated()) < 0) {
            return Verdict.FUTURE;
        }
        return age.compareTo(maxAge) > 0 ? Verdict.STALE : Verdict.FRESH;
    }

    /** The gate's answer. */
    public enum Verdict { FRESH, STALE, FUTURE }
}
