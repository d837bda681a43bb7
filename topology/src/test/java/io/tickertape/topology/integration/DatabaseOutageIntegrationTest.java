package io.tickertape.topology.integration;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tickertape.events.Article;
import io.tickertape.events.ScoredArticle;
import io.tickertape.events.testing.KafkaTestCluster;
import io.tickertape.events.topics.Topics;
import io.tickertape.migrations.Database;
import io.tickertape.migrations.testing.CuttableTcpProxy;
import io.tickertape.migrations.testing.TestDatabases;
import io.tickertape.signals.prices.SyntheticPriceFiles;
import io.tickertape.topology.PipelineConfig;
import io.tickertape.topology.runtime.StreamsApp;
import io.tickertape.topology.testing.PipelineFixture;
import io.tickertape.topology.testing.RunningPipeline;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PostgreSQL is cut away from the running stream app (a TCP proxy resets every connection and refuses new ones)
 * for 60 s while articles keep arriving. The app must stay up, keep scoring, say it is degraded, and once the
 * database answers again record exactly the signals a control run on the same input records, each once.
 */
class DatabaseOutageIntegrationTest {

    private static final Duration OUTAGE = Duration.ofSeconds(60);
    private static KafkaTestCluster kafka;

    @TempDir
    Path temp;

    @BeforeAll
    static void startKafka() {
        kafka = KafkaTestCluster.start();
    }

    @AfterAll
    static void stopKafka() {
        kafka.close();
    }

    /** Before the outage: companies the fixture prices. */
    static List<Article> beforeOutage(Instant now) {
        return List.of(
                PipelineFixture.article("Apple shares jump after record iPhone sales and raised guidance",
                        "Apple Inc. reported profit well above expectations.", now.minusSeconds(300)),
                PipelineFixture.article("Tesla shares plunge after deliveries miss and a profit warning",
                        "Tesla, Inc. cut its outlook and reported a loss.", now.minusSeconds(290)));
    }

    /** During the outage: other companies, so the 7-day dedupe lets each through. */
    static List<Article> duringOutage(Instant now) {
        return List.of(
                PipelineFixture.article("Nvidia stock soars as data center revenue doubles",
                        "NVIDIA Corporation beat estimates and raised guidance.", now.minusSeconds(200)),
                PipelineFixture.article("Amazon shares surge after record holiday sales and upbeat forecast",
                        "Amazon.com, Inc. beat profit estimates.", now.minusSeconds(190)),
                PipelineFixture.article("Intel stock tumbles after weak forecast and a quarterly loss",
                        "Intel Corporation cut its outlook.", now.minusSeconds(180)));
    }

    @Test
    void aSixtySecondDatabaseOutageLosesNoSignalDuplicatesNoneAndTheAppStaysUp() throws Exception {
        Instant now = Instant.now();
        List<String> control = run("control", now, false);
        List<String> cut = run("outage", now, true);

        assertThat(control).as("the control run makes signals before and during the outage window").hasSizeGreaterThanOrEqualTo(3);
        assertThat(cut).as("signal_history after the outage, as ticker/direction/article").isEqualTo(control);
    }

