package io.tickertape.ingest.bench;

import io.tickertape.events.Article;
import io.tickertape.events.testing.KafkaTestCluster;
import io.tickertape.events.topics.Topic;
import io.tickertape.events.topics.TopicProvisioner;
import io.tickertape.events.topics.Topics;
import io.tickertape.ingest.registry.FeedTopic;
import io.tickertape.ingest.samples.LocalFeedServer;
import io.tickertape.ingest.samples.SyntheticFeeds;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Issue 17's targets: N local feeds on an interval shared by two ingest processes ({@link SharedIngestProcess}, so
 * their CPU time is their own), on a real in-process KRaft broker (in this JVM, not counted).
 * <ul>
 *   <li>CPU per feed-poll: both processes' CPU over the measured cycles / the feed requests the server answered.</li>
 *   <li>Delay from an item's appearance to Kafka: new items appear at random times on {@code --changed} of the feeds
 *   per interval; a read_committed consumer here notes when each arrives (p50/p99/max).</li>
 *   <li>Failover: at the end one process is SIGKILLed; the time until the other has requested every one of its feeds.</li>
 * </ul>
 * {@code ./mvnw -B -ntp -pl ingest -Pbench test-compile exec:exec -Dbench.main=io.tickertape.ingest.bench.SharedIngestBench
 * -Dbench.args="--feeds 1000 --interval 5m --cycles 2 --changed 100"}
 */
public final class SharedIngestBench {

    private static final Clock CLOCK = Clock.systemUTC();

    public static void main(String[] argv) throws Exception {
        Map<String, String> args = BenchArgs.parse(argv);
        int feedCount = Integer.parseInt(args.getOrDefault("feeds", "1000"));
        Duration interval = io.tickertape.ingest.feeds.Durations.parse(args.getOrDefault("interval", "5m"));
        int cycles = Integer.parseInt(args.getOrDefault("cycles", "2"));
        int changed = Integer.parseInt(args.getOrDefault("changed", "100"));
        try (KafkaTestCluster kafka = KafkaTestCluster.start(); LocalFeedServer server = LocalFeedServer.start(0)) {
            Topics topics = Topics.withPrefix("bench.");
            try (Admin admin = kafka.admin()) {
                TopicProvisioner.ensure(admin, topics, 4, (short) 1, Duration.ofSeconds(30));
            }
            SyntheticFeeds feeds = new SyntheticFeeds(server, "bench", feedCount, CLOCK);
            for (int i = 0; i < feedCount; i++) {
                feeds.publish(i);
            }
            new FeedTopic(kafka.clientProperties(), topics.feeds(), Duration.ofSeconds(60)).put(feeds.definitions(interval), CLOCK);

            Map<String, Map<String, Instant>> lastBy = new ConcurrentHashMap<>(); // instance -> path -> last request
            AtomicLong requests = new AtomicLong();
            server.listen((path, agent) -> {
                requests.incrementAndGet();
                lastBy.computeIfAbsent(agent.replaceFirst("^.*instance-", ""), a -> new ConcurrentHashMap<>()).put(path, Instant.now());
            });
            Map<String, Instant> arrived = new ConcurrentHashMap<>();
            Map<String, Integer> copies = new ConcurrentHashMap<>();
            AtomicBoolean reading = new AtomicBoolean(true);
            Thread reader = Thread.ofPlatform().start(() -> read(kafka.clientProperties(), topics.articles(), arrived, copies, reading));

            Process a = start(kafka.bootstrapServers(), "a");
            Process b = start(kafka.bootstrapServers(), "b");
            // warm-up: the first cycle fetches every feed in full and publishes what is there
            log("warm-up: one interval (" + interval + ") so every feed has been polled once");
            Thread.sleep(interval.plusSeconds(15).toMillis());
            log("after warm-up: a polled %d feeds, b %d", lastBy.getOrDefault("a", Map.of()).size(), lastBy.getOrDefault("b", Map.of()).size());

            Duration cpu0 = cpu(a).plus(cpu(b));
            long requests0 = requests.get();
            Instant start = Instant.now();
            Random random = new Random(17);
            List<String> measured = new ArrayList<>();
            for (int c = 0; c < cycles; c++) {
                // `changed` feeds get one new item each, at random times within the interval
                List<Long> at = new ArrayList<>();
                for (int i = 0; i < changed; i++) {
                    at.add((long) (random.nextDouble() * interval.toMillis()));
                }
                Collections.sort(at);
                long cycleStart = System.currentTimeMillis();
                for (long offset : at) {
                    long wait = cycleStart + offset - System.currentTimeMillis();
                    if (wait > 0) {
                        Thread.sleep(wait);
                    }
                    measured.add(feeds.publish(random.nextInt(feedCount)));
                }
                long rest = cycleStart + interval.toMillis() - System.currentTimeMillis();
                if (rest > 0) {
                    Thread.sleep(rest);
                }
                log("cycle %d of %d done", c + 1, cycles);
            }
            Duration cpu1 = cpu(a).plus(cpu(b));
            long polls = requests.get() - requests0;
            double wall = Duration.between(start, Instant.now()).toMillis() / 1000.0;
            Thread.sleep(interval.plusSeconds(10).toMillis()); // the last items' polls

            Map<String, Instant> appeared = feeds.appeared();
            List<Double> delays = new ArrayList<>();
            int missing = 0;
            for (String title : measured) {
                Instant got = arrived.get(title);
                if (got == null) {
                    missing++;
                } else {
                    delays.add(Duration.between(appeared.get(title), got).toMillis() / 1000.0);
                }
            }
            Collections.sort(delays);

            // failover: SIGKILL a, time until b has asked for each of a's feeds
            Instant since = Instant.now().minus(interval);
            Set<String> ofA = new HashSet<>();
            lastBy.getOrDefault("a", Map.of()).forEach((path, t) -> {
                if (t.isAfter(since)) {
                    ofA.add(path);
                }
            });
            Instant killedAt = Instant.now();
            a.destroyForcibly();
            a.waitFor();
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            Duration resumed = null;
            while (System.nanoTime() < deadline) {
                Map<String, Instant> byB = lastBy.getOrDefault("b", Map.of());
                if (ofA.stream().allMatch(p -> byB.containsKey(p) && byB.get(p).isAfter(killedAt))) {
                    Instant last = ofA.stream().map(byB::get).max(Instant::compareTo).orElse(killedAt);
                    resumed = Duration.between(killedAt, last);
                    break;
                }
                Thread.sleep(100);
            }
            long duplicated = copies.values().stream().filter(n -> n > 1).count();

            System.out.println();
            System.out.printf(Locale.ROOT, "shared ingest: %d feeds every %s on 2 instances, %d cycles measured (%.0f s), %d new items per cycle%n",
                    feedCount, interval, cycles, wall, changed);
            System.out.printf(Locale.ROOT, "CPU: %.3f CPU-s for %d feed polls = %.2f CPU-ms per feed-poll (both processes, everything included)%n",
                    (cpu1.toNanos() - cpu0.toNanos()) / 1e9, polls, (cpu1.toNanos() - cpu0.toNanos()) / 1e6 / Math.max(1, polls));
            System.out.printf(Locale.ROOT, "appearance -> Kafka (read committed): %d items, p50 %.1f s, p99 %.1f s, max %.1f s; missing %d%n",
                    delays.size(), pct(delays, 50), pct(delays, 99), delays.isEmpty() ? 0 : delays.getLast(), missing);
            System.out.printf(Locale.ROOT, "articles on the topic: %d, duplicated %d%n", copies.size(), duplicated);
            System.out.printf(Locale.ROOT, "failover: SIGKILL of the instance polling %d feeds; all of them polled by the other after %s%n",
                    ofA.size(), resumed == null ? "more than 2 min" : String.format(Locale.ROOT, "%.1f s", resumed.toMillis() / 1000.0));
            b.getOutputStream().close();
            b.waitFor();
            reading.set(false);
            reader.join();
        }
    }

