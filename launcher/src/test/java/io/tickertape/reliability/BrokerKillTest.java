package io.tickertape.reliability;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tickertape.events.Article;
import io.tickertape.events.topics.Topic;
import io.tickertape.events.topics.TopicProvisioner;
import io.tickertape.events.topics.Topics;
import io.tickertape.ingest.IngestService;
import io.tickertape.ingest.IngestSettings;
import io.tickertape.ingest.feeds.FeedDefinition;
import io.tickertape.ingest.feeds.PollOutcome;
import io.tickertape.ingest.publishing.KafkaArticlePublisher;
import io.tickertape.ingest.publishing.SeenIds;
import io.tickertape.ingest.samples.LocalFeedServer;
import io.tickertape.ingest.samples.SampleFeeds;
import io.tickertape.local.LocalKafka;
import io.tickertape.signals.fusion.Signal;
import io.tickertape.signals.prices.SyntheticPriceFiles;
import io.tickertape.topology.PipelineConfig;
import io.tickertape.topology.runtime.StreamsApp;
import io.tickertape.topology.runtime.StreamsSettings;
import io.tickertape.topology.testing.PipelineFixture;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The broker (a separate JVM, as {@code tickertape broker} runs it) is killed with SIGKILL mid-stream and started
 * again on the same data and port. The stream app and the ingest service, which keep running throughout, recover
 * by themselves: no article is lost and no signal is doubled.
 */
class BrokerKillTest {

    @TempDir
    Path temp;

    private int port;
    private LocalKafka broker;

