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
                "Continuous by default; --once polls every feed once. --dry-run prints one JSON line per article to stdout",
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
            description = "YAML or JSON feed list (default: the built-in list of financial feeds, see ingest/README.md).")
    Path feedsFile;

    @Option(names = "--once", description = "Poll every feed once, then exit.")
    boolean once;

    @Option(names = "--dry-run", description = "Print articles as JSON lines on stdout; do not touch Kafka.")
    boolean dryRun;

    @Option(names = "--interval", paramLabel = "DURATION", defaultValue = "60s",
            description = "Poll interval for --feed feeds (default: ${DEFAULT-VALUE}).")
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

    @Option(names = "--metrics-port", paramLabel = "PORT", defaultValue = "0",
            description = "Serve Prometheus metrics on http://0.0.0.0:PORT/metrics while running (default: off).")
    int metricsPort;

    @Override
    public Integer call() throws Exception {
        List<FeedDefinition> definitions = definitions();
        IngestSettings settings = settings();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        MeterRegistry registry = metricsPort > 0 ? new PrometheusMeterRegistry(PrometheusConfig.DEFAULT) : new SimpleMeterRegistry();
        HttpServer metrics = metricsPort > 0 ? serveMetrics((PrometheusMeterRegistry) registry) : null;
        try {
            IngestService service;
            if (dryRun) {
                ArticlePublisher printer = new JsonLinesPublisher(out);
                service = new IngestService(definitions, printer, SeenIds.inMemory(), registry, settings.withMaxArticleAge(null));
            } else {
                Properties props = kafka.clientProperties(parent.env());
                provisionTopics(props);
                Duration window = duration("--lookback", lookback);
                KafkaIngest.Memory memory = new KafkaIngest.Memory(window, 1_000_000, Duration.ofSeconds(60), SeenIds.DEFAULT_MAX_IDS);
                service = KafkaIngest.create(props, kafka.topics().articles(), definitions, settings.withMaxArticleAge(window), registry, memory);
            }
            return once ? runOnce(service, definitions, out, err) : runContinuously(service);
        } finally {
            if (metrics != null) {
                metrics.stop(0);
            }
        }
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
    private static URI toUri(String feed) {
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

    private static String nameFor(URI uri) {
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
