package io.tickertape.signals.prices;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.tickertape.signals.prices.PriceUnavailableException.Reason;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/**
 * Protects the pipeline and the price server from each other, in front of any {@link PriceSource}:
 * <ol>
 *   <li>per-symbol caches: quotes for {@link Protection#quoteTtl()} (at most 60 s), daily history for hours;
 *       concurrent requests for the same key share one upstream call;</li>
 *   <li>a negative cache: a symbol the source does not know is not asked for again for a while;</li>
 *   <li>a circuit breaker over a small count-based window that opens after a few failures even at low volume
 *       (resilience4j's defaults need 100 calls), and fails fast with CIRCUIT_OPEN while open;</li>
 *   <li>a global rate limit (about 1–2 requests/s) shared by all symbols; a caller waits at most
 *       {@link Protection#rateLimitWait()} for a permit, else RATE_LIMITED.</li>
 * </ol>
 * Thread-safe.
 */
public final class GuardedPriceSource implements PriceSource {

    /**
     * Settings.
     *
     * @param requestsPerSecond upstream requests per second, all symbols together
     * @param rateLimitWait     how long a caller may wait for a permit
     * @param quoteTtl          how long a quote is reused; at most 60 s
     * @param historyTtl        how long daily history is reused
     * @param negativeTtl       how long NOT_FOUND is remembered
     * @param breakerWindow     calls in the breaker's sliding window
     * @param breakerMinCalls   calls needed before the breaker may open (small, so it opens at low volume)
     * @param breakerFailurePct failure rate (percent) that opens it
     * @param breakerOpenFor    how long it stays open before letting one trial call through
     * @param maxCachedSymbols  bound of each cache
     */
    public record Protection(double requestsPerSecond, Duration rateLimitWait, Duration quoteTtl, Duration historyTtl,
                             Duration negativeTtl, int breakerWindow, int breakerMinCalls, float breakerFailurePct,
                             Duration breakerOpenFor, int maxCachedSymbols) {
        public Protection {
            if (!(requestsPerSecond > 0) || quoteTtl.compareTo(Duration.ofSeconds(60)) > 0 || breakerWindow < 1
                    || breakerMinCalls < 1 || breakerMinCalls > breakerWindow || maxCachedSymbols < 1) {
                throw new IllegalArgumentException("invalid price protection settings");
            }
        }

        /** 2 requests/s, wait ≤ 2 s, quotes 30 s, history 6 h, unknown symbols 1 h, breaker 3 of last 10 at 50% for 30 s. */
        public static Protection defaults() {
            return new Protection(2.0, Duration.ofSeconds(2), Duration.ofSeconds(30), Duration.ofHours(6),
                    Duration.ofHours(1), 10, 3, 50f, Duration.ofSeconds(30), 10_000);
        }

        public Protection withRequestsPerSecond(double value) {
            return new Protection(value, rateLimitWait, quoteTtl, historyTtl, negativeTtl, breakerWindow,
                    breakerMinCalls, breakerFailurePct, breakerOpenFor, maxCachedSymbols);
        }

        public Protection withRateLimitWait(Duration value) {
            return new Protection(requestsPerSecond, value, quoteTtl, historyTtl, negativeTtl, breakerWindow,
                    breakerMinCalls, breakerFailurePct, breakerOpenFor, maxCachedSymbols);
        }
    }

    private record HistoryKey(String symbol, LocalDate from, LocalDate to) { }

    private final PriceSource upstream;
    private final Cache<String, Quote> quotes;
    private final Cache<HistoryKey, List<DailyBar>> histories;
    private final Cache<String, PriceUnavailableException> unknown;
    private final CircuitBreaker breaker;
    private final RateLimiter limiter;
    private final MeterRegistry registry;

    public GuardedPriceSource(PriceSource upstream, Protection p, MeterRegistry registry) {
        this(upstream, p, registry, Ticker.systemTicker());
    }

