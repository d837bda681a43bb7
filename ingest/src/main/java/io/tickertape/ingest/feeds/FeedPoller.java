package io.tickertape.ingest.feeds;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;
import io.tickertape.events.Article;
import io.tickertape.ingest.IngestSettings;
import io.tickertape.ingest.articles.ArticleNormalizer;
import io.tickertape.ingest.articles.FeedContext;
import io.tickertape.ingest.fetch.FeedFetcher;
import io.tickertape.ingest.fetch.FetchException;
import io.tickertape.ingest.fetch.FetchResult;
import io.tickertape.ingest.fetch.Validators;
import io.tickertape.ingest.parsing.FeedParseException;
import io.tickertape.ingest.parsing.FeedParser;
import io.tickertape.ingest.parsing.ParsedFeed;
import io.tickertape.ingest.publishing.ArticlePublisher;
import io.tickertape.ingest.publishing.SeenIds;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Polls one feed: conditional fetch, parse, normalize, publish what is new. Holds the feed's own state (validators,
 * failure count, circuit breaker), so whatever one feed does costs only itself. Not re-entrant: the scheduler never
 * runs two polls of the same feed at once.
 */
public final class FeedPoller {

    private static final Logger LOG = LoggerFactory.getLogger(FeedPoller.class);

    private final FeedDefinition feed;
    private final FeedFetcher fetcher;
    private final FeedParser parser;
    private final ArticlePublisher publisher;
    private final SeenIds seen;
    private final FeedMetrics metrics;
    private final IngestSettings settings;
    private final Clock clock;
    private final CircuitBreaker breaker;
    private final IntervalFunction backoff;
    private Validators validators = Validators.NONE;
    private int consecutiveFailures;

    public FeedPoller(FeedDefinition feed, FeedFetcher fetcher, FeedParser parser, ArticlePublisher publisher, SeenIds seen,
                      FeedMetrics metrics, IngestSettings settings, Clock clock) {
        this.feed = feed;
        this.fetcher = fetcher;
        this.parser = parser;
        this.publisher = publisher;
        this.seen = seen;
        this.metrics = metrics;
        this.settings = settings;
        this.clock = clock;
        int window = settings.failuresToOpenCircuit();
        this.breaker = CircuitBreaker.of("feed-" + feed.name(), CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(window)
                .minimumNumberOfCalls(window)
                .failureRateThreshold(100) // every call in the window failed: the feed is down, not flaky
                .waitDurationInOpenState(settings.openCircuitFor())
                .permittedNumberOfCallsInHalfOpenState(1)
                .automaticTransitionFromOpenToHalfOpenEnabled(false) // no timer threads: checked on the next poll
                .build());
        Duration initial = feed.interval().compareTo(settings.maxBackoff()) < 0 ? feed.interval() : settings.maxBackoff();
        this.backoff = IntervalFunction.ofExponentialRandomBackoff(initial, 2.0, 0.5, settings.maxBackoff());
    }

    public FeedDefinition feed() {
        return feed;
    }

    public FeedMetrics metrics() {
        return metrics;
    }

    public PollOutcome poll() {
        long started = System.nanoTime();
        if (!breaker.tryAcquirePermission()) {
            metrics.circuitOpen(true);
            return record(new PollOutcome(feed.name(), PollOutcome.Status.SKIPPED, 0, 0, "circuit_open",
                    "circuit open after " + consecutiveFailures + " consecutive failures; next trial within "
                            + Durations.format(settings.openCircuitFor()), null, since(started)));
        }
        metrics.circuitOpen(false);
        Instant fetchedAt = clock.instant();
        FetchResult result;
        try {
            try {
                result = fetcher.fetch(feed.url(), validators);
            } finally {
                metrics.fetched(since(started));
            }
            if (result.notModified()) {
                breaker.onSuccess(System.nanoTime() - started, TimeUnit.NANOSECONDS);
                consecutiveFailures = 0;
                return record(new PollOutcome(feed.name(), PollOutcome.Status.NOT_MODIFIED, 0, 0, null, null, null, since(started)));
            }
            ParsedFeed parsed = parser.parse(result.body(), result.contentType(), result.finalUri());
            List<Article> articles = ArticleNormalizer.normalize(parsed, new FeedContext(feed.name(), feed.url(), result.finalUri(), feed.tickers()), fetchedAt);
            breaker.onSuccess(System.nanoTime() - started, TimeUnit.NANOSECONDS);
            consecutiveFailures = 0;
            return record(publish(articles, result.validators(), fetchedAt, started));
        } catch (FetchException e) {
            return failed(started, e.reason().name().toLowerCase(Locale.ROOT), e.getMessage(), e.retryAfter().orElse(null), e);
        } catch (FeedParseException e) {
            return failed(started, e.kind().name().toLowerCase(Locale.ROOT), e.getMessage(), null, e);
        } catch (RuntimeException e) { // a bug or a library surprise must cost only this feed
            LOG.error("feed {}: unexpected error", feed.name(), e);
            return failed(started, "internal", e.getClass().getSimpleName() + ": " + e.getMessage(), null, e);
        }
    }

