package io.tickertape.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tickertape.migrations.Database;
import io.tickertape.signals.experiments.ExperimentReport;
import io.tickertape.signals.outcomes.OutcomeStore;
import io.tickertape.signals.outcomes.TrackRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "experiments", mixinStandardHelpOptions = true, subcommands = ExperimentsCommand.Report.class,
        description = "Experiments started with `run --experiment NAME --arms ...`: report.")
public final class ExperimentsCommand implements Callable<Integer> {

    @ParentCommand
    TickertapeCommand parent;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return ExitCodes.USAGE;
    }

    @Command(name = "report", mixinStandardHelpOptions = true,
            description = {"Outcomes per arm (run `outcomes update` first), and each arm against the control:",
                    "the hit-rate difference with a 95 % Newcombe interval and a two-proportion z-test, or 'too few to tell'."})
    static final class Report implements Callable<Integer> {
        @ParentCommand
        ExperimentsCommand experiments;
        @Spec
        CommandSpec spec;
        @Mixin
        DatabaseOptions database;
        @Parameters(paramLabel = "NAME", description = "The experiment's name, as given to run --experiment.")
        String name;
        @Option(names = "--since", paramLabel = "DATE", description = "Signals made on or after this UTC date (default: 365 days ago).")
        String since;
        @Option(names = "--horizon", paramLabel = "SESSIONS", defaultValue = "5",
                description = "Which return decides a hit: 1, 5 or 20 sessions (default: ${DEFAULT-VALUE}).")
        int horizon;
        @Option(names = "--control", paramLabel = "ARM", description = "The arm the others are compared with (default: the first live arm by name).")
        String control;
        @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table", description = "table or json (default: ${DEFAULT-VALUE}).")
        String format;

        @Override
        public Integer call() throws Exception {
            if (horizon != 1 && horizon != 5 && horizon != 20) {
                throw new UsageException("--horizon must be 1, 5 or 20");
            }
            String fmt = format.toLowerCase(Locale.ROOT);
            if (!fmt.equals("table") && !fmt.equals("json")) {
                throw new UsageException("--format must be table or json");
            }
            String experiment = name.strip().toLowerCase(Locale.ROOT);
            Instant from;
            try {
                from = since == null ? Instant.now().minus(Duration.ofDays(365))
                        : LocalDate.parse(since).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException e) {
                throw new UsageException("--since must be a date like 2026-09-01: " + since, e);
            }
            ExperimentReport.Result result;
            try (Database db = Database.open(database.settings(experiments.parent.env()))) {
                db.migrate();
                var measured = new OutcomeStore(db.jdbi()).measured(from, Instant.now(), OutcomeStore.MAX_LIMIT);
                result = ExperimentReport.of(experiment, measured, horizon, control);
            }
            PrintWriter out = spec.commandLine().getOut();
            if (result.empty()) {
                out.println("experiment " + experiment + ": no signals recorded in an arm since "
                        + from.atOffset(ZoneOffset.UTC).toLocalDate() + " (was it run with --experiment " + experiment + "?)");
                return ExitCodes.FAILURE;
            }
            out.print(fmt.equals("json") ? json(result) + System.lineSeparator() : table(result, from));
            out.flush();
            return ExitCodes.OK;
        }
    }

    static String table(ExperimentReport.Result r, Instant from) {
        StringBuilder out = new StringBuilder(OutcomesCommand.table(r.arms(), from, r.horizon()));
        for (ExperimentReport.Comparison c : r.comparisons()) {
            out.append(String.format(Locale.US, "%s vs %s: ", c.arm(), c.control()));
            if (Double.isFinite(c.difference())) {
                out.append(String.format(Locale.US, "hit rate %+.1f points (95%% interval %+.1f to %+.1f)",
                        100 * c.difference(), 100 * c.low(), 100 * c.high()));
                if (c.enoughData()) {
                    out.append(String.format(Locale.US, ", z = %.2f, p = %.3f", c.z(), c.pValue()));
                }
                out.append("; ");
            }
            out.append(c.verdict()).append(System.lineSeparator());
        }
        return out.toString();
    }

    static String json(ExperimentReport.Result r) throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode();
        root.put("experiment", r.experiment());
        root.put("horizon", r.horizon());
        ArrayNode arms = root.putArray("arms");
        for (TrackRecord t : r.arms()) {
            arms.add(mapper.valueToTree(OutcomesCommand.row(t)));
        }
        ArrayNode comparisons = root.putArray("comparisons");
        for (ExperimentReport.Comparison c : r.comparisons()) {
            ObjectNode n = comparisons.addObject();
            n.put("arm", c.arm());
            n.put("control", c.control());
            putFinite(n, "difference", c.difference());
            putFinite(n, "low", c.low());
            putFinite(n, "high", c.high());
            putFinite(n, "z", c.z());
            putFinite(n, "pValue", c.pValue());
            n.put("enoughData", c.enoughData());
            n.put("verdict", c.verdict());
        }
        return mapper.writeValueAsString(root);
    }

    private static void putFinite(ObjectNode n, String field, double v) {
        if (Double.isFinite(v)) {
            n.put(field, v);
        } else {
            n.putNull(field);
        }
    }
}
