package io.tickertape.ingest.publishing;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tickertape.events.Article;
import io.tickertape.events.testing.KafkaTestCluster;
import io.tickertape.events.topics.Topic;
import io.tickertape.events.topics.TopicProvisioner;
import io.tickertape.events.topics.Topics;
import io.tickertape.ingest.IngestService;
import io.tickertape.ingest.IngestSettings;
import io.tickertape.ingest.feeds.FeedDefinition;
import io.tickertape.ingest.feeds.PollOutcome;
import io.tickertape.ingest.samples.LocalFeedServer;
import io.tickertape.ingest.samples.SampleFeeds;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import static org.assertj.core.api.Assertions.assertThat;

/** On a real (in-process KRaft) broker: restarts read the published ids back from Kafka and publish nothing twice. */
class RestartDoesNotRepublishTest {

    private static KafkaTestCluster kafka;
    private static final Topics TOPICS = Topics.withPrefix("restart.");

    @BeforeAll
    static void startKafka() {
        kafka = KafkaTestCluster.start();
        try (Admin admin = kafka.admin()) {
            TopicProvisioner.ensure(admin, TOPICS, 3, (short) 1, Duration.ofSeconds(30));
        }
    }

    @AfterAll
    static void stopKafka() {
        if (kafka != null) {
            kafka.close();
        }
    }

    /** One "process lifetime": read back seen ids from Kafka, poll every feed once, shut down. */
    private static int runOnce(List<FeedDefinition> feeds) {
        Properties props = kafka.clientProperties();
        SeenIds seen = SeenIds.inMemory();
        KafkaSeenIds.Loaded loaded = KafkaSeenIds.load(props, TOPICS.articles(), Duration.ofHours(72), 1_000_000,
                Duration.ofSeconds(30), seen, Clock.systemUTC());
        assertThat(loaded.complete()).isTrue();
        try (IngestService service = new IngestService(feeds, new KafkaArticlePublisher(props, TOPICS.articles()), seen,
                new SimpleMeterRegistry(), IngestSettings.defaults())) {
            List<PollOutcome> outcomes = service.pollOnce();
            assertThat(outcomes).allMatch(PollOutcome::worked);
            return outcomes.stream().mapToInt(PollOutcome::published).sum();
        }
    }

    @Test
    void aRestartDoesNotRepublishAndNewArticlesStillFlow() throws Exception {
        Instant now = Instant.now();
        try (LocalFeedServer server = LocalFeedServer.start(0)) {
            List<FeedDefinition> feeds = SampleFeeds.serve(server, now, Duration.ofSeconds(60));

            int first = runOnce(feeds);
            List<ConsumerRecord<byte[], byte[]>> afterFirst = readAll(TOPICS.articles());
            assertThat(first).isEqualTo(16); // 9 + 5 + 2 sample articles
            assertThat(afterFirst).hasSize(16);

            int second = runOnce(feeds); // a restart: no local state survives, only what Kafka holds
            assertThat(second).isZero();
            assertThat(readAll(TOPICS.articles())).hasSize(16);

            // A new article appears in one feed: it, and only it, is published by the next run.
            String newItem = """
                    <item><title>Apple unveils surprise $100 billion buyback</title>
                    <link>https://example.com/tickertape-sample/market-wire/apple-buyback</link>
                    <pubDate>%s</pubDate></item>
                    """.formatted(DateTimeFormatter.RFC_1123_DATE_TIME.format(now.atOffset(ZoneOffset.UTC)));
            String rss = SampleFeeds.render(SampleFeeds.ALL.getFirst(), now).replaceFirst("<item>", Matcher.quoteReplacement(newItem + "<item>"));
            server.put("/samples/" + SampleFeeds.ALL.getFirst().name() + ".xml",
                    new LocalFeedServer.Document(rss.getBytes(java.nio.charset.StandardCharsets.UTF_8), "application/rss+xml", now.plusSeconds(1)));
            int third = runOnce(feeds);
            assertThat(third).isEqualTo(1);

            List<ConsumerRecord<byte[], byte[]>> all = readAll(TOPICS.articles());
            assertThat(all).hasSize(17);
            Topic<String, Article> topic = TOPICS.articles();
            List<String> keys = new ArrayList<>();
            for (ConsumerRecord<byte[], byte[]> r : all) {
                Article a = topic.value(r);
                assertThat(topic.key(r)).isEqualTo(a.id());
                keys.add(a.id());
            }
            assertThat(keys).doesNotHaveDuplicates();
            assertThat(all).anySatisfy(r -> assertThat(topic.value(r).title()).isEqualTo("Apple unveils surprise $100 billion buyback"));
        }
    }

    private static List<ConsumerRecord<byte[], byte[]>> readAll(Topic<String, Article> topic) {
        Properties p = kafka.clientProperties();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic.name(), Duration.ofSeconds(10)).stream()
                    .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(10));
            List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline
                    && partitions.stream().anyMatch(tp -> consumer.position(tp, Duration.ofSeconds(5)) < ends.get(tp))) {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
            return out;
        }
    }
}