    /**
     * Claims and publishes the new articles, then waits (bounded) for acknowledgements. The new validators are kept
     * only if every article was acknowledged: otherwise the next poll would get a 304 and the failed ones would be lost.
     */
    private PollOutcome publish(List<Article> articles, Validators next, Instant fetchedAt, long started) {
        Instant oldest = settings.maxArticleAge() == null ? null : fetchedAt.minus(settings.maxArticleAge());
        List<Article> claimed = new ArrayList<>();
        int alreadySeen = 0;
        int tooOld = 0;
        for (Article article : articles) {
            if (oldest != null && !article.publishedEstimated() && article.publishedAt().isBefore(oldest)) {
                tooOld++;
                continue;
            }
            if (!seen.claim(article.id())) {
                alreadySeen++;
                continue;
            }
            claimed.add(article);
        }
        List<CompletableFuture<Void>> sends = new ArrayList<>();
        List<CompletableFuture<Void>> results = claimed.isEmpty() ? List.of() : publisher.publishAll(claimed);
        for (int i = 0; i < claimed.size(); i++) {
            String id = claimed.get(i).id();
            sends.add(results.get(i).whenComplete((ok, error) -> {
                if (error != null) {
                    seen.release(id);
                }
            }));
        }
        metrics.skippedSeen(alreadySeen);
        metrics.skippedOld(tooOld);
        int failedSends = awaitAll(sends);
        int published = sends.size() - failedSends;
        metrics.published(published);
        if (failedSends > 0) {
            return new PollOutcome(feed.name(), PollOutcome.Status.FAILED, articles.size(), published, "publish",
                    failedSends + " of " + sends.size() + " new articles were not acknowledged; retried next poll", null, since(started));
        }
        validators = next;
        return new PollOutcome(feed.name(), PollOutcome.Status.OK, articles.size(), published, null, null, null, since(started));
    }

    private int awaitAll(List<CompletableFuture<Void>> sends) {
        if (sends.isEmpty()) {
            return 0;
        }
        try {
            CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get(settings.publishTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // counted below
        }
        int failed = 0;
        for (CompletableFuture<Void> f : sends) {
            if (!f.isDone() || f.isCompletedExceptionally()) {
                failed++;
            }
        }
        return failed;
    }

    private PollOutcome failed(long started, String reason, String message, Duration retryAfter, Throwable error) {
        breaker.onError(System.nanoTime() - started, TimeUnit.NANOSECONDS, error);
        consecutiveFailures++;
        return record(new PollOutcome(feed.name(), PollOutcome.Status.FAILED, 0, 0, reason, message, retryAfter, since(started)));
    }

    private PollOutcome record(PollOutcome outcome) {
        metrics.outcome(outcome);
        metrics.circuitOpen(breaker.getState() == CircuitBreaker.State.OPEN);
        if (outcome.status() == PollOutcome.Status.OK && outcome.published() > 0) {
            LOG.debug("feed {}: {} new of {} articles in {} ms", feed.name(), outcome.published(), outcome.found(), outcome.took().toMillis());
        }
        return outcome;
    }

    /**
     * When to start the next poll, counted from the start of this one: the interval after a success, exponential
     * backoff with jitter after failures (at least what {@code Retry-After} asked for, at most the configured cap).
     */
    public Duration nextDelay(PollOutcome outcome, Duration elapsed) {
        Duration wait;
        if (consecutiveFailures == 0 || outcome.status() == PollOutcome.Status.FAILED && "publish".equals(outcome.reason())) {
            wait = feed.interval();
        } else {
            wait = Duration.ofMillis(backoff.apply(Math.min(consecutiveFailures, 30)));
            if (outcome.retryAfter() != null && outcome.retryAfter().compareTo(wait) > 0) {
                wait = outcome.retryAfter();
            }
        }
        Duration remaining = wait.minus(elapsed);
        return remaining.isNegative() ? Duration.ZERO : remaining;
    }

    public int consecutiveFailures() {
        return consecutiveFailures;
    }

    public CircuitBreaker.State circuitState() {
        return breaker.getState();
    }

    private static Duration since(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }
}
