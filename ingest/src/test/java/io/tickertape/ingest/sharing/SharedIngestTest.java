package io.tickertape.ingest.sharing;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tickertape.events.testing.KafkaTestCluster;
import io.tickertape.events.topics.TopicProvisioner;
import io.tickertape.events.topics.Topics;
import io.tickertape.ingest.IngestSettings;
import io.tickertape.ingest.KafkaIngest;
import io.tickertape.ingest.feeds.FeedDefinition;
import io.tickertape.ingest.fetch.FetchLimits;
import io.tickertape.ingest.registry.FeedTopic;
import io.tickertape.ingest.samples.LocalFeedServer;
import io.tickertape.ingest.samples.SyntheticFeeds;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Several ingest instances sharing {@code news.feeds} on a real (in-process KRaft) broker, against feeds served by a
 * local HTTP server. The crash case (kill -9 of a separate process) is {@code IngestFailoverIT} in the launcher.
 */
class SharedIngestTest {

    private static KafkaTestCluster kafka;
    private static final Clock CLOCK = Clock.systemUTC();

    @BeforeAll
    static void startKafka() {
        kafka = KafkaTestCluster.start();
    }

    @AfterAll
    static void stopKafka() {
        if (kafka != null) {
            kafka.close();
        }
    }

    private static Topics freshTopics() {
        Topics topics = Topics.withPrefix("shared-" + UUID.randomUUID().toString().substring(0, 8) + ".");
        try (Admin admin = kafka.admin()) {
            TopicProvisioner.ensure(admin, topics, 4, (short) 1, Duration.ofSeconds(30));
        }
        return topics;
    }

    private static SharedIngest instance(Topics topics, String name) {
        IngestSettings settings = IngestSettings.defaults()
                .withFetch(FetchLimits.defaults().withTimeout(Duration.ofSeconds(5)).withUserAgent("tickertape-test " + name))
                .withStartSpread(Duration.ofMillis(300));
        return SharedIngest.start(kafka.clientProperties(), topics.articles(), topics.feeds(), settings, KafkaIngest.Memory.defaults(),
                SharedIngest.Settings.defaults().withGroupId(topics.prefix() + "ingest").withSessionTimeout(Duration.ofSeconds(6)),
                new SimpleMeterRegistry(), CLOCK);
    }

    @Test
    void instancesSplitTheFeedsHandThemOverOnLeaveAndJoinAndPublishEveryArticleOnce() throws Exception {
        Topics topics = freshTopics();
        try (LocalFeedServer server = LocalFeedServer.start(0)) {
            SyntheticFeeds feeds = new SyntheticFeeds(server, "split", 40, CLOCK);
            List<FeedDefinition> definitions = feeds.definitions(Duration.ofSeconds(1));
            Set<String> all = definitions.stream().map(FeedDefinition::name).collect(Collectors.toSet());
            new FeedTopic(kafka.clientProperties(), topics.feeds(), Duration.ofSeconds(30)).put(definitions, CLOCK);
            for (int i = 0; i < feeds.count(); i++) {
                feeds.publish(i);
            }

            // who fetched each feed, while the split was stable
            Map<String, Set<String>> fetchedBy = new ConcurrentHashMap<>();
            AtomicBoolean recording = new AtomicBoolean();
            server.listen((path, agent) -> {
                if (recording.get()) {
                    fetchedBy.computeIfAbsent(path, p -> ConcurrentHashMap.newKeySet()).add(agent);
                }
            });
            AtomicBoolean publishing = new AtomicBoolean(true);
            Thread news = Thread.ofVirtual().start(() -> {
                while (publishing.get()) {
                    feeds.publish(ThreadLocalRandom.current().nextInt(feeds.count()));
                    sleep(40);
                }
            });

            SharedIngest a = instance(topics, "a");
            SharedIngest b = instance(topics, "b");
            try {
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                    assertThat(a.ownedFeeds()).isNotEmpty();
                    assertThat(b.ownedFeeds()).isNotEmpty();
                    assertThat(union(a.ownedFeeds(), b.ownedFeeds())).isEqualTo(all);
                });
                assertThat(a.ownedFeeds()).doesNotContainAnyElementsOf(b.ownedFeeds());
                assertThat(a.ownedPartitions()).hasSize(2).doesNotContainAnyElementsOf(b.ownedPartitions());

                recording.set(true);
                Thread.sleep(4_000);
                recording.set(false);
                assertThat(fetchedBy).hasSize(40);
                assertThat(fetchedBy).allSatisfy((path, agents) -> assertThat(agents).as(path).hasSize(1));

                a.close(); // leaves the group: b takes everything at once
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(b.ownedFeeds()).isEqualTo(all));
                Thread.sleep(2_000);

