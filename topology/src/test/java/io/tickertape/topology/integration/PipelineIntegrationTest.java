package io.tickertape.topology.integration;

import io.tickertape.events.Article;
import io.tickertape.events.DeadLetter;
import io.tickertape.events.testing.KafkaTestCluster;
import io.tickertape.events.topics.Topics;
import io.tickertape.signals.fusion.Direction;
import io.tickertape.signals.fusion.FreshnessGate;
import io.tickertape.signals.fusion.FusionSettings;
import io.tickertape.signals.fusion.Signal;
import io.tickertape.topology.PipelineConfig;
import io.tickertape.topology.runtime.Replay;
import io.tickertape.topology.runtime.StreamsApp;
import io.tickertape.topology.testing.PipelineFixture;
import io.tickertape.topology.testing.RunningPipeline;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The stream app on a real in-process KRaft broker and a real PostgreSQL, with the shipped model. */
class PipelineIntegrationTest {

    private static KafkaTestCluster kafka;

    @TempDir
    Path temp;

    private PipelineFixture fixture;
    private Topics topics;
    private PipelineConfig config;

    @BeforeAll
    static void startKafka() {
        kafka = KafkaTestCluster.start();
    }

    @AfterAll
    static void stopKafka() {
        kafka.close();
    }

    @BeforeEach
    void setUp() {
        fixture = new PipelineFixture(temp.resolve("prices"), Clock.systemUTC());
        String run = UUID.randomUUID().toString().substring(0, 8);
        topics = Topics.withPrefix("it-" + run + ".");
        config = PipelineConfig.defaults(topics).withApplicationId("it-" + run).withBatching(8, Duration.ofMillis(100));
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    static List<Article> news(Instant now) {
        return List.of(
                PipelineFixture.article("Apple shares jump after record iPhone sales and raised guidance",
                        "Apple Inc. reported profit well above expectations.", now.minusSeconds(300)),
                PipelineFixture.article("Tesla shares plunge after deliveries miss and a profit warning",
                        "Tesla, Inc. cut its outlook and reported a loss.", now.minusSeconds(240)),
                PipelineFixture.article("Nvidia stock soars as data center revenue doubles",
                        "NVIDIA Corporation beat estimates and raised guidance.", now.minusSeconds(200)),
                PipelineFixture.article("Microsoft to hold annual shareholder meeting in December", "", now.minusSeconds(100)));
    }

    @Test
    void endToEndArticlesBecomeCommittedSignalsRecordedOnceInPostgres() throws Exception {
        try (StreamsApp app = RunningPipeline.start(config, fixture, kafka, temp.resolve("state"), null)) {
            RunningPipeline.produce(kafka, topics, news(Instant.now()));
            List<Signal> signals = RunningPipeline.signals(kafka, topics, 3, Duration.ofSeconds(60));

            assertThat(signals).extracting(Signal::ticker).containsExactlyInAnyOrder("AAPL", "TSLA", "NVDA");
            assertThat(signals).filteredOn(s -> s.ticker().equals("TSLA")).extracting(Signal::direction).containsExactly(Direction.SELL);
            assertThat(signals).filteredOn(s -> s.ticker().equals("AAPL")).extracting(Signal::direction).containsExactly(Direction.BUY);
            awaitHistoryRows(3);

            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            var ready = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.opsPort() + "/ready")).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(ready.statusCode()).isEqualTo(200);
            var metrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.opsPort() + "/metrics")).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertThat(metrics).contains("tickertape_signals_emitted_total 3.0", "tickertape_model_batch_latency_seconds",
                    "tickertape_price_age_seconds", "kafka_stream");
        }
    }

    @Test
    void aPoisonRecordLandsInTheDeadLetterTopicWithItsOrigin() throws Exception {
        try (StreamsApp app = RunningPipeline.start(config, fixture, kafka, temp.resolve("state"), null);
             var producer = new KafkaProducer<byte[], byte[]>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                     new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topics.articles().name(), 0, "poison".getBytes(StandardCharsets.UTF_8),
                    "not json at all".getBytes(StandardCharsets.UTF_8))).get();
            RunningPipeline.produce(kafka, topics, news(Instant.now()).subList(0, 1));

            List<DeadLetter> dead = RunningPipeline.readCommitted(kafka, topics.deadLetters(), Duration.ofSeconds(60), l -> !l.isEmpty());
            assertThat(dead).hasSize(1);
            DeadLetter d = dead.getFirst();
            assertThat(d.stage()).isEqualTo("deserialization");
            assertThat(d.sourceTopic()).isEqualTo(topics.articles().name());
            assertThat(d.partition()).isZero();
            assertThat(d.key()).isEqualTo("poison");
            assertThat(d.value()).isEqualTo("not json at all");
            assertThat(d.applicationId()).isEqualTo(config.applicationId());
            assertThat(RunningPipeline.signals(kafka, topics, 1, Duration.ofSeconds(60))).hasSize(1);
            assertThat(app.state()).isEqualTo(KafkaStreams.State.RUNNING);
        }
    }

    @Test
    void anOversizedArticleIsDeadLetteredWithItsReasonAndTheArticlesBehindItFlow() throws Exception {
        try (StreamsApp app = RunningPipeline.start(config, fixture, kafka, temp.resolve("state"), null)) {
            Instant now = Instant.now();
            Article huge = PipelineFixture.article("Apple shares jump after record iPhone sales",
                    "Apple Inc. beat estimates. ".repeat(20_000), now.minusSeconds(60)); // 540,000 chars
            RunningPipeline.produce(kafka, topics, List.of(huge));
            RunningPipeline.produce(kafka, topics, news(now).subList(1, 2)); // Tesla

            List<DeadLetter> dead = RunningPipeline.readCommitted(kafka, topics.deadLetters(), Duration.ofSeconds(60), l -> !l.isEmpty());
            assertThat(dead).singleElement().satisfies(d -> {
                assertThat(d.stage()).isEqualTo("processing");
                assertThat(d.errorMessage()).isEqualTo("article summary is 540000 long; the limit is 20000");
                assertThat(d.key()).isEqualTo(huge.id());
                assertThat(d.valueBytes()).isGreaterThan(540_000);
                assertThat(d.value().getBytes(StandardCharsets.UTF_8)).hasSizeLessThanOrEqualTo(DeadLetter.MAX_KEPT_VALUE_BYTES);
            });
            assertThat(RunningPipeline.signals(kafka, topics, 1, Duration.ofSeconds(60)))
                    .extracting(Signal::ticker).containsExactly("TSLA");
            assertThat(app.state()).isEqualTo(KafkaStreams.State.RUNNING);
        }
    }

    @Test
    void aReplayFromTheEarliestOffsetAddsNoDuplicateSignals() throws Exception {
        try (StreamsApp app = RunningPipeline.start(config, fixture, kafka, temp.resolve("state"), "replay-1")) {
            RunningPipeline.produce(kafka, topics, news(Instant.now()));
            assertThat(RunningPipeline.signals(kafka, topics, 3, Duration.ofSeconds(60))).hasSize(3);
            awaitHistoryRows(3);
        }
        // Stopped cleanly: the static member left the group, so the reset runs without --force.
        var result = Replay.run(new Replay.Request(config.applicationId(), List.of(topics.articles().name()), null, true,
                false, false, temp.resolve("state")), kafka.clientProperties());
        assertThat(result.exitCode()).isZero();
        assertThat(result.activeMembers()).isEmpty();

        PipelineConfig replay = config.withFusion(FusionSettings.defaults().withMode(FreshnessGate.Mode.REPLAY));
        try (StreamsApp app = RunningPipeline.start(replay, fixture, kafka, temp.resolve("state"), "replay-1")) {
            // The replay re-scores every article (news.scored gets them again) but emits no signal twice.
            RunningPipeline.readCommitted(kafka, topics.scored(), Duration.ofSeconds(60), l -> l.size() >= 8);
            List<Signal> all = RunningPipeline.signals(kafka, topics, 4, Duration.ofSeconds(5));
            assertThat(all).hasSize(3);
            assertThat(fixture.historyRows()).isEqualTo(3);
        }
    }

    @Test
    void twoInstancesSplitTheWorkAndEmitEachSignalOnce() throws Exception {
        try (StreamsApp one = RunningPipeline.start(config, fixture, kafka, temp.resolve("state-1"), "a");
             StreamsApp two = RunningPipeline.start(config, fixture, kafka, temp.resolve("state-2"), "b")) {
            awaitBothHaveTasks(one, two);
            Instant now = Instant.now();
            List<Article> many = new java.util.ArrayList<>(news(now));
            for (int i = 0; i < 12; i++) { // the same stories again under other ids: dedupe must hold across instances
                many.add(PipelineFixture.article("Apple shares jump after record iPhone sales, report " + i,
                        "Apple Inc. raised guidance.", now.minusSeconds(60 + i)));
            }
            RunningPipeline.produce(kafka, topics, many);
            List<Signal> signals = RunningPipeline.signals(kafka, topics, 3, Duration.ofSeconds(60));
            assertThat(signals).extracting(Signal::ticker).containsExactlyInAnyOrder("AAPL", "TSLA", "NVDA");
            awaitHistoryRows(3);
        }
    }

    private static void awaitBothHaveTasks(StreamsApp one, StreamsApp two) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (hasActiveTasks(one) && hasActiveTasks(two) && one.state() == KafkaStreams.State.RUNNING
                    && two.state() == KafkaStreams.State.RUNNING) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("both instances should own tasks: " + one.streams().metadataForLocalThreads()
                + " / " + two.streams().metadataForLocalThreads());
    }

    private static boolean hasActiveTasks(StreamsApp app) {
        return app.streams().metadataForLocalThreads().stream().anyMatch(t -> !t.activeTasks().isEmpty());
    }

    private void awaitHistoryRows(int expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline && fixture.historyRows() < expected) {
            Thread.sleep(100);
        }
        Thread.sleep(500);
        assertThat(fixture.historyRows()).isEqualTo(expected);
    }
}
