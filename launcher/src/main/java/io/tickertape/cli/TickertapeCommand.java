package io.tickertape.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "tickertape",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {"News-sentiment signal pipeline: feeds -> Kafka -> FinBERT -> tickers, prices, technicals -> signals -> daily digest.",
                "Every --long-option can also be set as TICKERTAPE_LONG_OPTION; KAFKA_* variables become Kafka client properties."})
public final class TickertapeCommand implements Callable<Integer> {

    /**
     * The subcommands, in help order. Added by {@link Main#commandLine(Map, String...)}: building picocli's model of
     * all of them costs ~0.3 s of start-up, so a command line that names one builds only that one.
     */
    static final List<Class<?>> SUBCOMMANDS = List.of(
            BacktestCommand.class,
            BrokerCommand.class,
            DemoCommand.class,
            DigestCommand.class,
            EvaluateCommand.class,
            ExperimentsCommand.class,
            FeedsCommand.class,
            IngestCommand.class,
            MigrateCommand.class,
            OutcomesCommand.class,
            ReplayCommand.class,
            RunCommand.class,
            ScoreCommand.class,
            TickersCommand.class,
            TopicsCommand.class,
            WebCommand.class);

    private final Map<String, String> env;

    /** Applied by {@link Main#main} before logback starts ({@link LogFormat}); declared here for help and checking. */
    @Option(names = LogFormat.OPTION, scope = ScopeType.INHERIT, paramLabel = "auto|json|text", defaultValue = "auto",
            description = "Logs on stderr: json (one JSON object per line), text (one readable line per event) or auto:"
                    + " text when stderr is a terminal, else json.")
    LogFormat logFormat;

    @Spec
    CommandSpec spec;

    public TickertapeCommand(Map<String, String> env) {
        this.env = env;
    }

    public Map<String, String> env() {
        return env;
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return ExitCodes.USAGE;
    }
}
