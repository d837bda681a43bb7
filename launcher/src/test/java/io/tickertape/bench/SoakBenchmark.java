package io.tickertape.bench;

import io.tickertape.events.Article;
import io.tickertape.events.ScoredArticle;
import io.tickertape.events.topics.TopicProvisioner;
import io.tickertape.events.topics.Topics;
import io.tickertape.local.LocalKafka;
import io.tickertape.migrations.Database;
import io.tickertape.migrations.DatabaseSettings;
import io.tickertape.migrations.testing.CuttableTcpProxy;
import io.tickertape.signals.backtest.NewsCsv;
import io.tickertape.signals.backtest.NewsItem;
import io.tickertape.signals.fusion.Signal;
import io.tickertape.signals.prices.SyntheticPriceFiles;
import io.tickertape.signals.tickers.TickerMatch;
import io.tickertape.signals.tickers.TickerResolver;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Soak with fault injection (issue: survive what ops will see). A real KRaft broker in its own JVM, an embedded
 * PostgreSQL behind a TCP proxy the harness can cut, and {@code tickertape run} in its own JVM, started through
 * {@code bin/tickertape} as production starts it. Reuters headlines with summaries arrive at a fixed rate for the
 * whole run, while three faults are injected at 1/4, 1/2 and 3/4 of it:
 * <ol>
 *   <li>PostgreSQL cut away for 60 s (the app must stay up and say DEGRADED);</li>
 *   <li>the broker killed with SIGKILL and restarted 10 s later on the same data and port;</li>
 *   <li>the app killed with SIGKILL mid-batch and started again.</li>
 * </ol>
 * Afterwards it counts, from what was committed:
 * <ul>
 *   <li>lost articles: those the ticker gate passes (computed here with the same company table) that never reached
 *       {@code news.scored}; duplicated: an article id in {@code news.scored} more than once;</li>
 *   <li>lost signals: a signal committed to {@code signals} that is not in {@code signal_history}, and the reverse;
 *       duplicated: a signal id twice in the topic, or an (article, ticker) pair twice in the table;</li>
 *   <li>RSS of the app JVM every 10 s: the first and last 5 minutes compared.</li>
 * </ul>
 * Run (bench profile, not CI): {@code ./mvnw -B -ntp -o -pl launcher -Pbench test-compile exec:exec
 * -Dbench.main=io.tickertape.bench.SoakBenchmark -Dbench.args="NEWS_CSV 30 20"} (minutes, articles per second).
 */
public final class SoakBenchmark {

    private static final Path LAUNCHER = EndToEndBenchmark.locateLauncher();
    private static final List<String> EVENTS = new CopyOnWriteArrayList<>();
    private static final long T0 = System.nanoTime();

