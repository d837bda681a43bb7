package io.tickertape.cli;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tickertape.events.topics.TopicProvisioner;
import io.tickertape.ingest.IngestService;
import io.tickertape.ingest.IngestSettings;
import io.tickertape.ingest.KafkaIngest;
import io.tickertape.ingest.feeds.Durations;
import io.tickertape.ingest.feeds.FeedDefinition;
import io.tickertape.ingest.feeds.FeedRegistry;
import io.tickertape.ingest.feeds.PollOutcome;
import io.tickertape.ingest.fetch.FetchLimits;
import io.tickertape.ingest.publishing.ArticlePublisher;
import io.tickertape.ingest.publishing.JsonLinesPublisher;
import io.tickertape.ingest.publishing.SeenIds;
import io.tickertape.ingest.registry.FeedTopic;
import io.tickertape.ingest.sharing.SharedIngest;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

@Command(name = "ingest", mixinStandardHelpOptions = true,
        description = {"Poll RSS/Atom feeds and publish each new article once to news.articles.",
                "Continuous by default: the instance joins the group of ingest instances sharing the feeds of news.feeds",
                "(seeded on first start with --feeds-file or the default list; manage it with 'tickertape feeds') and polls",
                "its share. --feed polls a fixed list instead, alone. --once polls every feed once. --dry-run prints one JSON line per article to stdout",
                "instead of publishing. Failed feeds get a one-line error on stderr. Exit codes: 0 if at least one feed",
                "worked, 1 if all failed, 2 on a usage error."})
public final class IngestCommand implements Callable<Integer> {

    @ParentCommand
    TickertapeCommand parent;

    @Spec
    CommandSpec spec;

    @Mixin
    KafkaOptions kafka;

    @Option(names = "--feed", paramLabel = "URL_OR_FILE", arity = "1..*",
            description = "Poll these feeds (http(s) URLs or local files) instead of the feed list.")
    List<String> feeds = new ArrayList<>();

    @Option(names = "--feeds-file", paramLabel = "FILE",
            description = "YAML or JSON feed list: seeds news.feeds on the first start, or the list polled by --once and --dry-run "
                    + "(default: the built-in list of financial feeds, see ingest/README.md).")
    Path feedsFile;

    @Option(names = "--once", description = "Poll every feed once, then exit.")
    boolean once;

    @Option(names = "--dry-run", description = "Print articles as JSON lines on stdout; do not touch Kafka.")
    boolean dryRun;

    @Option(names = "--interval", paramLabel = "DURATION", defaultValue = "60s",
            description = "Poll interval: of --feed feeds (ingest), of the feed added (feeds add) (default: ${DEFAULT-VALUE}).")
    String interval;

