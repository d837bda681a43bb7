package io.tickertape.cli;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tickertape.digest.DigestPreview;
import io.tickertape.digest.charts.PriceSourceHistory;
import io.tickertape.events.topics.Topic;
import io.tickertape.events.topics.Topics;
import io.tickertape.finbert.ScoreCache;
import io.tickertape.finbert.registry.ModelRegistry;
import io.tickertape.ingest.IngestService;
import io.tickertape.ingest.IngestSettings;
import io.tickertape.ingest.KafkaIngest;
import io.tickertape.ingest.feeds.FeedDefinition;
import io.tickertape.ingest.feeds.PollOutcome;
import io.tickertape.ingest.samples.LocalFeedServer;
import io.tickertape.ingest.samples.SampleFeeds;
import io.tickertape.local.LocalKafka;
import io.tickertape.migrations.Database;
import io.tickertape.signals.fusion.Signal;
import io.tickertape.signals.history.SignalHistory;
import io.tickertape.signals.prices.FilePriceSource;
import io.tickertape.signals.prices.SyntheticPriceFiles;
import io.tickertape.signals.tickers.TickerMatch;
import io.tickertape.signals.tickers.TickerResolver;
import io.tickertape.topology.PipelineConfig;
import io.tickertape.topology.dedupe.PostgresSignalLedger;
import io.tickertape.topology.dedupe.SignalLedger;
import io.tickertape.topology.runtime.StreamsSettings;
import io.tickertape.topology.sentiment.RollbackScorers;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.jsoup.Jsoup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"The whole pipeline on one machine, ending by itself: a real local Kafka broker, PostgreSQL",
                "(embedded unless DATABASE_URL is set), the shipped model, the project's sample feeds served locally,",
                "ingestion, the stream topology with a local price source (synthetic daily prices ending today,",
                "quoted live), then the BUY/SELL signals and the digest email (.eml and .html) in --out.",
                "The terminal shows the demo's progress and results; the full log goes to DIR/demo.log (--verbose: both)."})
