package io.tickertape.reliability;

import io.tickertape.cli.Main;
import io.tickertape.events.Article;
import io.tickertape.events.testing.KafkaTestCluster;
import io.tickertape.events.topics.Topic;
import io.tickertape.events.topics.Topics;
import io.tickertape.ingest.samples.LocalFeedServer;
import io.tickertape.ingest.samples.SyntheticFeeds;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two {@code tickertape ingest} processes share 100 feeds served by a local HTTP server, on a real (in-process
 * KRaft) broker. Feeds are imported, added and removed with {@code tickertape feeds} while they run. Then one
 * instance gets SIGKILL: within 30 s the other polls its feeds, and every article reaches {@code news.articles}
 * exactly once (read committed, as the stream app reads it). Each instance sends its own User-Agent, which is how
 * the server tells who polled what.
 */
class IngestFailoverTest {

    private static final Clock CLOCK = Clock.systemUTC();
    private static final int FEEDS = 100;
    private static final Duration INTERVAL = Duration.ofSeconds(2);

    @TempDir
    Path temp;

    /** Per feed path, per instance: the instants of its requests. */
    private final Map<String, Map<String, List<Instant>>> requests = new ConcurrentHashMap<>();

    @Test
    void aKilledInstancesFeedsResumeOnTheOtherWithin30sAndEveryArticleArrivesOnce() throws Exception {
        try (KafkaTestCluster kafka = KafkaTestCluster.start(); LocalFeedServer server = LocalFeedServer.start(0)) {
            String bootstrap = kafka.bootstrapServers();
            Topics topics = Topics.withPrefix("failover.");
            SyntheticFeeds feeds = new SyntheticFeeds(server, "syn", FEEDS, CLOCK);
            server.listen((path, agent) -> requests.computeIfAbsent(path, p -> new ConcurrentHashMap<>())
                    .computeIfAbsent(agent.replaceFirst("^.*instance-", ""), a -> java.util.Collections.synchronizedList(new ArrayList<>()))
                    .add(Instant.now()));
            for (int i = 0; i < FEEDS; i++) {
                feeds.publish(i);
            }

            // the registry, through the CLI
            Path list = temp.resolve("feeds.yaml");
            StringBuilder yaml = new StringBuilder("feeds:\n");
            feeds.definitions(INTERVAL).forEach(f -> yaml.append("  - {name: ").append(f.name()).append(", url: \"")
                    .append(f.url()).append("\", interval: 2s}\n"));
            Files.writeString(list, yaml);
            Cli imported = cli("feeds", "import", list.toString(), "--bootstrap-servers", bootstrap, "--topic-prefix", "failover.");
            assertThat(imported.code()).as(imported.err()).isZero();
            assertThat(imported.out()).contains("{\"imported\":100,\"unchanged\":0}");

            AtomicBoolean publishing = new AtomicBoolean(true);
            Thread news = Thread.ofVirtual().start(() -> {
                while (publishing.get()) {
                    feeds.publish(ThreadLocalRandom.current().nextInt(FEEDS));
                    sleep(50);
                }
            });
            Process a = ingest(bootstrap, "a");
            Process b = ingest(bootstrap, "b");
            try {
                // both poll; every feed by exactly one of them
                eventually(Duration.ofSeconds(90), Duration.ofSeconds(1), () -> {
                    Instant since = Instant.now().minus(INTERVAL.multipliedBy(2));
                    assertThat(polledSince(feeds, "a", since)).isNotEmpty();
                    assertThat(polledSince(feeds, "b", since)).isNotEmpty();
                    assertThat(union(polledSince(feeds, "a", since), polledSince(feeds, "b", since))).hasSize(FEEDS);
                });
                Instant stableFrom = Instant.now();
                Thread.sleep(6_000);
                Set<String> byA = polledSince(feeds, "a", stableFrom);
                Set<String> byB = polledSince(feeds, "b", stableFrom);
                assertThat(byA).as("no feed is polled by both instances").doesNotContainAnyElementsOf(byB);
                assertThat(union(byA, byB)).hasSize(FEEDS);

                // add and remove feeds while both run
                SyntheticFeeds extra = new SyntheticFeeds(server, "extra", 1, CLOCK);
                String extraTitle = extra.publish(0);
                Cli added = cli("feeds", "add", extra.definitions(INTERVAL).getFirst().url().toString(), "--name", "extra-0000",
                        "--interval", "2s", "--bootstrap-servers", bootstrap, "--topic-prefix", "failover.");
                assertThat(added.code()).as(added.err()).isZero();
                assertThat(added.out()).contains("\"id\":\"extra-0000\"", "\"added\":true");
                Cli duplicate = cli("feeds", "add", server.uri("/other.xml").toString(), "--name", "extra-0000",
                        "--bootstrap-servers", bootstrap, "--topic-prefix", "failover.");
                assertThat(duplicate.code()).isEqualTo(2);
                assertThat(duplicate.err().strip()).doesNotContain("\n").contains("already registered", "--replace");
                eventually(Duration.ofSeconds(20), Duration.ofMillis(500), () -> assertThat(requests).containsKey(extra.path(0)));
                eventually(Duration.ofSeconds(20), Duration.ofMillis(500), () -> assertThat(countByTitle(bootstrap, topics.articles())).containsKey(extraTitle));

                String removedFeed = feeds.feedName(0);
                Cli removed = cli("feeds", "remove", removedFeed, "--bootstrap-servers", bootstrap, "--topic-prefix", "failover.");
                assertThat(removed.code()).as(removed.err()).isZero();
                assertThat(removed.out()).contains("{\"id\":\"" + removedFeed + "\",\"removed\":true}");
                Thread.sleep(4_000); // picked up within a second; a poll in flight may finish
                Instant afterRemove = Instant.now();
                Cli listed = cli("feeds", "list", "--bootstrap-servers", bootstrap, "--topic-prefix", "failover.");
                assertThat(listed.out().lines().count()).isEqualTo(FEEDS);
                assertThat(listed.out()).contains("\"id\":\"extra-0000\"").doesNotContain("\"id\":\"" + removedFeed + "\"");
                Thread.sleep(4_000);
                assertThat(requestsSince(feeds.path(0), afterRemove)).as("a removed feed is not polled").isZero();

                // kill -9 one instance
                Set<String> killedFeeds = polledSince(feeds, "a", afterRemove);
                assertThat(killedFeeds).isNotEmpty();
                Instant killedAt = Instant.now();
                a.destroyForcibly(); // SIGKILL: no shutdown hook, no leave-group, a transaction may be left open
                assertThat(a.waitFor(10, TimeUnit.SECONDS)).isTrue();

                eventually(Duration.ofSeconds(30), Duration.ofMillis(250), () ->
                        assertThat(killedFeeds).allSatisfy(path -> assertThat(firstRequestSince(path, "b", killedAt)).as(path).isNotNull()));
                Duration resumed = Duration.ZERO;
                for (String path : killedFeeds) {
                    Duration d = Duration.between(killedAt, firstRequestSince(path, "b", killedAt));
                    resumed = d.compareTo(resumed) > 0 ? d : resumed;
                }
                System.out.printf("ingest failover: %d feeds of the killed instance resumed on the other within %.1f s%n",
                        killedFeeds.size(), resumed.toMillis() / 1000.0);
                assertThat(resumed).isLessThan(Duration.ofSeconds(30));

                Thread.sleep(5_000);
                publishing.set(false);
                news.join();
                Map<String, Instant> expected = new HashMap<>(feeds.appeared());
                expected.keySet().removeIf(t -> t.startsWith(removedFeed + " ")); // after its removal nobody polls it
                expected.put(extraTitle, Instant.now());
                eventually(Duration.ofSeconds(30), Duration.ofSeconds(1), () ->
                        assertThat(countByTitle(bootstrap, topics.articles()).keySet()).containsAll(expected.keySet()));
                Thread.sleep(5_000); // more polls of every feed: nothing may arrive twice
                Map<String, Integer> counts = countByTitle(bootstrap, topics.articles());
                Map<String, Integer> duplicated = new HashMap<>(counts);
                duplicated.values().removeIf(n -> n == 1);
                System.out.printf("ingest failover: %d articles expected, %d on the topic, %d missing, %d duplicated%n",
                        expected.size(), counts.size(), expected.keySet().stream().filter(t -> !counts.containsKey(t)).count(), duplicated.size());
                assertThat(duplicated).as("articles published twice").isEmpty();
                assertThat(counts.keySet()).containsAll(expected.keySet());
                assertThat(expected.size()).isGreaterThan(300);
            } finally {
                publishing.set(false);
                a.destroyForcibly();
                b.destroy();
                b.waitFor(40, TimeUnit.SECONDS);
            }
        }
    }