    @Option(names = "--max-concurrency", paramLabel = "N", defaultValue = "8",
            description = "Feeds fetched at once (default: ${DEFAULT-VALUE}).")
    int maxConcurrency;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "20s",
            description = "Deadline for one fetch, redirects and body included (default: ${DEFAULT-VALUE}).")
    String timeout;

    @Option(names = "--max-body-mb", paramLabel = "MB", defaultValue = "10",
            description = "Largest feed body accepted, in MiB, before and after gzip (default: ${DEFAULT-VALUE}).")
    int maxBodyMb;

    @Option(names = "--user-agent", paramLabel = "TEXT",
            description = "User-Agent for every request; SEC EDGAR asks for a contact, e.g. 'tickertape ops@example.com'.")
    String userAgent;

    @Option(names = "--lookback", paramLabel = "DURATION", defaultValue = "72h",
            description = "Ids published this far back are read from Kafka on start, so a restart does not republish; "
                    + "older articles are not published (default: ${DEFAULT-VALUE}).")
    String lookback;

    @Option(names = "--group-id", paramLabel = "ID", defaultValue = "tickertape-ingest",
            description = "Consumer group of the ingest instances that share news.feeds, after --topic-prefix (default: ${DEFAULT-VALUE}).")
    String groupId;

    @Option(names = "--session-timeout", paramLabel = "DURATION", defaultValue = "10s",
            description = "A crashed instance's feeds move to the others after this long, 6s..5m (default: ${DEFAULT-VALUE}).")
    String sessionTimeout;

    @Option(names = "--metrics-port", paramLabel = "PORT", defaultValue = "0",
            description = "Serve Prometheus metrics on http://0.0.0.0:PORT/metrics while running (default: off).")
    int metricsPort;

    @Override
    public Integer call() throws Exception {
        IngestSettings settings = settings();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        MeterRegistry registry = metricsPort > 0 ? new PrometheusMeterRegistry(PrometheusConfig.DEFAULT) : new SimpleMeterRegistry();
        HttpServer metrics = metricsPort > 0 ? serveMetrics((PrometheusMeterRegistry) registry) : null;
        try {
            if (!dryRun && !once && feeds.isEmpty()) {
                return runShared(settings, registry);
            }
            List<FeedDefinition> definitions = definitions();
            IngestService service;
            if (dryRun) {
                ArticlePublisher printer = new JsonLinesPublisher(out);
                service = new IngestService(definitions, printer, SeenIds.inMemory(), registry, settings.withMaxArticleAge(null));
            } else {
                Properties props = kafka.clientProperties(parent.env());
                provisionTopics(props);
                Duration window = duration("--lookback", lookback);
                KafkaIngest.Memory memory = new KafkaIngest.Memory(window, 1_000_000, Duration.ofSeconds(60), SeenIds.DEFAULT_MAX_IDS);
                if (feeds.isEmpty() && feedsFile == null) { // --once: what the registry holds now
                    definitions = registeredFeeds(props);
                }
                service = KafkaIngest.create(props, kafka.topics().articles(), definitions, settings.withMaxArticleAge(window), registry, memory);
            }
            return once ? runOnce(service, definitions, out, err) : runContinuously(service);
        } finally {
            if (metrics != null) {
                metrics.stop(0);
            }
        }
    }

    /**
     * One of the instances sharing news.feeds: seeds it on the first start, joins the group, polls its share until
     * SIGTERM/SIGINT (then gives its feeds up and leaves, so the others take them at once).
     */
    private int runShared(IngestSettings settings, MeterRegistry registry) throws InterruptedException {
        List<FeedDefinition> seed = definitions(); // checked before anything connects, so a bad file is a usage error
        SharedIngest.Settings sharing;
        try {
            // Prefixed like the topics, so two environments on one cluster are two groups.
            sharing = SharedIngest.Settings.defaults().withGroupId(kafka.topics().prefix() + groupId.strip())
                    .withSessionTimeout(duration("--session-timeout", sessionTimeout));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--session-timeout: " + e.getMessage(), e);
        }
        Properties props = kafka.clientProperties(parent.env());
        provisionTopics(props);
        new FeedTopic(props, kafka.topics().feeds(), Duration.ofSeconds(30)).seedIfNeverWritten(seed, Clock.systemUTC());
        Duration window = duration("--lookback", lookback);
        KafkaIngest.Memory memory = new KafkaIngest.Memory(window, 1_000_000, Duration.ofSeconds(60), SeenIds.DEFAULT_MAX_IDS);
        SharedIngest ingest = SharedIngest.start(props, kafka.topics().articles(), kafka.topics().feeds(), settings.withMaxArticleAge(window),
                memory, sharing, registry, Clock.systemUTC());
        Thread hook = new Thread(ingest::close, "ingest-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        ingest.awaitStopped(Duration.ofDays(365_000));
        if (ingest.failure() != null) {
            Runtime.getRuntime().removeShutdownHook(hook);
            ingest.close();
            throw new IllegalStateException("ingest stopped: " + Main.oneLine(String.valueOf(ingest.failure().getMessage())), ingest.failure());
        }
        return ExitCodes.OK;
    }

    private List<FeedDefinition> registeredFeeds(Properties props) {
        FeedTopic topic = new FeedTopic(props, kafka.topics().feeds(), Duration.ofSeconds(30));
        topic.seedIfNeverWritten(FeedRegistry.defaults().enabled(), Clock.systemUTC());
        List<FeedDefinition> out = new ArrayList<>();
        for (var entry : topic.list().values()) {
            try {
                FeedDefinition f = FeedDefinition.fromEntry(entry);
                if (f.enabled()) {
                    out.add(f);
                }
            } catch (IllegalArgumentException e) {
                spec.commandLine().getErr().println("ingest: " + entry.id() + ": " + Main.oneLine(e.getMessage()));
            }
        }
        if (out.isEmpty()) {
            throw new UsageException("no enabled feeds in " + kafka.topics().feeds().name());
        }
        return out;
    }

    private int runOnce(IngestService service, List<FeedDefinition> definitions, PrintWriter out, PrintWriter err) {
        List<PollOutcome> outcomes;
        try (service) {
            outcomes = service.pollOnce();
        }
        out.flush();
        int worked = 0;
        for (int i = 0; i < outcomes.size(); i++) {
            PollOutcome o = outcomes.get(i);
            if (o.worked()) {
                worked++;
                if (!dryRun) {
                    out.printf("{\"feed\":\"%s\",\"status\":\"%s\",\"articles\":%d,\"published\":%d}%n",
                            o.feed(), o.status().name().toLowerCase(Locale.ROOT), o.found(), o.published());
                }
            } else {
                err.println("ingest: " + o.feed() + " (" + definitions.get(i).url() + "): " + Main.oneLine(o.message()));
            }
        }
        out.flush();
        err.flush();
        return worked > 0 ? ExitCodes.OK : ExitCodes.FAILURE;
    }

    /** Runs until SIGTERM/SIGINT; the shutdown hook stops polling, waits for running polls and flushes the producer. */
    private int runContinuously(IngestService service) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            service.close();
            stopped.countDown();
        }, "ingest-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        service.start();
        stopped.await();
        return ExitCodes.OK;
    }

    private IngestSettings settings() {
        if (maxConcurrency < 1 || maxConcurrency > 1000) {
            throw new UsageException("--max-concurrency must be within 1..1000");
        }
        if (maxBodyMb < 1 || maxBodyMb > 1024) {
            throw new UsageException("--max-body-mb must be within 1..1024");
        }
        FetchLimits limits = FetchLimits.defaults().withTimeout(duration("--timeout", timeout)).withMaxBodyBytes(maxBodyMb * 1024L * 1024L);
        if (userAgent != null && !userAgent.isBlank()) {
            try {
                limits = limits.withUserAgent(userAgent.strip());
            } catch (IllegalArgumentException e) {
                throw new UsageException("--user-agent: " + e.getMessage());
            }
        }
        return IngestSettings.defaults().withFetch(limits).withMaxConcurrentPolls(maxConcurrency);
    }

    private List<FeedDefinition> definitions() {
        if (!feeds.isEmpty() && feedsFile != null) {
            throw new UsageException("use either --feed or --feeds-file, not both");
        }
        if (!feeds.isEmpty()) {
            Duration every = duration("--interval", interval);
            List<FeedDefinition> out = new ArrayList<>();
            Set<String> names = new HashSet<>();
            for (String feed : feeds) {
                URI uri = toUri(feed);
                String name = uniqueName(nameFor(uri), names);
                try {
                    out.add(new FeedDefinition(name, uri, every, true, List.of()));
                } catch (IllegalArgumentException e) {
                    throw new UsageException("--feed " + feed + ": " + e.getMessage());
                }
            }
            return out;
        }
        FeedRegistry registry;
        if (feedsFile != null) {
            try {
                registry = FeedRegistry.load(feedsFile);
            } catch (NoSuchFileException e) {
                throw new UsageException("--feeds-file: no such file: " + feedsFile);
            } catch (IOException e) {
                throw new UsageException("--feeds-file: cannot read " + feedsFile + ": " + e.getMessage());
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
        } else {
            registry = FeedRegistry.defaults();
        }
        if (registry.enabled().isEmpty()) {
            throw new UsageException("no enabled feeds in " + (feedsFile != null ? feedsFile : "the default feed list"));
        }
        return registry.enabled();
    }

    /** http(s) URLs as they are; anything else is a local file (which need not exist yet: that is the feed's failure). */
    static URI toUri(String feed) {
        String f = feed.strip();
        if (f.isEmpty()) {
            throw new UsageException("--feed needs a URL or a file");
        }
        if (f.matches("(?i)^[a-z][a-z0-9+.-]*://.*")) {
            try {
                URI uri = new URI(f);
                String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
                if (!scheme.equals("http") && !scheme.equals("https") && !scheme.equals("file")) {
                    throw new UsageException("--feed must be an http(s) URL or a file: " + f);
                }
                return uri;
            } catch (URISyntaxException e) {
                throw new UsageException("--feed: not a valid URL: " + f);
            }
        }
        return Path.of(f).toAbsolutePath().normalize().toUri();
    }

    static String nameFor(URI uri) {
        String base = uri.getScheme().equalsIgnoreCase("file")
                ? Path.of(uri).getFileName().toString().replaceFirst("\\.(xml|rss|atom|gz)$", "")
                : uri.getHost() + (uri.getPath() == null ? "" : uri.getPath());
        String name = base.replaceAll("[^A-Za-z0-9._:-]+", "-").replaceAll("^[^A-Za-z0-9]+", "").replaceAll("-+$", "");
        if (name.isEmpty()) {
            name = "feed";
        }
        return name.length() > 56 ? name.substring(0, 56) : name;
    }

    private static String uniqueName(String name, Set<String> taken) {
        String candidate = name;
        for (int i = 2; !taken.add(candidate); i++) {
            candidate = name + "-" + i;
        }
        return candidate;
    }

    private static Duration duration(String option, String text) {
        try {
            Duration d = Durations.parse(text);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("must be positive");
            }
            return d;
        } catch (IllegalArgumentException e) {
            throw new UsageException(option + ": " + e.getMessage());
        }
    }

    private void provisionTopics(Properties clientProps) {
        Properties props = new Properties();
        props.putAll(clientProps);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 15_000);
        try (Admin admin = Admin.create(props)) {
            TopicProvisioner.ensure(admin, kafka.topics(), kafka.partitions(), kafka.replication(), Duration.ofSeconds(30));
        }
    }

    private HttpServer serveMetrics(PrometheusMeterRegistry registry) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(metricsPort), 16);
        server.createContext("/metrics", exchange -> {
            byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream os = exchange.getResponseBody()) {
                os.write(body);
            }
        });
        server.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        server.start();
        return server;
    }
}
