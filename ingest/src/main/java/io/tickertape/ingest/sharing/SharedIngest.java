package io.tickertape.ingest.sharing;

import io.micrometer.core.instrument.MeterRegistry;
import io.tickertape.events.Article;
import io.tickertape.events.FeedEntry;
import io.tickertape.events.topics.Topic;
import io.tickertape.ingest.IngestSettings;
import io.tickertape.ingest.KafkaIngest;
import io.tickertape.ingest.feeds.FeedDefinition;
import io.tickertape.ingest.feeds.FeedMetrics;
import io.tickertape.ingest.feeds.FeedPoller;
import io.tickertape.ingest.feeds.FeedScheduler;
import io.tickertape.ingest.fetch.FeedFetcher;
import io.tickertape.ingest.fetch.RoutingFeedFetcher;
import io.tickertape.ingest.parsing.FeedParser;
import io.tickertape.ingest.publishing.ArticleIdTail;
import io.tickertape.ingest.publishing.SeenIds;
import io.tickertape.ingest.registry.FeedTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Ingest as one of several instances sharing the feeds of {@code news.feeds}. The instances join one consumer group
 * on the topic; each polls the feeds in the partitions it is assigned, and a join, a leave or a crash (after the
 * session timeout) moves partitions between them (cooperative rebalancing: only the partitions that move stop).
 * <ul>
 *   <li>Gaining a partition: wait for a transaction its previous owner may still have open (the stable offset
 *   fetch), read the partition's feed definitions from the beginning, read {@code news.articles} on to its end (so
 *   every id the previous owner published is known), then start polling.</li>
 *   <li>Giving one up: stop its feeds and wait for their polls in flight, which commit under the current generation.</li>
 *   <li>Publishing: each poll's articles in a transaction fenced by the group generation
 *   ({@link FencedArticlePublisher}).</li>
 *   <li>A record on an owned partition while it runs: a feed added, changed (restarted) or removed (tombstone).</li>
 * </ul>
 * The topic's definitions are re-read from the beginning on each assignment; no offsets are relied on.
 */