    @BeforeEach
    void startBroker() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        broker = LocalKafka.start(temp.resolve("kafka"), port, Duration.ofSeconds(90));
    }

    @AfterEach
    void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    private Properties client() {
        Properties p = new Properties();
        p.setProperty("bootstrap.servers", "127.0.0.1:" + port);
        return p;
    }

    private void killAndRestartBroker(Duration down) throws InterruptedException {
        broker.kill();
        Thread.sleep(down.toMillis());
        broker = LocalKafka.start(temp.resolve("kafka"), port, Duration.ofSeconds(90));
    }

    static List<Article> beforeKill(Instant now) {
        return List.of(
                PipelineFixture.article("Apple shares jump after record iPhone sales and raised guidance",
                        "Apple Inc. reported profit well above expectations.", now.minusSeconds(300)),
                PipelineFixture.article("Tesla shares plunge after deliveries miss and a profit warning",
                        "Tesla, Inc. cut its outlook and reported a loss.", now.minusSeconds(290)));
    }

    static List<Article> afterKill(Instant now) {
        return List.of(
                PipelineFixture.article("Nvidia stock soars as data center revenue doubles",
                        "NVIDIA Corporation beat estimates and raised guidance.", now.minusSeconds(200)),
                PipelineFixture.article("Amazon shares surge after record holiday sales and upbeat forecast",
                        "Amazon.com, Inc. beat profit estimates.", now.minusSeconds(190)),
                PipelineFixture.article("Intel stock tumbles after weak forecast and a quarterly loss",
                        "Intel Corporation cut its outlook.", now.minusSeconds(180)));
    }

    @Test
    void theStreamAppSurvivesAKilledBrokerWithNoLostOrDoubledSignal() throws Exception {
        Instant now = Instant.now();
        Set<String> control = runPipeline("control", now, false);
        Set<String> killed = runPipeline("killed", now, true);
        assertThat(control).as("the control run's signals").hasSizeGreaterThanOrEqualTo(3);
        assertThat(killed).as("signals after a SIGKILL of the broker, as ticker/direction/article").isEqualTo(control);
    }

    /** Returns the signals on the topic as "ticker direction article"; fails on any duplicate. */
    private Set<String> runPipeline(String name, Instant now, boolean kill) throws Exception {
        String id = name + "-" + UUID.randomUUID().toString().substring(0, 8);
        Topics topics = Topics.withPrefix(id + ".");
        PipelineConfig config = PipelineConfig.defaults(topics).withApplicationId(id).withBatching(8, Duration.ofMillis(100));
        Path prices = temp.resolve(id).resolve("prices");
        SyntheticPriceFiles.write(prices, Map.of("AMZN", 185.0, "INTC", 31.0), now.atZone(ZoneOffset.UTC).toLocalDate(), 0.002, 150);
        try (PipelineFixture fixture = new PipelineFixture(prices, Clock.systemUTC())) {
            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            StreamsSettings settings = new StreamsSettings(client(), temp.resolve(id).resolve("state"), null, 1, 4, (short) 1,
                    "127.0.0.1", -1, Duration.ofSeconds(20));
            try (StreamsApp app = StreamsApp.start(config, fixture.services(Clock.systemUTC(), s -> { }, registry), settings, registry)) {
                assertThat(app.awaitRunning(Duration.ofSeconds(60))).isTrue();
                produce(topics, beforeKill(now));
                awaitRows(fixture, 1, Duration.ofSeconds(60));
                Thread.sleep(1_000);
                int rowsBefore = fixture.historyRows();
                long restartedAt = 0;
                if (kill) {
                    killAndRestartBroker(Duration.ofSeconds(5));
                    restartedAt = System.nanoTime();
                }
                produce(topics, afterKill(now));
                awaitRows(fixture, rowsBefore + 1, Duration.ofSeconds(120));
                if (kill) {
                    System.out.printf("broker killed (5 s down): first new signal recorded %.1f s after the restart%n",
                            (System.nanoTime() - restartedAt) / 1e9);
                }
                // Everything the app makes from these articles, once nothing new has come for 20 s.
                List<Signal> signals = readCommitted(topics.signals(), Duration.ofSeconds(120), Duration.ofSeconds(20));
                assertThat(app.state()).isIn(KafkaStreams.State.RUNNING, KafkaStreams.State.REBALANCING);
                List<String> keys = signals.stream().map(s -> s.ticker() + " " + s.direction() + " " + s.articleId()).toList();
                assertThat(keys).as("no signal twice").doesNotHaveDuplicates();
                awaitRows(fixture, signals.size(), Duration.ofSeconds(30));
                assertThat(fixture.historyRows()).as("each committed signal recorded once").isEqualTo(signals.size());
                return new TreeSet<>(keys);
            }
        }
    }

    @Test
    void ingestSurvivesAKilledBrokerAndPublishesEveryArticleOnce() throws Exception {
        Topics topics = Topics.withPrefix("ingest-" + UUID.randomUUID().toString().substring(0, 8) + ".");
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", "127.0.0.1:" + port))) {
            TopicProvisioner.ensure(admin, topics, 3, (short) 1, Duration.ofSeconds(30));
        }
        Instant now = Instant.now();
        IngestSettings settings = new IngestSettings(IngestSettings.defaults().fetch(), 8, Duration.ofHours(72),
                Duration.ofMinutes(15), 5, Duration.ofMinutes(10), Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ZERO);
        int publishedBefore;
        try (LocalFeedServer server = LocalFeedServer.start(0)) {
            List<FeedDefinition> feeds = SampleFeeds.serve(server, now, Duration.ofSeconds(60));
            FeedDefinition late = feeds.getLast();
            // The last feed is empty until the broker is gone, then its articles appear.
            String latePath = late.url().getPath();
            server.put(latePath, LocalFeedServer.Document.xml("""
                    <?xml version="1.0" encoding="UTF-8"?>
                    <rss version="2.0"><channel><title>later</title><link>https://news.example.com/</link>
                    <description>nothing yet</description></channel></rss>""", now));
            try (IngestService service = new IngestService(feeds, new KafkaArticlePublisher(client(), topics.articles()),
                    SeenIds.inMemory(), new SimpleMeterRegistry(), settings)) {
                List<PollOutcome> first = service.pollOnce();
                assertThat(first).allMatch(PollOutcome::worked);
                publishedBefore = first.stream().mapToInt(PollOutcome::published).sum();

                broker.kill();
                server.put(latePath, new LocalFeedServer.Document(SampleFeeds.render(SampleFeeds.ALL.getLast(), now)
                        .getBytes(StandardCharsets.UTF_8), "application/rss+xml; charset=utf-8", now.plusSeconds(1)));
                List<PollOutcome> whileDown = service.pollOnce();
                assertThat(whileDown).filteredOn(o -> o.feed().equals(late.name()))
                        .singleElement().satisfies(o -> assertThat(o.worked()).as("publishing with no broker fails").isFalse());

                broker = LocalKafka.start(temp.resolve("kafka"), port, Duration.ofSeconds(90));
                long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
                while (System.nanoTime() < deadline) {
                    List<PollOutcome> next = service.pollOnce();
                    if (next.stream().allMatch(PollOutcome::worked)) {
                        break;
                    }
                    Thread.sleep(2_000);
                }
            }
            List<String> ids = readCommittedKeys(topics.articles(), Duration.ofSeconds(10));
            assertThat(ids).as("no article twice").doesNotHaveDuplicates();

            // Control: a fresh service with the broker up, on the same (now complete) feeds, into its own topic.
            Topics controlTopics = Topics.withPrefix("ingest-control-" + UUID.randomUUID().toString().substring(0, 8) + ".");
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", "127.0.0.1:" + port))) {
                TopicProvisioner.ensure(admin, controlTopics, 3, (short) 1, Duration.ofSeconds(30));
            }
            try (IngestService control = new IngestService(feeds, new KafkaArticlePublisher(client(), controlTopics.articles()),
                    SeenIds.inMemory(), new SimpleMeterRegistry(), settings)) {
                assertThat(control.pollOnce()).allMatch(PollOutcome::worked);
            }
            List<String> controlIds = readCommittedKeys(controlTopics.articles(), Duration.ofSeconds(10));
            assertThat(controlIds).hasSizeGreaterThan(publishedBefore);
            assertThat(new TreeSet<>(ids)).as("every article the control run publishes").isEqualTo(new TreeSet<>(controlIds));
        }
    }

    private void produce(Topics topics, List<Article> articles) {
        try (var producer = new KafkaProducer<byte[], byte[]>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + port,
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true, ProducerConfig.ACKS_CONFIG, "all"),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            for (Article a : articles) {
                producer.send(topics.articles().serialize(a.id(), a));
            }
            producer.flush();
        }
    }

    private static void awaitRows(PipelineFixture fixture, int atLeast, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (fixture.historyRows() < atLeast && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertThat(fixture.historyRows()).isGreaterThanOrEqualTo(atLeast);
    }

    private <V> List<V> readCommitted(Topic<String, V> topic, Duration timeout, Duration quiet) {
        List<V> values = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : readAll(topic.name(), timeout, quiet)) {
            values.add(topic.value(r));
        }
        return values;
    }

    private List<String> readCommittedKeys(Topic<String, Article> topic, Duration quiet) {
        return readAll(topic.name(), Duration.ofSeconds(60), quiet).stream()
                .map(r -> new String(r.key(), StandardCharsets.UTF_8)).collect(Collectors.toList());
    }

    /** Everything on the topic (read_committed), once nothing new has arrived for {@code quiet}. */
    private List<ConsumerRecord<byte[], byte[]>> readAll(String topic, Duration timeout, Duration quiet) {
        Properties p = client();
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + timeout.toNanos();
            long lastNew = System.nanoTime();
            while (System.nanoTime() < deadline && System.nanoTime() - lastNew < quiet.toNanos()) {
                var batch = consumer.poll(Duration.ofMillis(250));
                if (!batch.isEmpty()) {
                    batch.forEach(out::add);
                    lastNew = System.nanoTime();
                }
            }
        }
        return out;
    }
}