    public static void main(String[] args) throws Exception {
        Path newsCsv = Path.of(args.length > 0 ? args[0] : "../../shared/data/news/reuters_company_news_2017-07_2018-06_all_tickers.csv");
        int minutes = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        int rate = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        if (!Files.isRegularFile(newsCsv)) {
            System.err.println("news corpus not found: " + newsCsv + " (pass the path of the Reuters CSV in ../shared/data/news)");
            System.exit(2);
        }
        int total = minutes * 60 * rate;
        List<NewsItem> pool = NewsCsv.read(newsCsv, 200_000).items().stream()
                .filter(n -> n.summary() != null && !n.summary().isBlank()).toList();
        TickerResolver tickers = TickerResolver.loadDefault();
        Map<String, Double> symbols = new TreeMap<>();
        List<Boolean> passesGate = new ArrayList<>(pool.size());
        for (NewsItem n : pool) {
            List<TickerMatch> matches = tickers.resolve(n.headline(), n.summary(), List.of());
            passesGate.add(matches.stream().anyMatch(m -> m.relevance() >= 0.50));
            matches.forEach(m -> symbols.putIfAbsent(m.symbol(), 20.0 + Math.floorMod(m.symbol().hashCode(), 400)));
        }
        Path work = Files.createTempDirectory("tickertape-soak");
        Path prices = work.resolve("prices");
        SyntheticPriceFiles.write(prices, symbols, LocalDate.now(ZoneOffset.UTC), 0.001, 150);
        log("corpus %d articles with summaries (cycled to %d, each with its own id), %d tickers with prices; work %s",
                pool.size(), total, symbols.size(), work);

        int brokerPort = freePort();
        AtomicReference<LocalKafka> kafka = new AtomicReference<>(LocalKafka.start(work.resolve("kafka"), brokerPort, Duration.ofSeconds(90)));
        try (var pg = io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder().setServerConfig("fsync", "off").start()) {
            String jdbc = pg.getJdbcUrl("postgres", "postgres");
            try (Database db = Database.open(new DatabaseSettings(jdbc, "postgres", null, null, null, 2))) {
                db.migrate();
            }
            CuttableTcpProxy proxy = CuttableTcpProxy.forJdbcUrl(jdbc);
            String appJdbc = proxy.rewrite(jdbc);
            String bootstrap = kafka.get().bootstrapServers();
            Topics topics = Topics.withPrefix("soak.");
            Properties client = new Properties();
            client.put("bootstrap.servers", bootstrap);
            try (Admin admin = Admin.create(client)) {
                TopicProvisioner.ensure(admin, topics, 4, (short) 1, Duration.ofSeconds(30));
            }

            int opsPort = freePort();
            AtomicReference<Process> app = new AtomicReference<>(startApp(work, bootstrap, appJdbc, prices, opsPort));
            awaitReady(opsPort, app.get(), Duration.ofSeconds(180), work);
            log("app ready (pid %d)", app.get().pid());

            Map<String, Integer> scored = new ConcurrentHashMap<>();
            Map<String, Integer> signalIds = new ConcurrentHashMap<>();
            AtomicBoolean stop = new AtomicBoolean();
            Thread scoredReader = Thread.ofPlatform().name("read-scored").start(() -> readAll(bootstrap, topics.scored().name(), stop, v -> {
                ScoredArticle s = topics.scored().valueSerde().deserializer().deserialize(topics.scored().name(), v);
                scored.merge(s.article().id(), 1, Integer::sum);
            }));
            Thread signalReader = Thread.ofPlatform().name("read-signals").start(() -> readAll(bootstrap, topics.signals().name(), stop, v -> {
                Signal s = topics.signals().valueSerde().deserializer().deserialize(topics.signals().name(), v);
                signalIds.merge(s.signalId(), 1, Integer::sum);
            }));

            List<long[]> rss = new CopyOnWriteArrayList<>(); // {seconds since start, RSS MB}
            Thread rssSampler = Thread.ofPlatform().daemon().name("rss").start(() -> {
                long start = System.nanoTime();
                while (!stop.get()) {
                    long mb = rssMb(app.get().pid());
                    if (mb > 0) {
                        rss.add(new long[]{(System.nanoTime() - start) / 1_000_000_000L, mb});
                    }
                    sleep(10_000);
                }
            });

            Set<String> expected = ConcurrentHashMap.newKeySet();
            List<String> faults = new CopyOnWriteArrayList<>();
            Thread injector = Thread.ofPlatform().name("faults").start(() -> {
                try {
                    long slice = Duration.ofMinutes(minutes).toMillis() / 4;
                    Thread.sleep(slice);
                    faults.add(databaseOutage(proxy, opsPort, app.get()));
                    Thread.sleep(slice - 60_000);
                    faults.add(brokerKill(kafka, work, brokerPort, opsPort));
                    Thread.sleep(slice - 10_000);
                    faults.add(appKill(app, work, bootstrap, appJdbc, prices, opsPort));
                } catch (Exception e) {
                    faults.add("fault injection failed: " + e);
                }
            });

            int sent = 0;
            try (var producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                    ProducerConfig.LINGER_MS_CONFIG, 5, ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 300_000,
                    ProducerConfig.MAX_BLOCK_MS_CONFIG, 300_000), new ByteArraySerializer(), new ByteArraySerializer())) {
                long interval = 1_000_000_000L / rate;
                long next = System.nanoTime();
                for (int i = 0; i < total; i++) {
                    long wait = next - System.nanoTime();
                    if (wait > 0) {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    }
                    int k = i % pool.size();
                    NewsItem n = pool.get(k);
                    String id = "soak-" + i;
                    Article a = new Article(Article.SCHEMA_VERSION, id, n.headline(), n.summary(),
                            "https://www.reuters.com/" + id, "Reuters", "https://www.reuters.com/feed",
                            Instant.now().minusSeconds(30), false, Instant.now(), List.of());
                    if (passesGate.get(k)) {
                        expected.add(id);
                    }
                    producer.send(topics.articles().serialize(a.id(), a));
                    sent++;
                    next += interval;
                    if (i % (rate * 300) == 0) {
                        log("produced %d of %d; scored %d, signals %d, RSS %s MB", i, total, scored.size(), signalIds.size(),
                                rss.isEmpty() ? "?" : Long.toString(rss.getLast()[1]));
                    }
                }
                producer.flush();
            }
            injector.join(Duration.ofMinutes(10));
            log("produced %d articles; %d pass the ticker gate; draining", sent, expected.size());
            long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
            while (System.nanoTime() < deadline && !scored.keySet().containsAll(expected)) {
                Thread.sleep(1000);
            }
            Thread.sleep(30_000); // the last signals reach the topic and the table
            stop.set(true);
            scoredReader.join();
            signalReader.join();
            rssSampler.join(15_000);

