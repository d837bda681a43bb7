package io.tickertape.cli;

import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tickertape.finbert.ScoreCache;
import io.tickertape.finbert.registry.ModelRegistry;
import io.tickertape.migrations.Database;
import io.tickertape.signals.history.SignalHistory;
import io.tickertape.signals.prices.PriceSource;
import io.tickertape.signals.technicals.TechnicalAnalyzer;
import io.tickertape.signals.tickers.TickerResolver;
import io.tickertape.topology.PipelineConfig;
import io.tickertape.topology.PipelineServices;
import io.tickertape.topology.dedupe.PostgresSignalLedger;
import io.tickertape.topology.projection.SignalSubscriber;
import io.tickertape.topology.runtime.StreamsApp;
import io.tickertape.topology.runtime.StreamsSettings;
import io.tickertape.topology.sentiment.FinbertScorers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run the stream app (the ECS service): news.articles -> sentiment -> tickers -> prices and technicals",
                "-> fusion -> 7-day dedupe -> signals, exactly once. Serves /health, /ready and /metrics.",
                "Stops gracefully on SIGTERM (commit, leave the group) within --shutdown-timeout."})
public final class RunCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

    @ParentCommand
    TickertapeCommand parent;

    @Spec
    CommandSpec spec;

    @Mixin
    KafkaOptions kafka;

    @Mixin
    DatabaseOptions database;

    @Mixin
    ModelOptions model;

    @Mixin
    PipelineOptions pipeline;

    @Mixin
    PriceOptions prices;

    @Mixin
    AlertOptions alerts;

    @Option(names = "--instance-id", paramLabel = "ID",
            description = "Static group membership id (stable per instance, e.g. an ECS task slot). Unset: dynamic membership.")
    String instanceId;

    @Option(names = "--state-dir", paramLabel = "DIR", defaultValue = "${java.io.tmpdir}/tickertape-streams",
            description = "Local state (restored from changelogs when lost) (default: ${DEFAULT-VALUE}).")
    Path stateDir;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "1",
            description = "Stream threads; each has its own model predictor (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--ops-host", paramLabel = "HOST", defaultValue = "0.0.0.0",
            description = "Bind address of /health, /ready and /metrics (default: ${DEFAULT-VALUE}).")
    String opsHost;

    @Option(names = "--ops-port", paramLabel = "PORT", defaultValue = "8080",
            description = "Port of /health, /ready and /metrics; -1 turns it off (default: ${DEFAULT-VALUE}).")
    int opsPort;

    @Option(names = "--shutdown-timeout", paramLabel = "DURATION", defaultValue = "25s",
            description = "Graceful stop budget; keep it below the ECS stopTimeout (default: ${DEFAULT-VALUE}).")
    Duration shutdownTimeout;

    @Option(names = "--retention", paramLabel = "DURATION", defaultValue = "400d",
            description = "signal_history rows older than this are purged daily (default: ${DEFAULT-VALUE}).")
    Duration retention;

    @Override
    public Integer call() throws Exception {
        if (opsPort < -1 || opsPort > 65535) {
            throw new UsageException("--ops-port must be -1 (off) or 0..65535");
        }
        if (retention.compareTo(pipeline.dedupeWindow) <= 0) {
            throw new UsageException("--retention must be longer than --dedupe-window");
        }
        var env = parent.env();
        PipelineConfig config = pipeline.config(kafka.topics());
        StreamsSettings settings;
        try {
            settings = new StreamsSettings(kafka.clientProperties(env), stateDir, instanceId, threads, kafka.partitions(),
                    kafka.replication(), opsHost, opsPort, shutdownTimeout);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }

        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        Clock clock = Clock.systemUTC();

        // Database + schema, model, company table and price source are independent: load them side by side so the
        // app reaches RUNNING sooner (they are most of the start-up time).
        Database db;
        ModelRegistry models;
        TickerResolver tickers;
        try (var boot = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<Database> dbF = boot.submit(() -> {
                Database d = Database.open(database.settings(env));
                try {
                    d.migrate();
                } catch (RuntimeException e) {
                    d.close();
                    throw e;
                }
                return d;
            });
            Future<ModelRegistry> modelsF = boot.submit(() -> model.load(registry));
            Future<TickerResolver> tickersF = boot.submit(TickerResolver::loadDefault);
            db = await(dbF, List.of(modelsF));
            models = await(modelsF, List.of(dbF));
            tickers = await(tickersF, List.of(dbF, modelsF));
        }
        SignalHistory history = new SignalHistory(db.jdbi(), pipeline.dedupe());
        ScoreCache cache = new ScoreCache(100_000).bindTo(registry, "sentiment");
        PriceSource priceSource = prices.open(clock, registry);
        AlertOptions.Opened opened = alerts.open(db, env, clock, registry);
        SignalSubscriber subscriber = opened == null ? null : opened.subscriber();

        PipelineServices services = new PipelineServices(FinbertScorers.of(models, cache), tickers,
                priceSource, new TechnicalAnalyzer(), new PostgresSignalLedger(history), subscriber, registry, clock);
        StreamsApp app = StreamsApp.start(config, services, settings, registry);

        ScheduledExecutorService housekeeping = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "signal-history-purge");
            t.setDaemon(true);
            return t;
        });
        housekeeping.scheduleAtFixedRate(() -> {
            try {
                int purged = history.purgeOlderThan(clock.instant().minus(retention));
                LOG.info("purged {} signal_history rows older than {}", purged, retention);
            } catch (RuntimeException e) {
                LOG.warn("signal_history purge failed: {}", e.getMessage());
            }
        }, 1, 24 * 60, TimeUnit.MINUTES);

        Runnable shutdown = () -> {
            LOG.info("stopping (graceful, up to {})", shutdownTimeout);
            housekeeping.shutdownNow();
            app.close();
            closeQuietly(opened);
            closeQuietly(priceSource);
            closeQuietly(models);
            db.close();
            LOG.info("stopped");
        };
        Thread hook = new Thread(shutdown, "graceful-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        app.awaitStop();
        if (app.state() == org.apache.kafka.streams.KafkaStreams.State.ERROR) {
            LOG.error("stream app stopped with an error");
            Runtime.getRuntime().removeShutdownHook(hook);
            shutdown.run();
            return ExitCodes.FAILURE;
        }
        return ExitCodes.OK;
    }

    /** The future's value; on failure the other start-up results are closed and the cause is rethrown. */
    private static <T> T await(Future<T> future, List<Future<? extends AutoCloseable>> others) throws Exception {
        try {
            return future.get();
        } catch (ExecutionException e) {
            for (Future<? extends AutoCloseable> other : others) {
                try {
                    closeQuietly(other.get());
                } catch (ExecutionException | InterruptedException ignored) {
                    // that one failed too; nothing to close
                }
            }
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception e) {
            LOG.warn("close failed: {}", e.getMessage());
        }
    }
}
