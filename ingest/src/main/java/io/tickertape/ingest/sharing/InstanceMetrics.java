package io.tickertape.ingest.sharing;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.tickertape.ingest.feeds.FeedScheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This instance's share of the feeds (Prometheus names): {@code tickertape_ingest_feeds_owned},
 * {@code tickertape_ingest_partitions_owned}, {@code tickertape_ingest_poll_lag_seconds} (how late the most overdue
 * owned feed is), {@code tickertape_ingest_partitions_changed_total{change=assigned|revoked|lost}}; the last
 * success per feed is {@code tickertape_ingest_last_success_seconds{feed}} (FeedMetrics). The same numbers go to the
 * log once a minute as JSON fields ({@code feedsOwned}, {@code partitionsOwned}, {@code pollLagSeconds}), which is
 * what the ECS stack's metric filters and its scaling read.
 */
final class InstanceMetrics {

    /** The logger the stack's metric filters match; CloudFormationTemplateTest checks the name against this class. */
    private static final Logger STATUS = LoggerFactory.getLogger(InstanceMetrics.class);

    private final FeedScheduler scheduler;
    private final Ownership ownership;
    private final Counter assigned;
    private final Counter revoked;
    private final Counter lost;

    InstanceMetrics(MeterRegistry registry, FeedScheduler scheduler, Ownership ownership) {
        this.scheduler = scheduler;
        this.ownership = ownership;
        Gauge.builder("tickertape_ingest_feeds_owned", scheduler, FeedScheduler::size)
                .description("Feeds this instance polls (its share of news.feeds)").register(registry);
        Gauge.builder("tickertape_ingest_partitions_owned", ownership, o -> o.partitions().size())
                .description("news.feeds partitions this instance owns").register(registry);
        Gauge.builder("tickertape_ingest_poll_lag", scheduler, s -> s.pollLag().toMillis() / 1000.0).baseUnit("seconds")
                .description("How late the most overdue owned feed's poll is (0: all on time)").register(registry);
        this.assigned = change(registry, "assigned");
        this.revoked = change(registry, "revoked");
        this.lost = change(registry, "lost");
    }

    private static Counter change(MeterRegistry registry, String change) {
        return Counter.builder("tickertape_ingest_partitions_changed").description("news.feeds partitions gained or given up")
                .tag("change", change).register(registry);
    }

    void assigned(int n) {
        assigned.increment(n);
    }

    void revoked(int n) {
        revoked.increment(n);
    }

    void lost(int n) {
        lost.increment(n);
    }

    /** One status line with the numbers as JSON fields. */
    void report() {
        int feeds = scheduler.size();
        int partitions = ownership.partitions().size();
        double lag = scheduler.pollLag().toMillis() / 1000.0;
        STATUS.atInfo().addKeyValue("feedsOwned", feeds).addKeyValue("partitionsOwned", partitions).addKeyValue("pollLagSeconds", lag)
                .log("ingest status: {} feeds in {} partitions, poll lag {} s", feeds, partitions, lag);
    }
}
