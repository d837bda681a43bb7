package io.tickertape.bench;

import io.tickertape.events.Article;
import io.tickertape.events.ScoredArticle;
import io.tickertape.events.topics.TopicProvisioner;
import io.tickertape.events.topics.Topics;
import io.tickertape.local.LocalKafka;
import io.tickertape.migrations.Database;
import io.tickertape.migrations.DatabaseSettings;
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
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

/**
 * End-to-end harness: a real KRaft broker (own JVM), an embedded PostgreSQL, and {@code tickertape run} in its own
 * JVM exactly as production starts it (shipped model, file prices quoted live). Reuters headlines with summaries
 * are replayed as fresh articles.
 * <ol>
 *   <li>start-up: JVM start to {@code /ready} = 200 (Streams RUNNING);</li>
 *   <li>throughput: N articles produced at once; time until the app has committed all of them;</li>
 *   <li>latency: articles at a fixed rate; produce time to the committed {@code news.scored} record and to the
 *       committed signal (dedupe window shortened so repeated tickers still signal);</li>
 *   <li>peak RSS of the app JVM (VmHWM).</li>
 * </ol>
 * Run: {@code ./mvnw -B -ntp -o -pl launcher -Pbench test-compile exec:exec -Dbench.args="NEWS_CSV 3000 50 60"}
 */
public final class EndToEndBenchmark {

    private static final List<String> SHUTDOWNS = new java.util.concurrent.CopyOnWriteArrayList<>();
    private static final List<String> METRICS = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** bin/tickertape of this checkout (the bench runs in launcher/). */
    private static final Path LAUNCHER = locateLauncher();
    /** Session 1's settings, the baseline the throughput is compared with. */
    private static final List<String> BASELINE_ARGS = List.of("--threads", "1", "--model-threads", "2", "--model-batch-tokens", "2048");
    /** Extra `run` options for experiments, e.g. BENCH_APP_ARGS="--threads 2 --model-threads 1". */
    private static final List<String> APP_ARGS = System.getenv().getOrDefault("BENCH_APP_ARGS", "").isBlank() ? List.of()
            : List.of(System.getenv("BENCH_APP_ARGS").trim().split("\\s+"));
    /** BENCH_BASELINE_MODEL=DIR: the baseline is the app's own settings with that model (e.g. the previous release),
     *  measured for throughput and latency in the same invocation, instead of session 1's settings. */
    private static final String BASELINE_MODEL = System.getenv().getOrDefault("BENCH_BASELINE_MODEL", "").trim();