    /** With a cache clock, for tests. */
    GuardedPriceSource(PriceSource upstream, Protection p, MeterRegistry registry, Ticker ticker) {
        this.upstream = Objects.requireNonNull(upstream, "upstream");
        this.registry = Objects.requireNonNull(registry, "registry");
        // Maintenance on the caller, not the common pool: a loader blocks on the network while holding its key,
        // and on a 2-core machine the single common-pool thread is also what the HTTP client completes on.
        this.quotes = Caffeine.newBuilder().ticker(ticker).executor(Runnable::run).maximumSize(p.maxCachedSymbols())
                .expireAfterWrite(p.quoteTtl()).build();
        this.histories = Caffeine.newBuilder().ticker(ticker).executor(Runnable::run).maximumSize(p.maxCachedSymbols())
                .expireAfterWrite(p.historyTtl()).build();
        this.unknown = Caffeine.newBuilder().ticker(ticker).executor(Runnable::run).maximumSize(p.maxCachedSymbols())
                .expireAfterWrite(p.negativeTtl()).build();
        this.breaker = CircuitBreaker.of("prices", CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(p.breakerWindow())
                .minimumNumberOfCalls(p.breakerMinCalls())
                .failureRateThreshold(p.breakerFailurePct())
                .waitDurationInOpenState(p.breakerOpenFor())
                .permittedNumberOfCallsInHalfOpenState(1)
                .automaticTransitionFromOpenToHalfOpenEnabled(false)
                // The server being fine but the symbol unknown, or a weekend, is not a failure of the server.
                .recordException(e -> !(e instanceof PriceUnavailableException pue)
                        || pue.reason() != Reason.NOT_FOUND && pue.reason() != Reason.NO_DATA)
                .build());
        // Permits spread evenly: 2/s is one every 500 ms, not bursts of two.
        long periodNanos = Math.max(1L, (long) (1_000_000_000L / p.requestsPerSecond()));
        this.limiter = RateLimiter.of("prices", RateLimiterConfig.custom()
                .limitForPeriod(1)
                .limitRefreshPeriod(Duration.ofNanos(periodNanos))
                .timeoutDuration(p.rateLimitWait())
                .build());
    }

    /** The circuit breaker's state, for health checks. */
    public String breakerState() {
        return breaker.getState().name();
    }

    @Override
    public Quote quote(String symbol) throws PriceUnavailableException {
        Quote q = quotes.getIfPresent(symbol);
        if (q != null) {
            count("quote", "cache_hit");
            return q;
        }
        try {
            return quotes.get(symbol, s -> unchecked(() -> guarded(s, () -> upstream.quote(s), "quote")));
        } catch (CompletionException e) {
            throw unwrap(e);
        }
    }

    @Override
    public List<DailyBar> dailyHistory(String symbol, LocalDate from, LocalDate to) throws PriceUnavailableException {
        HistoryKey key = new HistoryKey(symbol, from, to);
        List<DailyBar> cached = histories.getIfPresent(key);
        if (cached != null) {
            count("history", "cache_hit");
            return cached;
        }
        try {
            return histories.get(key, k -> unchecked(() -> List.copyOf(
                    guarded(symbol, () -> upstream.dailyHistory(symbol, from, to), "history"))));
        } catch (CompletionException e) {
            throw unwrap(e);
        }
    }

    @FunctionalInterface
    private interface Call<T> {
        T call() throws PriceUnavailableException;
    }

    private <T> T guarded(String symbol, Call<T> call, String kind) throws PriceUnavailableException {
        PriceUnavailableException known = unknown.getIfPresent(symbol);
        if (known != null) {
            count(kind, "negative_cache_hit");
            throw new PriceUnavailableException(Reason.NOT_FOUND, symbol, "remembered: " + known.getMessage());
        }
        if (!breaker.tryAcquirePermission()) {
            count(kind, "circuit_open");
            throw new PriceUnavailableException(Reason.CIRCUIT_OPEN, symbol, "price source circuit is open",
                    CallNotPermittedException.createCallNotPermittedException(breaker));
        }
        if (!limiter.acquirePermission()) {
            breaker.releasePermission();
            count(kind, "rate_limited_locally");
            throw new PriceUnavailableException(Reason.RATE_LIMITED, symbol, "local rate limit");
        }
        long start = System.nanoTime();
        try {
            T result = call.call();
            breaker.onSuccess(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            count(kind, "ok");
            return result;
        } catch (PriceUnavailableException e) {
            breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, e);
            if (e.reason() == Reason.NOT_FOUND) {
                unknown.put(symbol, e);
            }
            count(kind, e.reason().name().toLowerCase(java.util.Locale.ROOT));
            throw e;
        } catch (RuntimeException e) {
            breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, e);
            count(kind, "error");
            throw new PriceUnavailableException(Reason.UNAVAILABLE, symbol, e.toString(), e);
        }
    }

    private void count(String kind, String outcome) {
        registry.counter("tickertape.prices.requests", "kind", kind, "outcome", outcome).increment();
    }

    private static <T> T unchecked(Call<T> call) {
        try {
            return call.call();
        } catch (PriceUnavailableException e) {
            throw new CompletionException(e);
        }
    }

    private static PriceUnavailableException unwrap(CompletionException e) {
        if (e.getCause() instanceof PriceUnavailableException pue) {
            return pue;
        }
        return new PriceUnavailableException(Reason.UNAVAILABLE, null, String.valueOf(e.getCause()), e.getCause());
    }

    @Override
    public void close() {
        upstream.close();
    }
}
