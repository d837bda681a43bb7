package io.tickertape.ingest.bench;

import io.tickertape.events.Article;
import io.tickertape.events.testing.KafkaTestCluster;
import io.tickertape.events.topics.TopicProvisioner;
import io.tickertape.events.topics.Topics;
import io.tickertape.ingest.articles.ArticleNormalizer;
import io.tickertape.ingest.articles.FeedContext;
import io.tickertape.ingest.parsing.FeedParser;
import io.tickertape.ingest.parsing.ParsedFeed;
import io.tickertape.ingest.samples.LocalFeedServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Targets "50 feeds polled every 60 s cost under 1 CPU-second per minute beyond parsing" and "an article reaches
 * Kafka at most the poll interval plus 2 s after its feed publishes it".
 *
 * <p>This process is the world: an in-process KRaft broker and a local HTTP server with N feeds built from the real
 * captures in the shared data (ETag/Last-Modified, 304s, gzip). The ingest runs in a child JVM
 * ({@link IngestProcess}), so its CPU time is its own: measured with {@code ProcessHandle.info().totalCpuDuration()}
 * over the measured cycles, after warm-up. Each cycle, {@code --changed} feeds publish one new item at a random
 * moment; the time from "the server serves it" to "a consumer here receives it from Kafka" is the latency. Parsing
 * CPU is measured separately here (thread CPU time of parse + normalize of the changed feeds' documents) and
 * subtracted.
 *
 * <pre>./mvnw -B -ntp -pl ingest -Pbench test-compile exec:exec -Dbench.args="--feeds 50 --interval 60s --cycles 4 --changed 10"</pre>
 */
public final class PollingCostBench {

    private record Served(String path, String template, String marker, List<String> added) {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = BenchArgs.parse(args);
        int feedCount = Integer.parseInt(opts.getOrDefault("feeds", "50"));
        Duration interval = io.tickertape.ingest.feeds.Durations.parse(opts.getOrDefault("interval", "60s"));
        int cycles = Integer.parseInt(opts.getOrDefault("cycles", "4"));
        int warmupCycles = Integer.parseInt(opts.getOrDefault("warmup", "2"));
        int changedPerCycle = Integer.parseInt(opts.getOrDefault("changed", "10"));
        Path captures = Path.of(System.getProperty("tickertape.shared.data", "../shared/data"), "feeds");
        List<Path> files;
        try (var walk = Files.list(captures)) {
            files = walk.filter(p -> p.toString().endsWith(".xml")).sorted().toList();
        }
        if (files.isEmpty()) {
            throw new IllegalStateException("no captures in " + captures + " (set -Dtickertape.shared.data)");
        }
        System.out.printf("polling-cost bench: %d feeds from %d captures, interval %s, %d warm-up + %d measured cycles, %d feeds change per cycle%n",
                feedCount, files.size(), interval, warmupCycles, cycles, changedPerCycle);

        Topics topics = Topics.withPrefix("bench.");
        try (KafkaTestCluster kafka = KafkaTestCluster.start(); LocalFeedServer server = LocalFeedServer.start(0)) {
            try (Admin admin = kafka.admin()) {
                TopicProvisioner.ensure(admin, topics, 4, (short) 1, Duration.ofSeconds(30));
            }
            List<Served> feeds = new ArrayList<>();
            StringBuilder yaml = new StringBuilder("feeds:\n");
            Instant start = Instant.now();
            for (int i = 0; i < feedCount; i++) {
                Path file = files.get(i % files.size());
                String text = new String(Files.readAllBytes(file), charsetOf(file));
                String marker = text.contains("<item>") && text.contains("<rss") ? "<item>" : text.contains("<entry>") ? "<entry>" : null;
                Served s = new Served("/feeds/" + i, text, marker, new CopyOnWriteArrayList<>());
                feeds.add(s);
                publish(server, s, start);
                yaml.append("  - {name: feed-").append(i).append(", url: \"").append(server.uri(s.path())).append("\", interval: ")
                        .append(interval.toMillis()).append("ms}\n");
            }
            Path feedsFile = Files.createTempFile("bench-feeds", ".yaml");
            Files.writeString(feedsFile, yaml);

            Map<String, Instant> publishedAt = new ConcurrentHashMap<>();
            List<Long> latencies = new CopyOnWriteArrayList<>();
            AtomicBoolean consuming = new AtomicBoolean(true);
            AtomicInteger received = new AtomicInteger();
            Thread consumer = Thread.ofPlatform().daemon(true).name("bench-consumer").start(() ->
                    consume(kafka.bootstrapServers(), topics, publishedAt, latencies, received, consuming));

            Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx512m", "-XX:+UseG1GC", "-cp", System.getProperty("java.class.path"),
                    IngestProcess.class.getName(), kafka.bootstrapServers(), feedsFile.toString(), "bench.")
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            BufferedReader childOut = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = childOut.readLine()) != null && !line.equals("started")) {
                System.out.println("[ingest] " + line); // the child's logs go to its stdout
            }
            if (line == null) {
                throw new IllegalStateException("ingest child exited before it started");
            }
            Thread.ofPlatform().daemon(true).name("child-output").start(() -> childOut.lines().forEach(l -> System.out.println("[ingest] " + l)));
            Random random = new Random(42);
            Thread.sleep(interval.multipliedBy(warmupCycles).toMillis());
            System.out.printf("warm-up done: %d articles in Kafka%n", received.get());
            Duration cpu0 = child.info().totalCpuDuration().orElseThrow();
            long wall0 = System.nanoTime();
            List<Served> changedDocs = new ArrayList<>();
            for (int c = 0; c < cycles; c++) {
                long cycleStart = System.nanoTime();
                List<Served> shuffled = new ArrayList<>(feeds.stream().filter(f -> f.marker() != null).toList());
                Collections.shuffle(shuffled, random);
                List<Served> changing = shuffled.subList(0, Math.min(changedPerCycle, shuffled.size()));
                List<Long> at = new ArrayList<>();
                for (int k = 0; k < changing.size(); k++) {
                    at.add((long) (random.nextDouble() * interval.toMillis() * 0.9));
                }
                Collections.sort(at);
                for (int k = 0; k < changing.size(); k++) {
                    sleepUntil(cycleStart + at.get(k) * 1_000_000);
                    Served s = changing.get(k);
                    String title = "Bench item " + c + "-" + k + " for " + s.path();
                    s.added().add(title);
                    Instant now = Instant.now();
                    publish(server, s, now);
                    publishedAt.put(title, now);
                    changedDocs.add(s);
                }
                sleepUntil(cycleStart + interval.toNanos());
            }
            Duration cpu1 = child.info().totalCpuDuration().orElseThrow();
            double wallSeconds = (System.nanoTime() - wall0) / 1e9;
            Thread.sleep(3000); // let the last articles arrive
            child.getOutputStream().close();
            child.waitFor();
            consuming.set(false);
            consumer.join(10_000);

            double cpuPerCycle = (cpu1.toNanos() - cpu0.toNanos()) / 1e9 / cycles;
            double parsePerCycle = parseCpuSeconds(changedDocs, start) / cycles;
            long expected = (long) cycles * Math.min(changedPerCycle, feeds.stream().filter(f -> f.marker() != null).count());
            List<Long> sorted = latencies.stream().sorted().toList();
            long max = sorted.isEmpty() ? -1 : sorted.getLast();
            long p50 = sorted.isEmpty() ? -1 : sorted.get(sorted.size() / 2);
            double perMinute = 60.0 / interval.toSeconds();
            System.out.printf(Locale.ROOT, "measured %.0f s wall: ingest process CPU %.3f s per cycle (%.3f s per minute at this interval)%n",
                    wallSeconds, cpuPerCycle, cpuPerCycle * perMinute);
            System.out.printf(Locale.ROOT, "parsing (parse + normalize of the changed documents): %.3f s per cycle%n", parsePerCycle);
            System.out.printf(Locale.ROOT, "beyond parsing: %.3f CPU-s per cycle = %.3f CPU-s per minute (target < 1.0 at 50 feeds / 60 s)%n",
                    cpuPerCycle - parsePerCycle, (cpuPerCycle - parsePerCycle) * perMinute);
            System.out.printf(Locale.ROOT, "latency feed->Kafka: %d of %d new articles seen; p50 %d ms, max %d ms (target <= interval + 2 s = %d ms)%n",
                    sorted.size(), expected, p50, max, interval.toMillis() + 2000);
        }
    }

    private static java.nio.charset.Charset charsetOf(Path file) throws java.io.IOException {
        byte[] head = Arrays8.head(file);
        String s = new String(head, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
        if (s.contains("iso-8859-1")) {
            return StandardCharsets.ISO_8859_1;
        }
        if (s.contains("windows-1252")) {
            return java.nio.charset.Charset.forName("windows-1252");
        }
        return StandardCharsets.UTF_8;
    }

    private static String render(Served s) {
        if (s.marker() == null || s.added().isEmpty()) {
            return s.template();
        }
        StringBuilder extra = new StringBuilder();
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(Instant.now().atOffset(ZoneOffset.UTC));
        for (int i = s.added().size() - 1; i >= 0; i--) {
            String title = s.added().get(i);
            String link = "https://bench.example" + s.path() + "/" + i;
            if (s.marker().equals("<item>")) {
                extra.append("<item><title>").append(title).append("</title><link>").append(link).append("</link><pubDate>")
                        .append(date).append("</pubDate></item>\n");
            } else {
                extra.append("<entry><title>").append(title).append("</title><id>").append(link).append("</id><link href=\"")
                        .append(link).append("\"/><updated>").append(Instant.now()).append("</updated></entry>\n");
            }
        }
        int at = s.template().indexOf(s.marker());
        return s.template().substring(0, at) + extra + s.template().substring(at);
    }

    private static void publish(LocalFeedServer server, Served s, Instant lastModified) {
        String body = render(s);
        // Re-encode as UTF-8 and say so: the captures' own declarations may name Latin-1.
        String utf8 = body.replaceFirst("(?i)encoding=\"[^\"]+\"", "encoding=\"UTF-8\"");
        server.put(s.path(), new LocalFeedServer.Document(utf8.getBytes(StandardCharsets.UTF_8), "application/xml", lastModified));
    }

    /** Thread CPU of parse + normalize for the documents the changed feeds served, after warm-up. */
    private static double parseCpuSeconds(List<Served> changedDocs, Instant fetched) throws Exception {
        FeedParser parser = new FeedParser();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        List<byte[]> bodies = new ArrayList<>();
        for (Served s : changedDocs) {
            bodies.add(render(s).replaceFirst("(?i)encoding=\"[^\"]+\"", "encoding=\"UTF-8\"").getBytes(StandardCharsets.UTF_8));
        }
        int reps = 5;
        long best = Long.MAX_VALUE;
        for (int r = 0; r < reps + 2; r++) {
            long t0 = threads.getCurrentThreadCpuTime();
            for (byte[] body : bodies) {
                ParsedFeed feed = parser.parse(body, "application/xml", URI.create("http://127.0.0.1/bench"));
                List<Article> articles = ArticleNormalizer.normalize(feed, new FeedContext("bench", URI.create("http://127.0.0.1/bench"), List.of()), fetched);
                if (articles.isEmpty()) {
                    throw new IllegalStateException("nothing parsed");
                }
            }
            long took = threads.getCurrentThreadCpuTime() - t0;
            if (r >= 2) {
                best = Math.min(best, took);
            }
        }
        return best / 1e9;
    }

    private static void consume(String bootstrap, Topics topics, Map<String, Instant> publishedAt, List<Long> latencies,
                                AtomicInteger received, AtomicBoolean running) {
        var p = new java.util.Properties();
        p.setProperty("bootstrap.servers", bootstrap);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topics.articles().name(), Duration.ofSeconds(10)).stream()
                    .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (running.get()) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    Instant now = Instant.now();
                    received.incrementAndGet();
                    Article a = topics.articles().value(r);
                    Instant at = publishedAt.get(a.title());
                    if (at != null) {
                        latencies.add(Duration.between(at, now).toMillis());
                    }
                }
            }
        }
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long wait = nanoTime - System.nanoTime();
        if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
    }

    /** Tiny helper so the charset sniff does not read a whole 1 MB capture twice. */
    private static final class Arrays8 {
        static byte[] head(Path file) throws java.io.IOException {
            try (var in = Files.newInputStream(file)) {
                return in.readNBytes(200);
            }
        }
    }
}