    public static void main(String[] args) throws Exception {
        Path newsCsv = Path.of(args.length > 0 ? args[0] : "../../shared/data/news/reuters_company_news_2017-07_2018-06_all_tickers.csv");
        int throughputArticles = args.length > 1 ? Integer.parseInt(args[1]) : 3000;
        int rate = args.length > 2 ? Integer.parseInt(args[2]) : 50;
        int seconds = args.length > 3 ? Integer.parseInt(args[3]) : 60;
        int warmup = args.length > 4 ? Integer.parseInt(args[4]) : 10;
        int startupRuns = args.length > 5 ? Integer.parseInt(args[5]) : 5;
        if (!Files.isRegularFile(newsCsv)) {
            System.err.println("news corpus not found: " + newsCsv + " (pass the path of the Reuters CSV in ../shared/data/news)");
            System.exit(2);
        }
        Path work = Files.createTempDirectory("tickertape-e2e");
        List<NewsItem> corpus = NewsCsv.read(newsCsv, 200_000).items().stream()
                .filter(n -> n.summary() != null && !n.summary().isBlank())
                .limit(throughputArticles + (long) rate * (seconds + warmup)).toList();
        TickerResolver tickers = TickerResolver.loadDefault();
        Map<String, Double> symbols = new TreeMap<>();
        for (NewsItem n : corpus) {
            for (TickerMatch m : tickers.resolve(n.headline(), n.summary(), List.of())) {
                symbols.putIfAbsent(m.symbol(), 20.0 + Math.floorMod(m.symbol().hashCode(), 400));
            }
        }
        Path prices = work.resolve("prices");
        SyntheticPriceFiles.write(prices, symbols, LocalDate.now(ZoneOffset.UTC), 0.001, 150);
        System.out.printf("corpus %d articles with summaries, %d tickers with prices%n", corpus.size(), symbols.size());

        try (LocalKafka kafka = LocalKafka.start(work.resolve("kafka"), 0, Duration.ofSeconds(60));
             var pg = io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder().setServerConfig("fsync", "off").start()) {
            String jdbc = pg.getJdbcUrl("postgres", "postgres");
            try (Database db = Database.open(new DatabaseSettings(jdbc, "postgres", null, null, null, 2))) {
                db.migrate();
            }
            Properties client = new Properties();
            client.put("bootstrap.servers", kafka.bootstrapServers());
            // Each phase has its own topics, so the second app does not first chew through the first one's input.
            Topics burstTopics = Topics.withPrefix("burst.");
            Topics rateTopics = Topics.withPrefix("rate.");
            Topics baselineTopics = Topics.withPrefix("baseline.");
            Topics baselineRateTopics = Topics.withPrefix("baseline-rate.");
            try (Admin admin = Admin.create(client)) {
                for (Topics t : List.of(burstTopics, rateTopics, baselineTopics, baselineRateTopics)) {
                    TopicProvisioner.ensure(admin, t, 4, (short) 1, Duration.ofSeconds(30));
                }
            }

            Startup startup = measureStartup(work, kafka, jdbc, prices, startupRuns);

            // Baseline in the same invocation, on its own copy of the burst: session 1's settings (one stream thread, a
            // 2-thread predictor, one forward pass per 32 pieces), or with BENCH_BASELINE_MODEL today's settings with
            // that model, then also at the paced rate.
            List<NewsItem> burst = corpus.subList(0, Math.min(throughputArticles, corpus.size()));
            List<NewsItem> paced = corpus.subList(Math.min(throughputArticles, corpus.size()), corpus.size());
            List<String> baselineArgs = baselineArgs();
            Result baseline = runApp(work, kafka, jdbc, prices, "e2e-baseline", baselineTopics.prefix(), "7d", "auto",
                    baselineArgs, app -> produceBurst(kafka, baselineTopics, burst, app));
            forgetSignals(jdbc); // the measured run must not find the baseline's signals in the 7-day ledger
            Result baselineLatency = BASELINE_MODEL.isEmpty() ? null
                    : runApp(work, kafka, jdbc, prices, "e2e-baseline-latency", baselineRateTopics.prefix(), "1ms", "auto",
                    baselineArgs, app -> produceAtRate(kafka, baselineRateTopics, paced, rate, seconds, warmup, app));
            forgetSignals(jdbc);
            Result throughput = runApp(work, kafka, jdbc, prices, "e2e-throughput", burstTopics.prefix(), "7d", "auto", APP_ARGS,
                    app -> produceBurst(kafka, burstTopics, burst, app));
            Result latency = runApp(work, kafka, jdbc, prices, "e2e-latency", rateTopics.prefix(), "1ms", "auto", APP_ARGS,
                    app -> produceAtRate(kafka, rateTopics, paced, rate, seconds, warmup, app));

            System.out.println();
            System.out.printf(Locale.ROOT, "AOT cache: %s%n", startup.cacheNote());
            System.out.printf(Locale.ROOT, "start to RUNNING (/ready), new group: %.2f s (AOT cache)%n", startup.fresh());
            System.out.printf(Locale.ROOT, "start to RUNNING (/ready), restart: without AOT cache %s; with AOT cache %s; median ratio %.2f%n",
                    seconds(startup.off()), seconds(startup.on()), median(startup.on()) / median(startup.off()));
            System.out.printf(Locale.ROOT, "start to RUNNING (/ready) of the two measured apps: %.2f s and %.2f s%n", throughput.startSeconds, latency.startSeconds);
            System.out.printf(Locale.ROOT, "throughput: %d articles in %.2f s = %.0f articles/s (headline + summary)%n",
                    throughput.articles, throughput.seconds, throughput.articles / throughput.seconds);
            System.out.printf(Locale.ROOT, "baseline (%s): %d articles in %.2f s = %.0f articles/s; ratio %.2f%n",
                    String.join(" ", baselineArgs), baseline.articles, baseline.seconds, baseline.articles / baseline.seconds,
                    baseline.seconds / throughput.seconds);
            System.out.printf(Locale.ROOT, "CPU during the burst: app %.1f s, broker %.1f s (wall %.1f s, 2 cores = %.1f core-s)%n",
                    throughput.appCpuSeconds, throughput.brokerCpuSeconds, throughput.seconds, 2 * throughput.seconds);
            printLatency("latency", latency, rate, seconds, warmup);
            System.out.printf(Locale.ROOT, "latency including the warm-up: scored p99 %.0f ms (n=%d); signal p99 %.0f ms (n=%d)%n",
                    latency.allScoredP99, latency.allScoredN, latency.allSignalP99, latency.allSignalN);
            System.out.printf(Locale.ROOT, "peak RSS of the app JVM: %d MB and %d MB%n", throughput.peakRssMb, latency.peakRssMb);
            if (baselineLatency != null) {
                printLatency("baseline latency", baselineLatency, rate, seconds, warmup);
                System.out.printf(Locale.ROOT, "baseline peak RSS of the app JVM: %d MB and %d MB%n", baseline.peakRssMb, baselineLatency.peakRssMb);
            }
            SHUTDOWNS.forEach(System.out::println);
            METRICS.forEach(System.out::println);
        }
    }