            Set<String> lostArticles = new HashSet<>(expected);
            lostArticles.removeAll(scored.keySet());
            long duplicatedArticles = scored.values().stream().filter(c -> c > 1).count();
            long duplicatedSignalsInTopic = signalIds.values().stream().filter(c -> c > 1).count();
            Set<String> inTable = new HashSet<>();
            long duplicatedPairs;
            try (var c = java.sql.DriverManager.getConnection(jdbc, "postgres", null); var st = c.createStatement()) {
                try (var rs = st.executeQuery("SELECT signal_id FROM signal_history")) {
                    while (rs.next()) {
                        inTable.add(rs.getString(1));
                    }
                }
                try (var rs = st.executeQuery("SELECT count(*) FROM (SELECT article_id, ticker FROM signal_history"
                        + " WHERE NOT shadow GROUP BY article_id, ticker HAVING count(*) > 1) d")) {
                    rs.next();
                    duplicatedPairs = rs.getLong(1);
                }
            }
            Set<String> missingInTable = new HashSet<>(signalIds.keySet());
            missingInTable.removeAll(inTable);
            Set<String> extraInTable = new HashSet<>(inTable);
            extraInTable.removeAll(signalIds.keySet());

            System.out.println();
            System.out.printf(Locale.ROOT, "soak: %d min at %d articles/s, %d articles produced, %d through the ticker gate%n",
                    minutes, rate, sent, expected.size());
            faults.forEach(f -> System.out.println("fault: " + f));
            System.out.printf(Locale.ROOT, "articles: %d of %d scored; lost %d; duplicated in news.scored %d%n",
                    expected.size() - lostArticles.size(), expected.size(), lostArticles.size(), duplicatedArticles);
            System.out.printf(Locale.ROOT, "signals: %d committed to the topic, %d rows in signal_history; missing from the table %d,"
                    + " in the table but not the topic %d; duplicated ids in the topic %d; duplicated (article, ticker) rows %d%n",
                    signalIds.size(), inTable.size(), missingInTable.size(), extraInTable.size(), duplicatedSignalsInTopic, duplicatedPairs);
            System.out.println("RSS: " + rssSummary(rss));
            app.get().destroy();
            app.get().waitFor(40, TimeUnit.SECONDS);
            proxy.close();
        } finally {
            kafka.get().close();
        }
    }

    private static Process startApp(Path work, String bootstrap, String jdbc, Path prices, int opsPort) throws Exception {
        List<String> command = List.of(LAUNCHER.toString(), "run", "--bootstrap-servers", bootstrap,
                "--database-url", jdbc, "--database-user", "postgres", "--application-id", "soak", "--topic-prefix", "soak.",
                "--price-source", "FILES", "--price-files", prices.toString(), "--ops-port", Integer.toString(opsPort),
                "--ops-host", "127.0.0.1", "--state-dir", work.resolve("state").toString(),
                // Each article's tickers may signal: the soak counts signals, it does not test the 7-day rule.
                "--dedupe-window", "1ms", "--retention", "400d");
        ProcessBuilder b = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(work.resolve("app.log").toFile()));
        return b.start();
    }

    /** Waits for /ready to answer 200; returns its body. */
    private static String awaitReady(int opsPort, Process app, Duration timeout, Path work) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline && app.isAlive()) {
            String body = ready(opsPort);
            if (body != null) {
                return body;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the app did not become ready; see " + work.resolve("app.log"));
    }

    /** /ready's body when it answers 200, else null. */
    private static String ready(int opsPort) {
        try {
            var r = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()
                    .send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + opsPort + "/ready"))
                            .timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? r.body() : null;
        } catch (Exception e) {
            return null;
        }
    }

    private static String databaseOutage(CuttableTcpProxy proxy, int opsPort, Process app) throws Exception {
        log("fault 1: PostgreSQL cut for 60 s");
        proxy.cut();
        long cutAt = System.nanoTime();
        boolean degradedSeen = false;
        while (System.nanoTime() - cutAt < Duration.ofSeconds(60).toNanos()) {
            String body = ready(opsPort);
            degradedSeen |= body != null && body.contains("DEGRADED");
            Thread.sleep(1000);
        }
        proxy.restore();
        long restoredAt = System.nanoTime();
        double clean = -1;
        while (System.nanoTime() - restoredAt < Duration.ofMinutes(3).toNanos()) {
            String body = ready(opsPort);
            if (body != null && !body.contains("DEGRADED")) {
                clean = (System.nanoTime() - restoredAt) / 1e9;
                break;
            }
            Thread.sleep(200);
        }
        return String.format(Locale.ROOT, "database cut 60 s: app %s, /ready said DEGRADED: %s, clean %.1f s after restore",
                app.isAlive() ? "stayed up" : "EXITED", degradedSeen, clean);
    }

    private static String brokerKill(AtomicReference<LocalKafka> kafka, Path work, int port, int opsPort) throws Exception {
        log("fault 2: broker SIGKILL, restart after 10 s");
        kafka.get().kill();
        Thread.sleep(10_000);
        long restart = System.nanoTime();
        kafka.set(LocalKafka.start(work.resolve("kafka"), port, Duration.ofSeconds(90)));
        double brokerUp = (System.nanoTime() - restart) / 1e9;
        double ready = -1;
        long t = System.nanoTime();
        while (System.nanoTime() - t < Duration.ofMinutes(3).toNanos()) {
            String body = ready(opsPort);
            if (body != null && body.contains("RUNNING")) {
                ready = (System.nanoTime() - t) / 1e9;
                break;
            }
            Thread.sleep(200);
        }
        return String.format(Locale.ROOT, "broker SIGKILL, down 10 s: broker up %.1f s after restart, app /ready RUNNING %.1f s after that",
                brokerUp, ready);
    }

    private static String appKill(AtomicReference<Process> app, Path work, String bootstrap, String jdbc, Path prices,
                                  int opsPort) throws Exception {
        log("fault 3: app SIGKILL and restart");
        app.get().destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        long t = System.nanoTime();
        app.set(startApp(work, bootstrap, jdbc, prices, opsPort));
        awaitReady(opsPort, app.get(), Duration.ofMinutes(3), work);
        return String.format(Locale.ROOT, "app SIGKILL: restarted, /ready %.1f s after the new JVM started",
                (System.nanoTime() - t) / 1e9);
    }

    /** Every committed record of {@code topic} from the beginning, until {@code stop}; survives broker restarts. */
    private static void readAll(String bootstrap, String topic, AtomicBoolean stop, java.util.function.Consumer<byte[]> onValue) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (var c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = c.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(i -> new TopicPartition(topic, i.partition())).toList();
            c.assign(partitions);
            c.seekToBeginning(partitions);
            while (!stop.get()) {
                try {
                    for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                        onValue.accept(r.value());
                    }
                } catch (org.apache.kafka.common.errors.RetriableException e) {
                    sleep(500); // the broker is away; the consumer reconnects by itself
                }
            }
        }
    }

    private static String rssSummary(List<long[]> rss) {
        if (rss.size() < 4) {
            return "too few samples";
        }
        long end = rss.getLast()[0];
        double early = rss.stream().filter(s -> s[0] >= 300 && s[0] < 600).mapToLong(s -> s[1]).average().orElse(Double.NaN);
        double late = rss.stream().filter(s -> s[0] >= end - 300).mapToLong(s -> s[1]).average().orElse(Double.NaN);
        long max = rss.stream().mapToLong(s -> s[1]).max().orElse(-1);
        return String.format(Locale.ROOT, "%d samples every 10 s; mean %.0f MB in minutes 5-10, %.0f MB in the last 5 minutes"
                + " (ratio %.2f); max %d MB", rss.size(), early, late, late / early, max);
    }

    private static long rssMb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
                }
            }
        } catch (Exception e) {
            return -1;
        }
        return -1;
    }

    private static int freePort() throws java.io.IOException {
        try (var s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void log(String format, Object... args) {
        String line = String.format(Locale.ROOT, "[%6.0f s] ", (System.nanoTime() - T0) / 1e9) + String.format(Locale.ROOT, format, args);
        System.out.println(line);
        EVENTS.add(line);
    }
}
