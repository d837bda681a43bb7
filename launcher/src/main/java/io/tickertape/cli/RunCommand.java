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
import io.tickertape.signals.tickers.TickerResolver;
import io.tickertape.topology.PipelineConfig;
import io.tickertape.topology.dedupe.PostgresSignalLedger;
import io.tickertape.topology.sentiment.RollbackScorers;
import io.tickertape.topology.dedupe.SignalLedger;
import io.tickertape.topology.runtime.StreamsSettings;
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
import java.util.concurrent.ExecutorService;
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

    @Option(names = "--threads", paramLabel = "N", defaultValue = "0",
            description = "Stream threads; each has its own model predictor. 0 (default): one per available CPU, at most 8.")
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
        LOG.info("starting ({} ms after JVM start)", java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime());
        if (opsPort < -1 || opsPort > 65535) {
            throw new UsageException("--ops-port must be -1 (off) or 0..65535");
        }
        if (retention.compareTo(pipeline.dedupeWindow) <= 0) {
            throw new UsageException("--retention must be longer than --dedupe-window");
        }
        var env = parent.env();
        PipelineConfig config = pipeline.config(kafka.topics());
        if (config.plan().usesChallenger() && model.shadowModel == null) {
            throw new UsageException("an arm decides @challenger: give the challenger model with --shadow-model DIR");
        }
        StreamsSettings settings;
        try {
            // One single-threaded predictor per CPU beats one predictor with N intra-op threads (docs/BENCHMARKS.md).
            int streamThreads = threads == 0 ? Math.min(8, Runtime.getRuntime().availableProcessors()) : threads;
            settings = new StreamsSettings(kafka.clientProperties(env), stateDir, instanceId, streamThreads, kafka.partitions(),
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

        // Database + schema, model and company table load side by side while Kafka Streams joins its group: the
        // processors ask for them when their tasks start (Deferred), so start-up costs the longer of the two, not
        // their sum. A load that fails stops the app before anything is processed.
        var databaseSettings = database.settings(env); // a missing DATABASE_URL is a usage error before anything starts
        ExecutorService boot = Executors.newVirtualThreadPerTaskExecutor();
        Deferred<Database> db = Deferred.submit(boot, "database", () -> Database.openMigrated(databaseSettings));
        RollbackScorers.Kind scorer = pipeline.scorer;
        // The rollback scorers load no model: the switch works even when the model directory is what broke.
        Deferred<ModelRegistry> models = Deferred.submit(boot, "sentiment model",
                () -> scorer == RollbackScorers.Kind.MODEL ? model.load(registry) : null);
        LOG.info("sentiment scorer {}{}, {}", scorer.label(),
                scorer == RollbackScorers.Kind.MODEL ? "" : " (rollback: no model loaded)", config.plan().describe());
        io.micrometer.core.instrument.Gauge.builder("tickertape_scorer_info", () -> 1)
                .description("The sentiment scorer and signal strategy this instance runs with")
                .tag("scorer", scorer.label()).tag("plan", config.plan().describe()).register(registry);
        Deferred<TickerResolver> tickers = Deferred.submit(boot, "company table", TickerResolver::loadDefault);
        Deferred<SignalHistory> history = Deferred.submit(boot, "signal history",
                () -> new SignalHistory(db.get().jdbi(), pipeline.dedupe()));
        Deferred<SignalLedger> ledger = Deferred.submit(boot, "signal ledger", () -> new PostgresSignalLedger(history.get()));
        Deferred<AlertOptions.Opened> alertsOpened = Deferred.submit(boot, "alerts", () -> alerts.open(db.get(), env, clock, registry));
        Deferred<PriceSource> priceLoad = Deferred.submit(boot, "price source", () -> prices.open(clock, registry));
        boot.shutdown();
        ScoreCache cache = new ScoreCache(100_000).bindTo(registry, "sentiment");
        var parts = new PipelineAppFactory.Parts(scorer, models::get, cache, tickers::get, priceLoad::get, ledger::get, () -> {
            AlertOptions.Opened opened = alertsOpened.get();
            return opened == null ? null : opened.subscriber();
        });
        PipelineAppFactory.Running running;
        try {
            running = new PipelineAppFactory(registry, clock).start(config, settings, parts);
        } catch (RuntimeException e) {
            Deferred.closeAll(List.of(alertsOpened, priceLoad, models, db));
            throw e;
        }
        try {
            Deferred.awaitAll(List.of(db, models, tickers, history, ledger, alertsOpened, priceLoad));
        } catch (Exception e) {
            running.close();
            Deferred.closeAll(List.of(alertsOpened, priceLoad, models, db));
            throw e;
        }
        AlertOptions.Opened opened = alertsOpened.get();

        ScheduledExecutorService housekeeping = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "signal-history-purge");
            t.setDaemon(true);
            return t;
        });
        housekeeping.scheduleAtFixedRate(() -> {
            try {
                int purged = history.get().purgeOlderThan(clock.instant().minus(retention));
                LOG.info("purged {} signal_history rows older than {}", purged, retention);
            } catch (RuntimeException e) {
                LOG.warn("signal_history purge failed: {}", e.getMessage());
            }
        }, 1, 24 * 60, TimeUnit.MINUTES);

        Runnable shutdown = () -> {
            LOG.info("stopping (graceful, up to {})", shutdownTimeout);
            housekeeping.shutdownNow();
            running.close();
            closeQuietly(opened);
            closeQuietly(priceLoad.get());
            closeQuietly(models.get());
            db.get().close();
            LOG.info("stopped");
        };
        Thread hook = new Thread(shutdown, "graceful-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        running.app().awaitStop();
        if (running.app().state() == org.apache.kafka.streams.KafkaStreams.State.ERROR) {
            LOG.error("stream app stopped with an error");
            Runtime.getRuntime().removeShutdownHook(hook);
            shutdown.run();
            return ExitCodes.FAILURE;
        }
        return ExitCodes.OK;
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