    private static void printLatency(String label, Result r, int rate, int seconds, int warmup) {
        System.out.printf(Locale.ROOT, "%s at %d articles/s for %d s after %d s of warm-up: scored p50 %.0f ms p99 %.0f ms (n=%d); signal p50 %.0f ms p99 %.0f ms (n=%d)%n",
                label, rate, seconds, warmup, r.scoredP50, r.scoredP99, r.scoredN, r.signalP50, r.signalP99, r.signalN);
    }

    private static List<String> baselineArgs() {
        if (BASELINE_MODEL.isEmpty()) {
            return BASELINE_ARGS;
        }
        if (!Files.isRegularFile(Path.of(BASELINE_MODEL, "model.json"))) {
            throw new IllegalArgumentException("BENCH_BASELINE_MODEL: no model.json in " + BASELINE_MODEL);
        }
        List<String> args = new ArrayList<>(APP_ARGS);
        args.addAll(List.of("--model", BASELINE_MODEL));
        return args;
    }

    interface Load {
        Result run(AppProcess app) throws Exception;
    }

    record AppProcess(Process process, int opsPort, String appId) {
    }

    static final class Result {
        double startSeconds;
        int articles;
        double seconds;
        double scoredP50;
        double scoredP99;
        int scoredN;
        double signalP50;
        double signalP99;
        int signalN;
        double allScoredP99;
        int allScoredN;
        double allSignalP99;
        int allSignalN;
        long peakRssMb;
        double appCpuSeconds;
        double brokerCpuSeconds;
    }