    /** One run of the real stream app; returns the sorted rows of signal_history. */
    private List<String> run(String name, Instant now, boolean cutDatabase) throws Exception {
        String id = name + "-" + UUID.randomUUID().toString().substring(0, 8);
        Topics topics = Topics.withPrefix(id + ".");
        PipelineConfig config = PipelineConfig.defaults(topics).withApplicationId(id).withBatching(8, Duration.ofMillis(100));
        Path prices = temp.resolve(id).resolve("prices");
        SyntheticPriceFiles.write(prices, Map.of("AMZN", 185.0, "INTC", 31.0), now.atZone(ZoneOffset.UTC).toLocalDate(), 0.002, 150);
        try (Database direct = TestDatabases.freshSchema();
             CuttableTcpProxy proxy = CuttableTcpProxy.forJdbcUrl(direct.jdbcUrl());
             PipelineFixture fixture = new PipelineFixture(prices, Clock.systemUTC(), TestDatabases.throughProxy(direct, proxy))) {
            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            try (StreamsApp app = StreamsApp.start(config, fixture.services(Clock.systemUTC(), s -> { }, registry),
                    RunningPipeline.settings(kafka, temp.resolve(id).resolve("state"), null), registry)) {
                assertThat(app.awaitRunning(Duration.ofSeconds(60))).isTrue();
                RunningPipeline.produce(kafka, topics, beforeOutage(now));
                int before = awaitRows(direct, 1, Duration.ofSeconds(60));

                if (cutDatabase) {
                    proxy.cut();
                }
                long cutAt = System.nanoTime();
                RunningPipeline.produce(kafka, topics, duringOutage(now));
                // Scoring needs no database: the articles are scored while PostgreSQL is away.
                List<ScoredArticle> scored = RunningPipeline.readCommitted(kafka, topics.scored(), Duration.ofSeconds(60),
                        l -> l.size() >= beforeOutage(now).size() + duringOutage(now).size());
                assertThat(scored).hasSize(beforeOutage(now).size() + duringOutage(now).size());
                if (cutDatabase) {
                    List<String> states = new ArrayList<>();
                    while (System.nanoTime() - cutAt < OUTAGE.toNanos()) {
                        assertThat(app.state()).isEqualTo(KafkaStreams.State.RUNNING);
                        states.add(get(app, "/ready"));
                        Thread.sleep(2_000);
                    }
                    assertThat(countRows(direct)).as("nothing can be recorded while the database is away").isEqualTo(before);
                    assertThat(states).allMatch(s -> s.startsWith("200 READY RUNNING"));
                    assertThat(states.getLast()).contains("DEGRADED ledger unavailable for", "signals waiting");
                    assertThat(registry.scrape()).contains("tickertape_ledger_unavailable 1.0");
                    proxy.restore();
                    long restoredAt = System.nanoTime();
                    String ready = get(app, "/ready");
                    while (!ready.equals("200 READY RUNNING\n") && System.nanoTime() - restoredAt < Duration.ofSeconds(60).toNanos()) {
                        Thread.sleep(200);
                        ready = get(app, "/ready");
                    }
                    System.out.printf("database back: /ready clean %.1f s after the restore%n", (System.nanoTime() - restoredAt) / 1e9);
                }
                awaitStableRows(direct, Duration.ofSeconds(90));
                assertThat(app.state()).isEqualTo(KafkaStreams.State.RUNNING);
                if (cutDatabase) {
                    assertThat(get(app, "/ready")).isEqualTo("200 READY RUNNING\n");
                    assertThat(registry.scrape()).contains("tickertape_ledger_unavailable 0.0", "tickertape_ledger_outages_total 1.0");
                }
                int signalsOnTopic = RunningPipeline.signals(kafka, topics, 1, Duration.ofSeconds(10)).size();
                assertThat(countRows(direct)).as("every committed signal is recorded once").isEqualTo(signalsOnTopic);
            }
            return direct.jdbi().withHandle(h -> h.createQuery(
                    "SELECT ticker || ' ' || direction || ' ' || article_id FROM signal_history ORDER BY 1")
                    .mapTo(String.class).list());
        }
    }

    private static String get(StreamsApp app, String path) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.opsPort() + path))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        return r.statusCode() + " " + r.body();
    }

    private static int countRows(Database db) {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM signal_history").mapTo(Integer.class).one());
    }

    private static int awaitRows(Database db, int atLeast, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int rows = countRows(db);
        while (rows < atLeast && System.nanoTime() < deadline) {
            Thread.sleep(200);
            rows = countRows(db);
        }
        assertThat(rows).isGreaterThanOrEqualTo(atLeast);
        Thread.sleep(1_000); // the rest of the batch
        return countRows(db);
    }

    /** Waits until the row count has not changed for 5 s (the held signals are released within seconds). */
    private static void awaitStableRows(Database db, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int last = -1;
        long stableSince = System.nanoTime();
        while (System.nanoTime() < deadline) {
            int rows = countRows(db);
            if (rows != last) {
                last = rows;
                stableSince = System.nanoTime();
            } else if (System.nanoTime() - stableSince > Duration.ofSeconds(5).toNanos()) {
                return;
            }
            Thread.sleep(250);
        }
    }
}