    private Process ingest(String bootstrap, String name) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = List.of(java, "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "ingest",
                "--bootstrap-servers", bootstrap, "--topic-prefix", "failover.", "--group-id", "failover-ingest",
                "--session-timeout", "10s", "--user-agent", "tickertape-test instance-" + name, "--log-format", "text");
        ProcessBuilder b = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(temp.resolve("ingest-" + name + ".log").toFile()));
        b.environment().put("TICKERTAPE_LOG_LEVEL", "INFO");
        return b.start();
    }

    private Set<String> polledSince(SyntheticFeeds feeds, String instance, Instant since) {
        Set<String> out = new HashSet<>();
        for (int i = 0; i < feeds.count(); i++) {
            Map<String, List<Instant>> byInstance = requests.get(feeds.path(i));
            List<Instant> times = byInstance == null ? null : byInstance.get(instance);
            if (times != null) {
                synchronized (times) {
                    if (times.stream().anyMatch(t -> t.isAfter(since))) {
                        out.add(feeds.path(i));
                    }
                }
            }
        }
        return out;
    }

    private Instant firstRequestSince(String path, String instance, Instant since) {
        List<Instant> times = requests.getOrDefault(path, Map.of()).get(instance);
        if (times == null) {
            return null;
        }
        synchronized (times) {
            return times.stream().filter(t -> t.isAfter(since)).findFirst().orElse(null);
        }
    }

    private long requestsSince(String path, Instant since) {
        long n = 0;
        for (List<Instant> times : requests.getOrDefault(path, Map.of()).values()) {
            synchronized (times) {
                n += times.stream().filter(t -> t.isAfter(since)).count();
            }
        }
        return n;
    }

    private static Set<String> union(Set<String> x, Set<String> y) {
        Set<String> u = new HashSet<>(x);
        u.addAll(y);
        return u;
    }

    private record Cli(int code, String out, String err) {
    }

    private static Cli cli(String... args) {
        picocli.CommandLine cmd = commandLine();
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        cmd.setOut(new java.io.PrintWriter(out, true));
        cmd.setErr(new java.io.PrintWriter(err, true));
        int code = cmd.execute(args);
        return new Cli(code, out.toString(), err.toString());
    }

    private static picocli.CommandLine commandLine() {
        return Main.commandLine(Map.of());
    }

    /** Committed articles on the topic, by title. */
    static Map<String, Integer> countByTitle(String bootstrap, Topic<String, Article> topic) {
        Properties p = new Properties();
        p.setProperty("bootstrap.servers", bootstrap);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        Map<String, Integer> counts = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic.name(), Duration.ofSeconds(10)).stream()
                    .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(10));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp, Duration.ofSeconds(5)) < ends.get(tp))
                    && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    Article a = topic.value(r);
                    assertThat(topic.key(r)).isEqualTo(a.id());
                    counts.merge(a.title(), 1, Integer::sum);
                });
            }
        }
        return counts;
    }

    interface Check {
        void run() throws Exception;
    }

    /** Retries {@code check} until it passes or {@code timeout} is over (then its last failure is thrown). */
    private static void eventually(Duration timeout, Duration every, Check check) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                check.run();
                return;
            } catch (AssertionError e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(every.toMillis());
            }
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