public final class DemoCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(DemoCommand.class);

    @ParentCommand
    TickertapeCommand parent;

    @Spec
    CommandSpec spec;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "demo-out",
            description = "Where the digest .eml and .html go (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--time-limit", paramLabel = "DURATION", defaultValue = "100s",
            description = "Stop waiting for the pipeline after this long (default: ${DEFAULT-VALUE}).")
    Duration timeLimit;

    @Option(names = "--verbose", description = "Also show every log line on the console (they always go to DIR/demo.log).")
    boolean verbose;

    @Mixin
    DatabaseOptions database;

    @Mixin
    ModelOptions model;

    @Override
    public Integer call() throws Exception {
        Instant started = Instant.now();
        PrintWriter console = spec.commandLine().getOut();
        Files.createDirectories(out);
        Path logFile = out.resolve("demo.log");
        try (DemoLog ignored = DemoLog.divert(logFile, verbose)) {
            step(console, "writing the full log to " + logFile + (verbose ? " (and here: --verbose)" : ""));
            run(console, started);
        }
        console.printf("done in %.1f s%n", Duration.between(started, Instant.now()).toMillis() / 1000.0);
        console.flush();
        return ExitCodes.OK;
    }

    private void run(PrintWriter console, Instant started) throws Exception {
        Path work = Files.createTempDirectory("tickertape-demo");
        Clock clock = Clock.systemUTC();
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Topics topics = Topics.withPrefix("");
        String appId = "tickertape-demo-" + UUID.randomUUID().toString().substring(0, 8);

        step(console, "starting a local Kafka broker (KRaft, separate JVM)");
        try (LocalKafka kafka = LocalKafka.start(work.resolve("kafka"), 0, Duration.ofSeconds(60));
             Database db = openDatabase(console);
             ModelRegistry models = model.load(registry);
             LocalFeedServer feedServer = LocalFeedServer.start(0)) {
            console.printf("  model %s (%s)%n", models.active().version(), models.active().config().modelDir());

            Instant now = clock.instant();
            List<FeedDefinition> feeds = SampleFeeds.serve(feedServer, now, Duration.ofSeconds(30));
            TickerResolver tickers = TickerResolver.loadDefault();
            Path priceDir = work.resolve("prices");
            Map<String, Double> symbols = demoSymbols(tickers, now);
            // Synthetic, clearly labelled demo prices ending today: recorded prices would be months old.
            SyntheticPriceFiles.write(priceDir, symbols, now.atZone(ZoneOffset.UTC).toLocalDate(), 0.001, 150);
            console.printf("  %d sample feeds served at %s; synthetic daily prices for %d tickers%n", feeds.size(),
                    feedServer.uri("/"), symbols.size());

            Properties client = new Properties();
            client.put("bootstrap.servers", kafka.bootstrapServers());
            SignalHistory history = new SignalHistory(db.jdbi(), io.tickertape.signals.history.DedupeSettings.defaults());
            SignalLedger ledger = new PostgresSignalLedger(history);
            try (FilePriceSource prices = new FilePriceSource(List.of(priceDir), clock, FilePriceSource.QuoteTime.CLOCK, "USD", Map.of())) {
                // What differs from run: defaults with small batches, one stream thread, no /ready, no alerts.
                PipelineConfig config = PipelineConfig.defaults(topics).withApplicationId(appId).withBatching(16, Duration.ofMillis(100));
                var parts = new PipelineAppFactory.Parts(RollbackScorers.Kind.MODEL, () -> models, new ScoreCache(10_000),
                        () -> tickers, () -> prices, () -> ledger, null);
                step(console, "starting the stream app (exactly_once_v2)");
                try (PipelineAppFactory.Running running = new PipelineAppFactory(registry, clock).start(config,
                        new StreamsSettings(client, work.resolve("state"), null, 1, 4, (short) 1, "127.0.0.1", -1,
                                Duration.ofSeconds(20)), parts)) {
                    if (!running.app().awaitRunning(Duration.ofSeconds(60))) {
                        throw new IllegalStateException("the stream app did not start: " + running.app().state());
                    }
                    step(console, "ingesting the sample feeds");
                    int published = ingest(console, client, topics, feeds, registry);

                    step(console, "waiting for the topology to process " + published + " articles");
                    Instant deadline = started.plus(timeLimit);
                    awaitProcessed(console, client, appId, topics.articles().name(), published, deadline);
                    List<Signal> signals = readSignals(client, topics.signals(), deadline);
                    awaitRecorded(history, signals, deadline);

                    console.println();
                    console.printf("%d signal(s):%n", signals.size());
                    for (Signal s : signals) {
                        console.println(describe(s));
                    }
                    console.println();
                    printDrops(console, registry);

                    step(console, "writing the digest email");
                    DigestPreview.Files files = DigestPreview.write(signals, new PriceSourceHistory(
                            new FilePriceSource(List.of(priceDir), clock, FilePriceSource.QuoteTime.BAR_CLOSE, "USD", Map.of())), out,
                            // The track record of a fresh database is the honest empty state: nothing has closed yet.
                            new io.tickertape.digest.trackrecord.TrackRecordSection(
                                    new io.tickertape.signals.outcomes.OutcomeStore(db.jdbi()), "SPY"));
                    console.printf("  %s%n  %s%n", files.eml(), files.html());
                }
            }
        }
    }

    private Database openDatabase(PrintWriter console) {
        var settings = database.settings(parent.env(), true);
        step(console, settings.isEmbedded() ? "starting an embedded PostgreSQL 15" : "connecting to " + settings);
        return Database.openMigrated(settings);
    }

    /** Every ticker the sample feeds mention, with a plausible starting price, so each can get a quote. */
    private static Map<String, Double> demoSymbols(TickerResolver tickers, Instant now) {
        Map<String, Double> symbols = new TreeMap<>();
        for (SampleFeeds.Sample sample : SampleFeeds.ALL) {
            String text = Jsoup.parse(SampleFeeds.render(sample, now)).text();
            for (TickerMatch m : tickers.resolve(text, "", sample.tickers())) {
                symbols.putIfAbsent(m.symbol(), 20.0 + Math.floorMod(m.symbol().hashCode(), 400));
            }
            sample.tickers().forEach(t -> symbols.putIfAbsent(t, 20.0 + Math.floorMod(t.hashCode(), 400)));
        }
        return symbols;
    }

    private static int ingest(PrintWriter console, Properties client, Topics topics, List<FeedDefinition> feeds,
                              PrometheusMeterRegistry registry) {
        IngestService ingest = KafkaIngest.create(client, topics.articles(), feeds, IngestSettings.defaults(), registry,
                KafkaIngest.Memory.defaults());
        try (ingest) {
            int published = 0;
            for (PollOutcome o : ingest.pollOnce()) {
                console.printf("  %-22s %-8s %d articles%n", o.feed(), o.status(), o.published());
                published += o.published();
            }
            return published;
        }
    }

    /** Until the app has committed past every published article (bounded by the deadline). */
    private static void awaitProcessed(PrintWriter console, Properties client, String group, String topic, int published, Instant deadline)
            throws Exception {
        try (Admin admin = Admin.create(client)) {
            while (Instant.now().isBefore(deadline)) {
                Map<?, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                        .get(10, TimeUnit.SECONDS);
                long committed = offsets.entrySet().stream()
                        .filter(e -> ((org.apache.kafka.common.TopicPartition) e.getKey()).topic().equals(topic))
                        .mapToLong(e -> e.getValue().offset()).sum();
                if (committed >= published) {
                    return;
                }
                Thread.sleep(200);
            }
            LOG.warn("not every article was processed before the time limit");
            console.println("  not every article was processed before the time limit (--time-limit)");
        }
    }

    private static List<Signal> readSignals(Properties client, Topic<String, Signal> topic, Instant deadline) {
        Properties p = new Properties();
        p.putAll(client);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "tickertape-demo-reader-" + UUID.randomUUID());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        Map<String, Signal> byId = new LinkedHashMap<>();
        try (var consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic.name()));
            // Held candidates are retried every 15 s; the demo's prices are always fresh, so a few polls suffice.
            Instant until = Instant.now().plusSeconds(4).isBefore(deadline) ? Instant.now().plusSeconds(4) : deadline;
            while (Instant.now().isBefore(until)) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(250))) {
                    Signal s = topic.value(r);
                    byId.put(s.signalId(), s);
                }
            }
        }
        List<Signal> signals = new ArrayList<>(byId.values());
        signals.sort((a, b) -> Double.compare(Math.abs(b.score()), Math.abs(a.score())));
        return signals;
    }

    private static void awaitRecorded(SignalHistory history, List<Signal> signals, Instant deadline) throws InterruptedException {
        for (Signal s : signals) {
            while (history.find(s.signalId()).isEmpty() && Instant.now().isBefore(deadline)) {
                Thread.sleep(100);
            }
        }
    }

    static String describe(Signal s) {
        return String.format(Locale.ROOT, "%-4s %-6s %-28.28s score %+.2f (sentiment %+.2f, technical %+.2f) confidence %.2f"
                        + "  price %.2f  entry %.2f  stop %.2f  target %.2f  \"%s\"",
                s.direction(), s.ticker(), s.company() == null ? "" : s.company(), s.score(), s.sentimentScore(),
                s.technicalScore(), s.confidence(), s.price(), s.entry(), s.stop(), s.target(), s.headline())
                + (s.reversalOf() == null ? "" : "  (reverses the earlier opposite call " + s.reversalOf() + ")");
    }

    private static void printDrops(PrintWriter console, PrometheusMeterRegistry registry) {
        var drops = registry.find("tickertape_dropped").counters();
        if (drops.isEmpty()) {
            return;
        }
        console.println("why the other articles made no signal:");
        drops.stream().sorted((a, b) -> Double.compare(b.count(), a.count())).forEach(c -> console.printf(
                "  %-12s %-24s %3.0f%n", c.getId().getTag("stage"), c.getId().getTag("reason"), c.count()));
    }

    private static void step(PrintWriter console, String what) {
        console.println("» " + what);
        console.flush();
    }
}