    /** Starts an instance; its output (logs included) goes to a file, so a full pipe can never stall it. */
    private static Process start(String bootstrap, String name) throws Exception {
        Path log = Path.of(System.getProperty("java.io.tmpdir"), "shared-ingest-bench-" + name + ".log");
        java.nio.file.Files.deleteIfExists(log);
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-XX:+UseG1GC", "-cp", System.getProperty("java.class.path"),
                SharedIngestProcess.class.getName(), bootstrap, "bench.", name)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (!(java.nio.file.Files.exists(log) && java.nio.file.Files.readString(log).contains("started"))) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("instance " + name + " did not start; see " + log);
            }
            Thread.sleep(100);
        }
        return p;
    }

    private static Duration cpu(Process p) {
        return p.info().totalCpuDuration().orElse(Duration.ZERO);
    }

    private static void read(Properties client, Topic<String, Article> topic, Map<String, Instant> arrived, Map<String, Integer> copies,
                             AtomicBoolean reading) {
        Properties p = new Properties();
        p.putAll(client);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "50");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic.name(), Duration.ofSeconds(10)).stream()
                    .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (reading.get()) {
                consumer.poll(Duration.ofMillis(100)).forEach(r -> {
                    String title = topic.value(r).title();
                    arrived.putIfAbsent(title, Instant.now());
                    copies.merge(title, 1, Integer::sum);
                });
            }
        }
    }

    private static double pct(List<Double> sorted, int p) {
        if (sorted.isEmpty()) {
            return 0;
        }
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }

    private static void log(String format, Object... values) {
        System.out.printf(Locale.ROOT, "[%s] %s%n", Instant.now(), String.format(Locale.ROOT, format, values));
    }
}
