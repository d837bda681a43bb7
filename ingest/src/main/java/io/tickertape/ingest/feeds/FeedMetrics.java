package io.tickertape.ingest.feeds;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One feed's meters, all tagged {@code feed=<name>} (Prometheus names in brackets):
 * <ul>
 *   <li>{@code tickertape_ingest_fetches{result=ok|not_modified|failed|skipped}} [{@code _total}]: polls by outcome;</li>
 *   <li>{@code tickertape_ingest_failures{reason}} [{@code _total}]: failed polls by reason;</li>
 *   <li>{@code tickertape_ingest_fetch_latency} [{@code _seconds}]: fetch time (network and body);</li>
 *   <li>{@code tickertape_ingest_articles_new} [{@code _total}]: articles published;</li>
 *   <li>{@code tickertape_ingest_articles_skipped{reason=seen|too_old}} [{@code _total}];</li>
 *   <li>{@code tickertape_ingest_last_success} [{@code _seconds}]: epoch seconds of the last poll that worked (0: never);</li>
 *   <li>{@code tickertape_ingest_circuit_open}: 1 while the feed's circuit breaker is open.</li>
 * </ul>
 */
public final class FeedMetrics {

    private final MeterRegistry registry;
    private final String feed;
    private final Clock clock;
    private final Counter ok;
    private final Counter notModified;
    private final Counter failed;
    private final Counter skipped;
    private final Timer latency;
    private final Counter articlesNew;
    private final Counter skippedSeen;
    private final Counter skippedOld;
    private final AtomicLong lastSuccessEpochSeconds = new AtomicLong();
    private final AtomicInteger circuitOpen = new AtomicInteger();
    private final ConcurrentMap<String, Counter> failures = new ConcurrentHashMap<>();
    private final List<Meter> meters = new CopyOnWriteArrayList<>();

    public FeedMetrics(MeterRegistry registry, String feed, Clock clock) {
        this.registry = registry;
        this.feed = feed;
        this.clock = clock;
        this.ok = fetches("ok");
        this.notModified = fetches("not_modified");
        this.failed = fetches("failed");
        this.skipped = fetches("skipped");
        this.latency = Timer.builder("tickertape_ingest_fetch_latency").description("Time to fetch a feed (network and body)")
                .tag("feed", feed).register(registry);
        this.articlesNew = Counter.builder("tickertape_ingest_articles_new").description("Articles published")
                .tag("feed", feed).register(registry);
        this.skippedSeen = skippedCounter("seen");
        this.skippedOld = skippedCounter("too_old");
        meters.add(Gauge.builder("tickertape_ingest_last_success", lastSuccessEpochSeconds, AtomicLong::get)
                .description("Epoch seconds of the feed's last successful poll (0: never)").baseUnit("seconds")
                .tag("feed", feed).register(registry));
        meters.add(Gauge.builder("tickertape_ingest_circuit_open", circuitOpen, AtomicInteger::get)
                .description("1 while the feed's circuit breaker is open").tag("feed", feed).register(registry));
        meters.addAll(List.of(ok, notModified, failed, skipped, latency, articlesNew, skippedSeen, skippedOld));
    }

    /**
     * Removes the feed's meters: a feed that moved to another instance (or was removed) must not keep reporting
     * its last success from here.
     */
    public void close() {
        failures.values().forEach(meters::add);
        meters.forEach(registry::remove);
        meters.clear();
    }

    private Counter fetches(String result) {
        return Counter.builder("tickertape_ingest_fetches").description("Feed polls by result")
                .tag("feed", feed).tag("result", result).register(registry);
    }

    private Counter skippedCounter(String reason) {
        return Counter.builder("tickertape_ingest_articles_skipped").description("Articles not published, by reason")
                .tag("feed", feed).tag("reason", reason).register(registry);
    }

    void fetched(Duration took) {
        latency.record(took);
    }

    void outcome(PollOutcome outcome) {
        switch (outcome.status()) {
            case OK -> ok.increment();
            case NOT_MODIFIED -> notModified.increment();
            case FAILED -> {
                failed.increment();
                failures.computeIfAbsent(outcome.reason(), r -> Counter.builder("tickertape_ingest_failures")
                        .description("Failed polls by reason").tag("feed", feed).tag("reason", r).register(registry)).increment();
            }
            case SKIPPED -> skipped.increment();
        }
        if (outcome.worked()) {
            lastSuccessEpochSeconds.set(clock.instant().getEpochSecond());
        }
    }

    void published(int n) {
        articlesNew.increment(n);
    }

    void skippedSeen(int n) {
        skippedSeen.increment(n);
    }

    void skippedOld(int n) {
        skippedOld.increment(n);
    }

    void circuitOpen(boolean open) {
        circuitOpen.set(open ? 1 : 0);
    }
}
