package io.tickertape.signals.prices;

import io.micrometer.core.instrument.MeterRegistry;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The only way the live pipeline gets a price: a quote older than {@code maxAge} against {@code clock} is never
 * returned; it becomes {@link PriceUnavailableException.Reason#STALE} (retryable: hold the signal and retry) and
 * is counted in {@code tickertape.prices.stale}.
 */
public final class FreshQuotes {

    public static final Duration DEFAULT_MAX_AGE = Duration.ofSeconds(60);

    private final PriceSource source;
    private final Clock clock;
    private final Duration maxAge;
    private final io.micrometer.core.instrument.Counter stale;

    public FreshQuotes(PriceSource source, Clock clock, Duration maxAge, MeterRegistry registry) {
        this.source = Objects.requireNonNull(source, "source");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.maxAge = Objects.requireNonNull(maxAge, "maxAge");
        if (maxAge.isNegative()) {
            throw new IllegalArgumentException("maxAge must not be negative");
        }
        this.stale = registry.counter("tickertape.prices.stale");
    }

    public Duration maxAge() {
        return maxAge;
    }

    /** A quote no older than {@code maxAge}, or STALE. Other failures of the source pass through unchanged. */
    public Quote quote(String symbol) throws PriceUnavailableException {
        Quote q = source.quote(symbol);
        Instant now = clock.instant();
        Duration age = Duration.between(q.time(), now);
        if (age.compareTo(maxAge) > 0) {
            stale.increment();
            throw new PriceUnavailableException(PriceUnavailableException.Reason.STALE, symbol,
                    "price from " + q.time() + " is " + age.toSeconds() + " s old, max " + maxAge.toSeconds() + " s");
        }
        return q;
    }
}