    private static Result runApp(Path work, LocalKafka kafka, String jdbc, Path prices, String appId, String topicPrefix,
                                 String dedupeWindow, String aot, List<String> extraArgs, Load load) throws Exception {
        int opsPort = freePort();
        // Started through bin/tickertape with the jars of launcher/target, exactly as the image starts it.
        List<String> command = new ArrayList<>(List.of(LAUNCHER.toString(), "run", "--bootstrap-servers", kafka.bootstrapServers(),
                "--database-url", jdbc, "--database-user", "postgres", "--application-id", appId, "--topic-prefix", topicPrefix,
                "--price-source", "FILES", "--price-files", prices.toString(), "--ops-port", Integer.toString(opsPort),
                "--ops-host", "127.0.0.1", "--state-dir", work.resolve("state-" + appId).toString(),
                "--dedupe-window", dedupeWindow, "--retention", "400d"));
        command.addAll(extraArgs);
        long started = System.nanoTime();
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(work.resolve(appId + ".log").toFile()));
        builder.environment().put("TICKERTAPE_AOT", aot);
        Process p = builder.start();
        AppProcess app = new AppProcess(p, opsPort, appId);
        try {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            double startSeconds = -1;
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (System.nanoTime() < deadline && p.isAlive()) {
                try {
                    var r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + opsPort + "/ready"))
                            .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                    if (r.statusCode() == 200) {
                        startSeconds = (System.nanoTime() - started) / 1e9;
                        break;
                    }
                } catch (java.io.IOException notYet) {
                    // not listening yet
                }
                Thread.sleep(20);
            }
            if (startSeconds < 0) {
                throw new IllegalStateException("the app did not become ready; see " + work.resolve(appId + ".log"));
            }
            double appCpu0 = cpuSeconds(p.pid());
            double brokerCpu0 = cpuSeconds(kafka.pid());
            Result result = load.run(app);
            result.startSeconds = startSeconds;
            result.appCpuSeconds = cpuSeconds(p.pid()) - appCpu0;
            result.brokerCpuSeconds = cpuSeconds(kafka.pid()) - brokerCpu0;
            String metrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + opsPort + "/metrics"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body();
            if (!appId.startsWith("e2e-startup")) METRICS.add(appId + ":\n" + metrics.lines().filter(l -> !l.startsWith("#") && (l.startsWith("tickertape_model_batch")
                    || l.startsWith("tickertape_dropped") || l.startsWith("tickertape_signals") || l.matches("kafka_stream_thread_(process|punctuate|commit|poll)_ratio.*")))
                    .map(l -> "  " + l).collect(Collectors.joining("\n")));
            result.peakRssMb = peakRssMb(p.pid());
            return result;
        } finally {
            long stopping = System.nanoTime();
            p.destroy(); // SIGTERM: graceful
            if (!p.waitFor(40, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
            SHUTDOWNS.add(String.format(Locale.ROOT, "%s: SIGTERM to exit %.2f s (exit code %d)", appId,
                    (System.nanoTime() - stopping) / 1e9, p.isAlive() ? -1 : p.exitValue()));
        }
    }

    private static Result produceBurst(LocalKafka kafka, Topics topics, List<NewsItem> items, AppProcess app) throws Exception {
        Instant now = Instant.now();
        long t0;
        try (var producer = producer(kafka)) {
            t0 = System.nanoTime();
            for (int i = 0; i < items.size(); i++) {
                Article a = article(items.get(i), "burst-" + i, now.minusSeconds(60));
                producer.send(topics.articles().serialize(a.id(), a));
            }
            producer.flush();
        }
        awaitCommitted(kafka, app.appId(), topics.articles().name(), items.size(), Duration.ofMinutes(10));
        Result r = new Result();
        r.articles = items.size();
        r.seconds = (System.nanoTime() - t0) / 1e9;
        return r;
    }

    private static Result produceAtRate(LocalKafka kafka, Topics topics, List<NewsItem> items, int rate, int seconds,
                                        int warmup, AppProcess app) throws Exception {
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        Map<String, Long> scoredAt = new ConcurrentHashMap<>();
        Map<String, Long> signalAt = new ConcurrentHashMap<>();
        AtomicBoolean stop = new AtomicBoolean();
        var ready = new java.util.concurrent.CountDownLatch(2);
        Thread scoredReader = Thread.ofPlatform().start(() -> read(kafka, topics.scored().name(), stop, ready, (k, v) -> {
            ScoredArticle s = topics.scored().valueSerde().deserializer().deserialize(topics.scored().name(), v);
            scoredAt.putIfAbsent(s.article().id(), System.nanoTime());
        }));
        Thread signalReader = Thread.ofPlatform().start(() -> read(kafka, topics.signals().name(), stop, ready, (k, v) -> {
            Signal s = topics.signals().valueSerde().deserializer().deserialize(topics.signals().name(), v);
            signalAt.putIfAbsent(s.articleId(), System.nanoTime());
        }));
        if (!ready.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("readers did not start");
        }
        int total = Math.min(items.size(), rate * (seconds + warmup));
        int measuredFrom = Math.min(total, rate * warmup); // the first `warmup` seconds warm the JIT and are reported apart
        try (var producer = producer(kafka)) {
            long interval = 1_000_000_000L / rate;
            long next = System.nanoTime();
            for (int i = 0; i < total; i++) {
                while (System.nanoTime() < next) {
                    Thread.onSpinWait();
                }
                Article a = article(items.get(i), "rate-" + i, Instant.now().minusSeconds(30));
                sentAt.put(a.id(), System.nanoTime());
                producer.send(topics.articles().serialize(a.id(), a));
                next += interval;
            }
            producer.flush();
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (scoredAt.size() < total && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        Thread.sleep(3000);
        stop.set(true);
        scoredReader.join();
        signalReader.join();
        Result r = new Result();
        double[] allScored = latencies(sentAt, scoredAt);
        double[] allSignal = latencies(sentAt, signalAt);
        r.allScoredN = allScored.length;
        r.allScoredP99 = percentile(allScored, 99);
        r.allSignalN = allSignal.length;
        r.allSignalP99 = percentile(allSignal, 99);
        java.util.function.Predicate<String> measured = id -> Integer.parseInt(id.substring("rate-".length())) >= measuredFrom;
        sentAt.keySet().removeIf(measured.negate());
        double[] scored = latencies(sentAt, scoredAt);
        double[] signal = latencies(sentAt, signalAt);
        r.scoredN = scored.length;
        r.scoredP50 = percentile(scored, 50);
        r.scoredP99 = percentile(scored, 99);
        r.signalN = signal.length;
        r.signalP50 = percentile(signal, 50);
        r.signalP99 = percentile(signal, 99);
        return r;
    }

    record Startup(double fresh, double[] off, double[] on, String cacheNote) {
    }

    /**
     * JVM start to /ready: once against a new group (internal topics are created), then restarts of the same
     * application, alternating without and with the AOT cache so both see the same machine.
     */
    private static Startup measureStartup(Path work, LocalKafka kafka, String jdbc, Path prices, int runs) throws Exception {
        Path cache = LAUNCHER.getParent().getParent().resolve("launcher/target/tickertape.aot");
        String note = "existing " + cache;
        if (!Files.isRegularFile(cache) || isStale(cache)) {
            // The same recipe as the image: one demo run records the cache when its JVM exits.
            long t0 = System.nanoTime();
            ProcessBuilder demo = new ProcessBuilder(LAUNCHER.toString(), "demo", "--out", work.resolve("aot-demo").toString())
                    .redirectErrorStream(true).redirectOutput(work.resolve("aot-demo.log").toFile());
            demo.environment().put("TICKERTAPE_AOT", "record");
            Process p = demo.start();
            if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0 || !Files.isRegularFile(cache)) {
                p.destroyForcibly();
                throw new IllegalStateException("recording the AOT cache failed; see " + work.resolve("aot-demo.log"));
            }
            note = String.format(Locale.ROOT, "recorded by `TICKERTAPE_AOT=record bin/tickertape demo` in %.1f s (%d MB)",
                    (System.nanoTime() - t0) / 1e9, Files.size(cache) >> 20);
        }
        Load none = app -> new Result();
        double fresh = runApp(work, kafka, jdbc, prices, "e2e-startup", "startup.", "7d", "auto", APP_ARGS, none).startSeconds;
        double[] off = new double[runs];
        double[] on = new double[runs];
        for (int i = 0; i < runs; i++) { // an ECS task starts with an empty state directory
            deleteRecursively(work.resolve("state-e2e-startup"));
            off[i] = runApp(work, kafka, jdbc, prices, "e2e-startup", "startup.", "7d", "off", APP_ARGS, none).startSeconds;
            deleteRecursively(work.resolve("state-e2e-startup"));
            on[i] = runApp(work, kafka, jdbc, prices, "e2e-startup", "startup.", "7d", "auto", APP_ARGS, none).startSeconds;
        }
        return new Startup(fresh, off, on, note);
    }

    /** A jar rebuilt after the cache was recorded makes the JVM refuse it (bin/tickertape then skips it). */
    private static boolean isStale(Path cache) throws java.io.IOException {
        var recorded = Files.getLastModifiedTime(cache);
        try (var jars = Files.find(cache.getParent(), 2, (p, a) -> p.toString().endsWith(".jar"))) {
            return jars.anyMatch(p -> {
                try {
                    return Files.getLastModifiedTime(p).compareTo(recorded) > 0;
                } catch (java.io.IOException e) {
                    return true;
                }
            });
        }
    }

    private static void forgetSignals(String jdbc) throws java.sql.SQLException {
        try (var c = java.sql.DriverManager.getConnection(jdbc, "postgres", null); var st = c.createStatement()) {
            st.execute("TRUNCATE signal_history, signal_dedupe CASCADE");
        }
    }

    private static void deleteRecursively(Path dir) throws java.io.IOException {
        if (Files.exists(dir)) {
            try (var paths = Files.walk(dir)) {
                for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    private static String seconds(double[] values) {
        return Arrays.stream(values).mapToObj(v -> String.format(Locale.ROOT, "%.2f", v)).collect(Collectors.joining(" ", "[", "] s"))
                + String.format(Locale.ROOT, " (median %.2f s)", median(values));
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted.length == 0 ? Double.NaN : sorted[sorted.length / 2];
    }

    static Path locateLauncher() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isExecutable(dir.resolve("bin/tickertape"))) {
                return dir.resolve("bin/tickertape");
            }
        }
        throw new IllegalStateException("bin/tickertape not found above " + Path.of("").toAbsolutePath());
    }

    private static double[] latencies(Map<String, Long> sent, Map<String, Long> received) {
        return received.entrySet().stream().filter(e -> sent.containsKey(e.getKey()))
                .mapToDouble(e -> (e.getValue() - sent.get(e.getKey())) / 1e6).sorted().toArray();
    }

    private static double percentile(double[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int idx = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, idx))];
    }

    /**
     * Reads a topic from its current end with read_committed. Partitions are assigned directly (no consumer group),
     * so nothing waits for a rebalance; {@code ready} is counted down once the end offsets are fixed.
     */
    private static void read(LocalKafka kafka, String topic, AtomicBoolean stop, java.util.concurrent.CountDownLatch ready,
                             java.util.function.BiConsumer<byte[], byte[]> onRecord) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (var c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            var partitions = c.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(i -> new org.apache.kafka.common.TopicPartition(topic, i.partition())).toList();
            c.assign(partitions);
            c.seekToEnd(partitions);
            partitions.forEach(c::position); // resolve the end offsets now, before anything is produced
            ready.countDown();
            while (!stop.get()) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(20))) {
                    onRecord.accept(r.key(), r.value());
                }
            }
        }
    }

    private static Article article(NewsItem n, String id, Instant published) {
        return new Article(Article.SCHEMA_VERSION, id, n.headline(), n.summary(), "https://www.reuters.com/" + id,
                "Reuters", "https://www.reuters.com/feed", published, false, Instant.now(), List.of());
    }

    private static KafkaProducer<byte[], byte[]> producer(LocalKafka kafka) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 5), new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static void awaitCommitted(LocalKafka kafka, String group, String topic, long expected, Duration timeout) throws Exception {
        Properties p = new Properties();
        p.put("bootstrap.servers", kafka.bootstrapServers());
        try (Admin admin = Admin.create(p)) {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                long sum = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS)
                        .entrySet().stream().filter(e -> e.getKey().topic().equals(topic)).mapToLong(e -> e.getValue().offset()).sum();
                if (sum >= expected) {
                    return;
                }
                Thread.sleep(100);
            }
            throw new IllegalStateException("not all articles were processed within " + timeout);
        }
    }

    /** user + system CPU time of a process so far (Linux /proc; clock ticks at the usual 100 Hz). */
    private static double cpuSeconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
        } catch (Exception e) {
            return Double.NaN;
        }
    }

    private static long peakRssMb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmHWM:")) {
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

    @SuppressWarnings("unused")
    private static String describe(Map<String, ?> m) {
        return Arrays.toString(new HashMap<>(m).keySet().toArray());
    }
}
