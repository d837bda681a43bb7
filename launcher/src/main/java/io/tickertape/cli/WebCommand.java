package io.tickertape.cli;

import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tickertape.finbert.ModelConfig;
import io.tickertape.finbert.ModelLocator;
import io.tickertape.finbert.SentimentModel;
import io.tickertape.finbert.SentimentModelException;
import io.tickertape.migrations.Database;
import io.tickertape.migrations.DatabaseSettings;
import io.tickertape.web.WebService;
import io.tickertape.web.WebSettings;
import io.tickertape.web.api.SentimentScoring;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

@Command(name = "web", mixinStandardHelpOptions = true,
        description = {"Serve signal pages, the JSON and scoring API and one-click unsubscribe:",
                "  /signals, /signals/{id}, /api/signals, /api/signals/{id}, /api/score, /api/model,",
                "  /api/openapi.json, /unsubscribe?token=T (GET shows a button, POST unsubscribes),",
                "  /health, /ready, /metrics.",
                "It reads signals and marks recipients unsubscribed, and never migrates a real database",
                "(its role should not be able to; run 'migrate' first). --embedded-database migrates its own.",
                "Exit codes: 0 stopped, 1 failed, 2 usage."})
public final class WebCommand implements Callable<Integer> {

    @ParentCommand
    TickertapeCommand parent;

    @Spec
    CommandSpec spec;

    @Mixin
    DatabaseOptions database;

    @Option(names = {"--port", "--web-port"}, paramLabel = "PORT", defaultValue = "8090",
            description = "HTTP port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = {"--host", "--web-host"}, paramLabel = "HOST", defaultValue = "0.0.0.0",
            description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--score", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Load the model and serve /api/score; --no-score answers it with 503 (default: ${DEFAULT-VALUE}).")
    boolean score;

    @Option(names = "--model", paramLabel = "DIR",
            description = "Model directory (TorchScript + tokenizer.json + model.json or config.json). Default: the shipped model.")
    Path model;

    @Option(names = "--model-threads", paramLabel = "N", defaultValue = "1",
            description = "Intra-op threads per predictor (default: ${DEFAULT-VALUE}).")
    int modelThreads;

    @Option(names = "--score-predictors", paramLabel = "N", defaultValue = "1",
            description = "Predictors /api/score requests share; a request waits up to 2 s for one, then gets 503 (default: ${DEFAULT-VALUE}).")
    int predictors;

    @Option(names = "--rate-limit", paramLabel = "N", defaultValue = "120",
            description = "API and unsubscribe requests per client per minute before 429 (default: ${DEFAULT-VALUE}).")
    int rateLimit;

    @Option(names = "--rate-burst", paramLabel = "N", defaultValue = "20",
            description = "Requests a client may make at once before --rate-limit applies (default: ${DEFAULT-VALUE}).")
    int rateBurst;

    @Option(names = "--trust-forwarded-for",
            description = "Rate-limit by the last X-Forwarded-For address (only behind a load balancer that sets it).")
    boolean trustForwardedFor;

    @Override
    public Integer call() throws Exception {
        if (port < 1 || port > 65_535) {
            throw new UsageException("--port must be in 1..65535");
        }
        if (rateLimit < 1 || rateBurst < 1) {
            throw new UsageException("--rate-limit and --rate-burst must be positive");
        }
        if (predictors < 1 || predictors > 16 || modelThreads < 1 || modelThreads > 64) {
            throw new UsageException("--score-predictors must be in 1..16 and --model-threads in 1..64");
        }
        WebSettings settings = WebSettings.defaults(port).withHost(host).withRate(rateLimit, rateBurst)
                .withTrustForwardedFor(trustForwardedFor);
        DatabaseSettings dbSettings = database.settings(parent.env());
        PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(meters);
        try (Database db = Database.open(dbSettings); SentimentScoring scoring = score ? loadModel() : null) {
            if (dbSettings.isEmbedded()) {
                db.migrate(); // a throwaway database has no schema yet; a real one is migrated by 'migrate'
            }
            CountDownLatch stopped = new CountDownLatch(1);
            try (WebService web = WebService.start(settings, db.jdbi(), scoring, meters)) {
                Thread hook = new Thread(stopped::countDown, "web-shutdown");
                Runtime.getRuntime().addShutdownHook(hook);
                spec.commandLine().getOut().printf("{\"web\":\"http://%s:%d/\",\"model\":%s}%n", DigestCommand.json(host),
                        web.port(), scoring == null ? "null" : "\"" + DigestCommand.json(scoring.version()) + "\"");
                spec.commandLine().getOut().flush();
                stopped.await();
            }
        }
        return ExitCodes.OK;
    }

    private SentimentScoring loadModel() {
        Path dir = model != null ? model : ModelLocator.defaultModelDir(parent.env());
        try {
            return new SentimentScoring(SentimentModel.load(ModelConfig.defaults(dir).withThreads(modelThreads)),
                    predictors, Duration.ofSeconds(2));
        } catch (SentimentModelException e) {
            throw new UsageException(e.getMessage(), e);
        }
    }
}