                try (SharedIngest c = instance(topics, "c")) { // a join takes half of them back
                    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                        assertThat(c.ownedFeeds()).isNotEmpty();
                        assertThat(union(c.ownedFeeds(), b.ownedFeeds())).isEqualTo(all);
                        assertThat(c.ownedFeeds()).doesNotContainAnyElementsOf(b.ownedFeeds());
                    });
                    Thread.sleep(2_000);
                    publishing.set(false);
                    news.join();
                    Map<String, Instant> expected = feeds.appeared();
                    await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                            assertThat(ArticlesOnTopic.countByTitle(kafka.clientProperties(), topics.articles()).keySet())
                                    .containsAll(expected.keySet()));
                    Thread.sleep(3_000); // a few more polls of every feed: nothing new may appear
                    Map<String, Integer> counts = ArticlesOnTopic.countByTitle(kafka.clientProperties(), topics.articles());
                    assertThat(counts.keySet()).isEqualTo(expected.keySet());
                    assertThat(counts).allSatisfy((title, n) -> assertThat(n).as(title).isEqualTo(1));
                    assertThat(expected.size()).isGreaterThan(200);
                }
            } finally {
                publishing.set(false);
                a.close();
                b.close();
            }
        }
    }

    @Test
    void feedsAddedAndRemovedInTheTopicStartAndStopWhileItRuns() throws Exception {
        Topics topics = freshTopics();
        FeedTopic registry = new FeedTopic(kafka.clientProperties(), topics.feeds(), Duration.ofSeconds(30));
        try (LocalFeedServer server = LocalFeedServer.start(0)) {
            SyntheticFeeds feeds = new SyntheticFeeds(server, "live", 4, CLOCK);
            List<FeedDefinition> definitions = feeds.definitions(Duration.ofSeconds(1));
            registry.put(definitions.subList(0, 3), CLOCK);
            Map<String, Long> requests = new ConcurrentHashMap<>();
            server.listen((path, agent) -> requests.merge(path, 1L, Long::sum));
            try (SharedIngest ingest = instance(topics, "solo")) {
                await().atMost(Duration.ofSeconds(60)).until(() -> ingest.ownedFeeds().size() == 3);
                assertThat(ingest.ownedPartitions()).hasSize(4);

                String added = feeds.publish(3);
                registry.put(List.of(definitions.get(3)), CLOCK);
                await().atMost(Duration.ofSeconds(15)).until(() -> ingest.ownedFeeds().contains(feeds.feedName(3)));
                await().atMost(Duration.ofSeconds(15)).until(() ->
                        ArticlesOnTopic.countByTitle(kafka.clientProperties(), topics.articles()).containsKey(added));

                registry.remove(List.of(feeds.feedName(0)));
                await().atMost(Duration.ofSeconds(15)).until(() -> !ingest.ownedFeeds().contains(feeds.feedName(0)));
                Thread.sleep(1_500); // a poll in flight may still finish
                long before = requests.getOrDefault(feeds.path(0), 0L);
                Thread.sleep(3_000);
                assertThat(requests.getOrDefault(feeds.path(0), 0L)).as("a removed feed is not fetched").isEqualTo(before);
                assertThat(requests.getOrDefault(feeds.path(1), 0L)).as("the others still are").isGreaterThan(2);
                assertThat(registry.list()).containsOnlyKeys(feeds.feedName(1), feeds.feedName(2), feeds.feedName(3));
            }
        }
    }

    private static Set<String> union(Set<String> x, Set<String> y) {
        Set<String> u = new HashSet<>(x);
        u.addAll(y);
        return u;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