public final class SharedIngest implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SharedIngest.class);

    /**
     * @param groupId            the consumer group all instances join
     * @param sessionTimeout     a crashed instance's feeds move after this long
     * @param transactionTimeout a crashed instance's open transaction is aborted after this long
     * @param catchUpEvery       how often the article ids other instances publish are read
     * @param statusEvery        how often the status line (feeds owned, poll lag) is logged
     */
    public record Settings(String groupId, Duration sessionTimeout, Duration transactionTimeout, Duration catchUpEvery,
                           Duration statusEvery) {
        public Settings {
            Objects.requireNonNull(groupId, "groupId");
            if (sessionTimeout.compareTo(Duration.ofSeconds(6)) < 0 || sessionTimeout.compareTo(Duration.ofMinutes(5)) > 0) {
                throw new IllegalArgumentException("session timeout must be within 6s..5m (the broker's defaults): " + sessionTimeout);
            }
        }

        /** Group {@code tickertape-ingest}, 10 s session and transaction timeouts, catch up every second, status every minute. */
        public static Settings defaults() {
            return new Settings("tickertape-ingest", Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(1),
                    Duration.ofMinutes(1));
        }

        public Settings withGroupId(String id) {
            return new Settings(id, sessionTimeout, transactionTimeout, catchUpEvery, statusEvery);
        }

        public Settings withSessionTimeout(Duration timeout) {
            return new Settings(groupId, timeout, transactionTimeout, catchUpEvery, statusEvery);
        }
    }

    /** The feeds of one owned partition. Touched by the consumer thread only. */
    private static final class PartitionFeeds {
        final TopicPartition partition;
        final long loadEnd;
        final Map<String, FeedEntry> entries = new HashMap<>();
        final PartitionPublisher publisher;
        boolean live;

        PartitionFeeds(TopicPartition partition, long loadEnd, PartitionPublisher publisher) {
            this.partition = partition;
            this.loadEnd = loadEnd;
            this.publisher = publisher;
        }
    }

    private final Properties clientProperties;
    private final Topic<String, FeedEntry> feedsTopic;
    private final FeedTopic registryReader;
    private final IngestSettings settings;
    private final Settings sharing;
    private final MeterRegistry registry;
    private final Clock clock;
    private final Ownership ownership = new Ownership();
    private final SeenIds seen;
    private final ArticleIdTail tail;
    private final FencedArticlePublisher publisher;
    private final FeedScheduler scheduler;
    private final FeedFetcher fetcher;
    private final FeedParser parser = new FeedParser();
    private final InstanceMetrics metrics;
    private final Map<TopicPartition, PartitionFeeds> partitions = new HashMap<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean running = true;
    private volatile Throwable failure;
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private final Thread consumerThread;
    private final Thread housekeeping;

    private SharedIngest(Properties clientProperties, Topic<String, Article> articles, Topic<String, FeedEntry> feeds,
                         IngestSettings settings, KafkaIngest.Memory memory, Settings sharing, MeterRegistry registry, Clock clock) {
        this.clientProperties = clientProperties;
        this.feedsTopic = feeds;
        this.registryReader = new FeedTopic(clientProperties, feeds, Duration.ofSeconds(30));
        this.settings = settings;
        this.sharing = sharing;
        this.registry = registry;
        this.clock = clock;
        this.seen = new SeenIds(memory.maxSeenIds(), memory.lookback().plusHours(24));
        this.tail = ArticleIdTail.open(clientProperties, articles, memory.lookback(), memory.maxReadBack(), memory.readBackTimeout(), seen, clock);
        try {
            this.publisher = new FencedArticlePublisher(clientProperties, articles, sharing.groupId(), ownership, sharing.transactionTimeout());
        } catch (RuntimeException e) {
            tail.close();
            throw e;
        }
        this.scheduler = new FeedScheduler(settings.maxConcurrentPolls());
        this.fetcher = new RoutingFeedFetcher(settings.fetch());
        this.metrics = new InstanceMetrics(registry, scheduler, ownership);
        this.consumerThread = Thread.ofPlatform().name("ingest-feeds-consumer").unstarted(this::consume);
        this.housekeeping = Thread.ofVirtual().name("ingest-housekeeping").unstarted(this::housekeep);
    }

    /**
     * Reads back the recent article ids, joins the group and starts polling whatever it is assigned. Topics must
     * exist. {@code settings.maxArticleAge()} must not exceed {@code memory.lookback()}.
     */
    public static SharedIngest start(Properties clientProperties, Topic<String, Article> articles, Topic<String, FeedEntry> feeds,
                                     IngestSettings settings, KafkaIngest.Memory memory, Settings sharing, MeterRegistry registry,
                                     Clock clock) {
        if (settings.maxArticleAge() != null && settings.maxArticleAge().compareTo(memory.lookback()) > 0) {
            throw new IllegalArgumentException("max article age (" + settings.maxArticleAge() + ") must not exceed the read-back window ("
                    + memory.lookback() + ")");
        }
        SharedIngest ingest = new SharedIngest(clientProperties, articles, feeds, settings, memory, sharing, registry, clock);
        ingest.consumerThread.start();
        ingest.housekeeping.start();
        return ingest;
    }

    // ---- the consumer thread ------------------------------------------------------------------------------------

    private void consume() {
        Properties p = new Properties();
        p.putAll(clientProperties);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, sharing.groupId());
        p.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "classic");
        p.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
        p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, Long.toString(sharing.sessionTimeout().toMillis()));
        p.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, Long.toString(Math.max(500, sharing.sessionTimeout().toMillis() / 4)));
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "tickertape-ingest-feeds");
        p.putIfAbsent(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "30000");
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer = c;
            c.subscribe(List.of(feedsTopic.name()), new Rebalances(c));
            while (running) {
                var records = c.poll(Duration.ofMillis(200));
                ownership.generation(c.groupMetadata());
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    PartitionFeeds owned = partitions.get(new TopicPartition(r.topic(), r.partition()));
                    if (owned == null) {
                        continue;
                    }
                    if (r.value() != null && owned.entries.size() >= FeedTopic.MAX_FEEDS && !owned.entries.containsKey(topicKey(r))) {
                        LOG.warn("{}: more than {} feeds in one partition; feed {} ignored", owned.partition, FeedTopic.MAX_FEEDS, topicKey(r));
                        continue;
                    }
                    String id = registryReader.apply(owned.entries, r);
                    if (owned.live && id != null) {
                        refresh(owned, id, Duration.ZERO);
                    }
                }
                for (PartitionFeeds owned : List.copyOf(partitions.values())) {
                    long position = c.position(owned.partition);
                    ownership.advance(owned.partition, position);
                    if (!owned.live && position >= owned.loadEnd) {
                        goLive(owned);
                    }
                }
            }
        } catch (WakeupException e) {
            // close() asked us to stop
        } catch (Throwable e) {
            failure = e;
            LOG.error("the feeds consumer failed; this instance stops polling", e);
        } finally {
            // The consumer's close has revoked the partitions (and left the group); anything left is stopped here.
            stopPartitions(List.copyOf(partitions.keySet()), settings.shutdownTimeout().dividedBy(2), false);
            running = false;
            stopped.countDown();
        }
    }

    private final class Rebalances implements ConsumerRebalanceListener {
        private final KafkaConsumer<byte[], byte[]> c;

        Rebalances(KafkaConsumer<byte[], byte[]> c) {
            this.c = c;
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> gained) {
            ownership.generation(c.groupMetadata());
            if (gained.isEmpty()) {
                return;
            }
            long started = System.nanoTime();
            Set<TopicPartition> set = Set.copyOf(gained);
            try {
                // Returns once no transaction of the previous owner is pending on these partitions (KIP-447 stable fetch).
                c.committed(set, sharing.transactionTimeout().plusSeconds(10));
            } catch (org.apache.kafka.common.errors.TimeoutException e) {
                LOG.warn("a transaction of the previous owner of {} is still pending after {}; going on", set, sharing.transactionTimeout().plusSeconds(10));
            }
            c.seekToBeginning(set);
            Map<TopicPartition, Long> ends = c.endOffsets(set);
            for (TopicPartition tp : set) {
                ownership.own(tp, 0);
                partitions.put(tp, new PartitionFeeds(tp, ends.getOrDefault(tp, 0L), new PartitionPublisher(publisher, tp)));
            }
            metrics.assigned(set.size());
            LOG.info("assigned {} (generation {}, {} ms)", names(set), c.groupMetadata().generationId(),
                    Duration.ofNanos(System.nanoTime() - started).toMillis());
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> given) {
            // Cooperative rebalancing calls this under the new generation: the polls waited for below commit under it
            // (the partitions cannot go to anyone else before this returns). Without it they would wait for a
            // generation this very thread has to publish.
            ownership.generation(c.groupMetadata());
            if (given.isEmpty()) {
                return;
            }
            stopPartitions(given, settings.shutdownTimeout(), true);
            metrics.revoked(given.size());
            LOG.info("revoked {}", names(given));
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> lost) {
            if (lost.isEmpty()) {
                return;
            }
            // Another instance may own them already: no more publishing from here, not even by polls in flight.
            lost.forEach(ownership::release);
            stopPartitions(lost, Duration.ZERO, false);
            metrics.lost(lost.size());
            LOG.warn("lost {} (session expired or fenced); their feeds are polled elsewhere", names(lost));
        }
    }

    /** Reads on to the end of {@code news.articles}, then schedules the partition's feeds. */
    private void goLive(PartitionFeeds owned) {
        long started = System.nanoTime();
        tail.catchUp(Duration.ofSeconds(30));
        owned.live = true;
        long spread = Math.max(1, settings.startSpread().toMillis());
        for (String id : new TreeSet<>(owned.entries.keySet())) {
            refresh(owned, id, Duration.ofMillis(ThreadLocalRandom.current().nextLong(spread)));
        }
        LOG.info("polling the {} feeds of {} ({} ms after assignment work)", owned.entries.size(), owned.partition,
                Duration.ofNanos(System.nanoTime() - started).toMillis());
    }

    /** Makes the scheduler match the partition's current definition of {@code id}. */
    private void refresh(PartitionFeeds owned, String id, Duration firstDelay) {
        FeedEntry entry = owned.entries.get(id);
        FeedDefinition definition = null;
        if (entry != null && entry.enabled()) {
            try {
                definition = FeedDefinition.fromEntry(entry);
            } catch (IllegalArgumentException e) {
                LOG.warn("feed {} in {} is not usable, not polled: {}", id, owned.partition, e.getMessage());
            }
        }
        FeedPoller current = scheduler.poller(id);
        if (current != null && current.feed().equals(definition)) {
            return; // written again unchanged (an import, a seed)
        }
        if (current != null) {
            scheduler.cancel(id, Duration.ZERO);
            current.metrics().close();
        }
        if (definition == null) {
            if (current != null) {
                LOG.info("feed {} removed or disabled; no longer polled", id);
            }
            return;
        }
        FeedPoller poller = new FeedPoller(definition, fetcher, parser, owned.publisher, seen,
                new FeedMetrics(registry, definition.name(), clock), settings, clock);
        scheduler.schedule(poller, firstDelay);
        if (current != null || owned.live && firstDelay.isZero()) {
            LOG.info("feed {} {}: {} every {}", id, current == null ? "added" : "changed", definition.url(), definition.interval());
        }
    }

    /** Stops the feeds of these partitions; {@code release} after their polls in flight are done (or the wait is over). */
    private void stopPartitions(Collection<TopicPartition> given, Duration waitForRunning, boolean release) {
        List<String> feeds = new ArrayList<>();
        List<TopicPartition> stopping = new ArrayList<>();
        for (TopicPartition tp : given) {
            PartitionFeeds owned = partitions.remove(tp);
            if (owned != null) {
                feeds.addAll(owned.entries.keySet());
                stopping.add(tp);
            }
        }
        for (FeedPoller poller : scheduler.cancelAll(feeds, waitForRunning)) {
            poller.metrics().close();
        }
        if (release) {
            stopping.forEach(ownership::release);
        } else {
            given.forEach(ownership::release);
        }
    }

    // ---- housekeeping -------------------------------------------------------------------------------------------

    private void housekeep() {
        long nextStatus = System.nanoTime() + sharing.statusEvery().toNanos();
        while (running) {
            try {
                Thread.sleep(sharing.catchUpEvery());
                tail.catchUp(Duration.ofSeconds(10));
                if (System.nanoTime() >= nextStatus) {
                    metrics.report();
                    nextStatus = System.nanoTime() + sharing.statusEvery().toNanos();
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (running) {
                    LOG.warn("reading article ids failed: {}", e.getMessage());
                }
            }
        }
    }

    // ---- for callers --------------------------------------------------------------------------------------------

    /** The feeds this instance polls now. */
    public Set<String> ownedFeeds() {
        return scheduler.feeds();
    }

    /** The {@code news.feeds} partitions this instance owns now. */
    public Set<TopicPartition> ownedPartitions() {
        return ownership.partitions();
    }

    public Duration pollLag() {
        return scheduler.pollLag();
    }

    /** Waits until it stops (close, or a fatal consumer error). @return false on timeout */
    public boolean awaitStopped(Duration timeout) throws InterruptedException {
        return stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The error that stopped it, or null. */
    public Throwable failure() {
        return failure;
    }

    /**
     * Stops polling, gives up the partitions (waiting, bounded, for polls in flight), leaves the group so the other
     * instances take the feeds at once, and closes the clients. Idempotent.
     */
    @Override
    public void close() {
        running = false;
        KafkaConsumer<byte[], byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        try {
            if (!stopped.await(settings.shutdownTimeout().toMillis() + 15_000, TimeUnit.MILLISECONDS)) {
                LOG.warn("the feeds consumer did not stop in time");
            }
            housekeeping.interrupt();
            housekeeping.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        scheduler.close(Duration.ofSeconds(5));
        publisher.close();
        tail.close();
        if (fetcher instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                LOG.debug("closing the fetcher failed", e);
            }
        }
    }

    private String topicKey(ConsumerRecord<byte[], byte[]> r) {
        return r.key() == null ? "" : feedsTopic.key(r);
    }

    private static String names(Collection<TopicPartition> tps) {
        return tps.stream().map(tp -> Integer.toString(tp.partition())).sorted().toList().toString().replace(" ", "")
                + " of " + tps.iterator().next().topic();
    }
}
