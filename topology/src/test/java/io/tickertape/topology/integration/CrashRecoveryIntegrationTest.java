package io.tickertape.topology.integration;

import io.tickertape.events.testing.KafkaTestCluster;
import io.tickertape.events.topics.Topics;
import io.tickertape.migrations.DatabaseSettings;
import io.tickertape.signals.fusion.Signal;
import io.tickertape.topology.PipelineConfig;
import io.tickertape.topology.runtime.StreamsApp;
import io.tickertape.topology.testing.PipelineFixture;
import io.tickertape.topology.testing.RunningPipeline;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The stream app is killed (SIGKILL, in its own JVM) while articles sit in its sentiment batch buffer, then a new
 * instance with an empty local state directory takes over: every signal comes out once, none twice.
 */
class CrashRecoveryIntegrationTest {

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

    @Test
    void aCrashMidBatchLosesNoSignalAndDuplicatesNone() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        Topics topics = Topics.withPrefix("crash-" + run + ".");
        String appId = "crash-" + run;
        try (PipelineFixture fixture = new PipelineFixture(temp.resolve("prices"), Clock.systemUTC())) {
            DatabaseSettings db = fixture.database.settings();
            Process child = new ProcessBuilder(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g",
                    "--enable-native-access=ALL-UNNAMED", "-Dai.djl.offline=true",
                    "-cp", System.getProperty("java.class.path"), ChildStreamsApp.class.getName(),
                    kafka.bootstrapServers(), fixture.database.jdbcUrl(), db.schema(), topics.prefix(), appId,
                    temp.resolve("prices").toString(), temp.resolve("child-state").toString(),
                    "64", Long.toString(Duration.ofMinutes(10).toMillis())))
                    .redirectErrorStream(true).start();
            try {
                awaitLine(child, "RUNNING", Duration.ofSeconds(90));
                RunningPipeline.produce(kafka, topics, PipelineIntegrationTest.news(Instant.now()));
                // The four articles are consumed and committed into the buffer store (batch of 64 never fills).
                awaitCommittedOffsets(appId, topics.articles().name(), 4, Duration.ofSeconds(60));
                assertThat(RunningPipeline.readCommitted(kafka, topics.scored(), Duration.ofSeconds(2), l -> false))
                        .as("nothing scored before the crash").isEmpty();
            } finally {
                child.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
            }

            PipelineConfig config = PipelineConfig.defaults(topics).withApplicationId(appId).withBatching(8, Duration.ofMillis(100));
            try (StreamsApp replacement = RunningPipeline.start(config, fixture, kafka, temp.resolve("new-state"), null)) {
                List<Signal> signals = RunningPipeline.signals(kafka, topics, 3, Duration.ofSeconds(90));
                assertThat(signals).extracting(Signal::ticker).containsExactlyInAnyOrder("AAPL", "TSLA", "NVDA");
                assertThat(signals).extracting(Signal::signalId).doesNotHaveDuplicates();
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (fixture.historyRows() < 3 && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
                assertThat(fixture.historyRows()).isEqualTo(3);
            }
        }
    }

    private static void awaitLine(Process p, String expected, Duration timeout) throws Exception {
        BufferedReader reader = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        List<String> seen = new ArrayList<>();
        Thread pump = Thread.ofVirtual().start(() -> {
            try {
                for (String line; (line = reader.readLine()) != null; ) {
                    synchronized (seen) {
                        seen.add(line);
                    }
                }
            } catch (java.io.IOException ignored) {
                // the child died: the caller's deadline reports it
            }
        });
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            synchronized (seen) {
                if (seen.contains(expected)) {
                    return;
                }
            }
            if (!p.isAlive()) {
                break;
            }
            Thread.sleep(100);
        }
        pump.interrupt();
        synchronized (seen) {
            throw new AssertionError("child did not print " + expected + "; last output: "
                    + seen.subList(Math.max(0, seen.size() - 30), seen.size()));
        }
    }

    private static void awaitCommittedOffsets(String group, String topic, long expected, Duration timeout) throws Exception {
        try (Admin admin = kafka.admin()) {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                var offsets = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
                long sum = offsets.entrySet().stream().filter(e -> e.getKey().topic().equals(topic))
                        .map(java.util.Map.Entry::getValue).mapToLong(OffsetAndMetadata::offset).sum();
                if (sum >= expected) {
                    return;
                }
                Thread.sleep(200);
            }
            throw new AssertionError("the app did not commit " + expected + " input offsets in time");
        }
    }
}
