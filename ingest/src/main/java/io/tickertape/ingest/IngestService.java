package io.tickertape.ingest;

import io.micrometer.core.instrument.MeterRegistry;
import io.tickertape.ingest.feeds.FeedDefinition;
import io.tickertape.ingest.feeds.FeedMetrics;
import io.tickertape.ingest.feeds.FeedPoller;
import io.tickertape.ingest.feeds.FeedScheduler;
import io.tickertape.ingest.feeds.PollOutcome;
import io.tickertape.ingest.fetch.FeedFetcher;
import io.tickertape.ingest.fetch.RoutingFeedFetcher;
import io.tickertape.ingest.parsing.FeedParser;
import io.tickertape.ingest.publishing.ArticlePublisher;
import io.tickertape.ingest.publishing.SeenIds;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs the pollers of a fixed feed list, each on its own schedule ({@link FeedScheduler}: bounded concurrency, a feed
 * never polled twice at once). For feeds shared by several instances through {@code news.feeds} see
 * {@code io.tickertape.ingest.sharing.SharedIngest}.
 *
 * <pre>{@code
 * var service = new IngestService(FeedRegistry.defaults().enabled(), publisher, seenIds, meterRegistry, IngestSettings.defaults());
 * service.start();        // continuous
 * ...
 * service.close();        // stops scheduling, waits (bounded) for running polls, flushes and closes the publisher
 * }</pre>
 * or {@link #pollOnce()} to poll every feed once and wait for the results.
 */
public final class IngestService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(IngestService.class);

    private final List<FeedPoller> pollers;
    private final ArticlePublisher publisher;
    private final IngestSettings settings;
    private final FeedFetcher fetcher;
    private final boolean ownsFetcher;
    private final FeedScheduler scheduler;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();

    /** Fetches with a {@link RoutingFeedFetcher} (http, https, file) built from {@code settings.fetch()}. */
    public IngestService(List<FeedDefinition> feeds, ArticlePublisher publisher, SeenIds seen, MeterRegistry registry,
                         IngestSettings settings) {
        this(feeds, new RoutingFeedFetcher(settings.fetch()), true, publisher, seen, registry, settings, Clock.systemUTC());
    }

    /** With a fetcher of the caller's (which the caller closes). */
    public IngestService(List<FeedDefinition> feeds, FeedFetcher fetcher, ArticlePublisher publisher, SeenIds seen,
                         MeterRegistry registry, IngestSettings settings, Clock clock) {
        this(feeds, fetcher, false, publisher, seen, registry, settings, clock);
    }

    private IngestService(List<FeedDefinition> feeds, FeedFetcher fetcher, boolean ownsFetcher, ArticlePublisher publisher,
                          SeenIds seen, MeterRegistry registry, IngestSettings settings, Clock clock) {
        Objects.requireNonNull(feeds, "feeds");
        this.publisher = Objects.requireNonNull(publisher, "publisher");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.fetcher = fetcher;
        this.ownsFetcher = ownsFetcher;
        this.scheduler = new FeedScheduler(settings.maxConcurrentPolls());
        FeedParser parser = new FeedParser();
        List<FeedPoller> list = new ArrayList<>();
        for (FeedDefinition feed : feeds) {
            if (feed.enabled()) {
                list.add(new FeedPoller(feed, fetcher, parser, publisher, seen, new FeedMetrics(registry, feed.name(), clock), settings, clock));
            }
        }
        this.pollers = List.copyOf(list);
    }

    public List<FeedDefinition> feeds() {
        return pollers.stream().map(FeedPoller::feed).toList();
    }

    /** Starts continuous polling; returns at once. */
    public void start() {
        if (closed.get() || !running.compareAndSet(false, true)) {
            throw new IllegalStateException("already started or closed");
        }
        long spread = Math.max(1, settings.startSpread().toMillis());
        for (FeedPoller poller : pollers) {
            scheduler.schedule(poller, Duration.ofMillis(ThreadLocalRandom.current().nextLong(spread)));
        }
        LOG.info("polling {} feeds, at most {} at once", pollers.size(), settings.maxConcurrentPolls());
    }

    /** How late the most overdue feed's poll is (0 when every feed is polled on time). */
    public Duration pollLag() {
        return scheduler.pollLag();
    }

    /**
     * Polls every feed once, concurrently within the same bounds, waits for all of them (each is bounded by the
     * fetch and publish timeouts) and flushes the publisher.
     */
    public List<PollOutcome> pollOnce() {
        if (closed.get()) {
            throw new IllegalStateException("closed");
        }
        Duration maxWait = settings.fetch().timeout().plus(settings.publishTimeout()).multipliedBy(
                (pollers.size() + settings.maxConcurrentPolls() - 1) / settings.maxConcurrentPolls() + 1L);
        List<Future<PollOutcome>> futures = new ArrayList<>();
        for (FeedPoller poller : pollers) {
            futures.add(scheduler.pollNow(poller, maxWait));
        }
        List<PollOutcome> outcomes = new ArrayList<>();
        long deadline = System.nanoTime() + maxWait.plusSeconds(5).toNanos();
        for (int i = 0; i < futures.size(); i++) {
            try {
                outcomes.add(futures.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
            } catch (Exception e) {
                futures.get(i).cancel(true);
                outcomes.add(new PollOutcome(pollers.get(i).feed().name(), PollOutcome.Status.FAILED, 0, 0, "timeout",
                        "poll did not finish in time", null, maxWait));
            }
        }
        publisher.flush(settings.publishTimeout());
        return outcomes;
    }

    /** Stops scheduling, waits (bounded) for running polls, flushes and closes the publisher. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        running.set(false);
        long deadline = System.nanoTime() + settings.shutdownTimeout().toNanos();
        scheduler.close(settings.shutdownTimeout().dividedBy(2));
        Duration left = Duration.ofNanos(Math.max(1_000_000_000L, deadline - System.nanoTime()));
        publisher.flush(left);
        publisher.close(left);
        if (ownsFetcher && fetcher instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                LOG.debug("closing the fetcher failed", e);
            }
        }
        LOG.debug("ingest stopped");
    }
}
