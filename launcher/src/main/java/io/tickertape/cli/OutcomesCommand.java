package io.tickertape.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tickertape.migrations.Database;
import io.tickertape.signals.outcomes.OutcomeReport;
import io.tickertape.signals.outcomes.OutcomeSettings;
import io.tickertape.signals.outcomes.OutcomeStore;
import io.tickertape.signals.outcomes.OutcomeUpdater;
import io.tickertape.signals.outcomes.TrackRecord;
import io.tickertape.signals.prices.PriceSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "outcomes", mixinStandardHelpOptions = true,
        subcommands = {OutcomesCommand.Update.class, OutcomesCommand.Report.class},
        description = {"What happened after each signal (table signal_outcomes): update, report.",
                "Rules: docs/OUTCOMES.md (day 0, signed returns, target/stop order, gaps and delistings)."})
public final class OutcomesCommand implements Callable<Integer> {

    @ParentCommand
    TickertapeCommand parent;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return ExitCodes.USAGE;
    }

    @Command(name = "update", mixinStandardHelpOptions = true,
            description = {"Compute every unfinished outcome from daily prices; idempotent (a re-run with the same prices changes nothing).",
                    "Exit 1 when the benchmark's prices cannot be had (nothing is updated then)."})
    static final class Update implements Callable<Integer> {
        @ParentCommand
        OutcomesCommand outcomes;
        @Spec
        CommandSpec spec;
        @Mixin
        DatabaseOptions database;
        @Mixin
        PriceOptions prices;
        @Option(names = "--benchmark", paramLabel = "SYMBOL", defaultValue = OutcomeSettings.DEFAULT_BENCHMARK,
                description = "What every signal is compared with; its sessions are the trading calendar (default: ${DEFAULT-VALUE}).")
        String benchmark;
        @Option(names = "--limit", paramLabel = "N", defaultValue = "" + OutcomeUpdater.DEFAULT_LIMIT,
                description = "At most this many unfinished signals per run, oldest first (default: ${DEFAULT-VALUE}).")
        int limit;

        @Override
        public Integer call() {
            if (limit < 1 || limit > OutcomeStore.MAX_LIMIT) {
                throw new UsageException("--limit must be in 1.." + OutcomeStore.MAX_LIMIT);
            }
            OutcomeSettings settings = settings(benchmark);
            Clock clock = Clock.systemUTC();
            try (Database db = Database.open(database.settings(outcomes.parent.env()));
                 PriceSource source = prices.open(clock, new SimpleMeterRegistry())) {
                db.migrate();
                OutcomeUpdater.Summary summary = new OutcomeUpdater(new OutcomeStore(db.jdbi()), source, settings, clock)
                        .update(limit);
                spec.commandLine().getOut().println(summary.line());
                return summary.benchmarkProblem() == null ? ExitCodes.OK : ExitCodes.FAILURE;
            }
        }
    }

    @Command(name = "report", mixinStandardHelpOptions = true,
            description = {"Hit rate (95 % Wilson interval), mean and median signed return, excess over the benchmark, target and stop rates.",
                    "Only signals whose return at --horizon is known count as measured; the rest are shown as pending."})
    static final class Report implements Callable<Integer> {
        @ParentCommand
        OutcomesCommand outcomes;
        @Spec
        CommandSpec spec;
        @Mixin
        DatabaseOptions database;
        @Option(names = "--since", paramLabel = "DATE", description = "Signals made on or after this UTC date (default: 90 days ago).")
        String since;
        @Option(names = "--by", paramLabel = "WHAT", description = "Split by model, strategy, direction or ticker (default: no split).")
        String by;
        @Option(names = "--horizon", paramLabel = "SESSIONS", defaultValue = "5",
                description = "Which return decides a hit: 1, 5 or 20 sessions after day 0 (default: ${DEFAULT-VALUE}).")
        int horizon;
        @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
                description = "table, json or csv (default: ${DEFAULT-VALUE}).")
        String format;

        @Override
        public Integer call() throws Exception {
            OutcomeReport.GroupBy groupBy;
            try {
                groupBy = by == null ? OutcomeReport.GroupBy.ALL : OutcomeReport.GroupBy.parse(by);
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage(), e);
            }
            if (horizon != 1 && horizon != 5 && horizon != 20) {
                throw new UsageException("--horizon must be 1, 5 or 20");
            }
            String fmt = format.toLowerCase(Locale.ROOT);
            if (!List.of("table", "json", "csv").contains(fmt)) {
                throw new UsageException("--format must be table, json or csv");
            }
            Instant from;
            try {
                from = since == null ? Instant.now().minus(java.time.Duration.ofDays(90))
                        : LocalDate.parse(since).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException e) {
                throw new UsageException("--since must be a date like 2026-09-01: " + since, e);
            }
            List<TrackRecord> records;
            try (Database db = Database.open(database.settings(outcomes.parent.env()))) {
                db.migrate();
                var measured = new OutcomeStore(db.jdbi()).measured(from, Instant.now(), OutcomeStore.MAX_LIMIT);
                records = OutcomeReport.of(measured, groupBy, horizon);
            }
            PrintWriter out = spec.commandLine().getOut();
            switch (fmt) {
                case "json" -> out.println(json(records));
                case "csv" -> out.print(csv(records));
                default -> out.print(table(records, from, horizon));
            }
            out.flush();
            return ExitCodes.OK;
        }
    }

    static OutcomeSettings settings(String benchmark) {
        try {
            return OutcomeSettings.withBenchmark(benchmark);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--benchmark: " + e.getMessage(), e);
        }
    }

    /** One row per group; NaN (nothing measured) is written as null, never as a made-up zero. */
    static Map<String, Object> row(TrackRecord r) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("group", r.group());
        row.put("horizon", r.horizon());
        row.put("signals", r.signals());
        row.put("measured", r.measured());
        row.put("pending", r.signals() - r.measured());
        row.put("hits", r.hits());
        row.put("hitRate", finite(r.hitRate()));
        row.put("hitRateLow", finite(r.hitRateLow()));
        row.put("hitRateHigh", finite(r.hitRateHigh()));
        row.put("meanReturn", finite(r.meanReturn()));
        row.put("medianReturn", finite(r.medianReturn()));
        row.put("meanBenchmark", finite(r.meanBenchmark()));
        row.put("meanExcess", finite(r.meanExcess()));
        row.put("exits", r.exits());
        row.put("targetRate", finite(r.targetRate()));
        row.put("stopRate", finite(r.stopRate()));
        return row;
    }

    static String json(List<TrackRecord> records) throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        ArrayNode array = mapper.createArrayNode();
        for (TrackRecord r : records) {
            ObjectNode node = mapper.valueToTree(row(r));
            array.add(node);
        }
        return mapper.writeValueAsString(array);
    }

    static String csv(List<TrackRecord> records) throws Exception {
        CsvMapper mapper = new CsvMapper();
        CsvSchema.Builder schema = CsvSchema.builder().setUseHeader(true);
        row(TrackRecord.of("x", 5, List.of(), 0)).keySet().forEach(schema::addColumn);
        List<Map<String, Object>> rows = records.stream().map(OutcomesCommand::row).toList();
        return mapper.writer(schema.build()).writeValueAsString(rows);
    }

    static String table(List<TrackRecord> records, Instant from, int horizon) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.US, "Signals since %s, hit = positive signed return after %d session%s%n",
                from.atOffset(ZoneOffset.UTC).toLocalDate(), horizon, horizon == 1 ? "" : "s"));
        out.append(String.format(Locale.US, "%-24s %7s %8s %7s %15s %8s %8s %8s %8s %7s %7s%n", "group", "signals",
                "measured", "hit", "95% interval", "mean", "median", "bench", "excess", "target", "stop"));
        for (TrackRecord r : records) {
            String interval = r.empty() ? "" : String.format(Locale.US, "%5.1f–%5.1f%%", 100 * r.hitRateLow(), 100 * r.hitRateHigh());
            out.append(String.format(Locale.US, "%-24s %7d %8d %7s %15s %8s %8s %8s %8s %7s %7s%n",
                    r.group().length() > 24 ? r.group().substring(0, 23) + "…" : r.group(), r.signals(), r.measured(),
                    pct(r.hitRate(), 1), interval, pct(r.meanReturn(), 2), pct(r.medianReturn(), 2),
                    pct(r.meanBenchmark(), 2), pct(r.meanExcess(), 2), pct(r.targetRate(), 0), pct(r.stopRate(), 0)));
        }
        if (records.stream().allMatch(TrackRecord::empty)) {
            out.append("No signal has a measured outcome yet: run `tickertape outcomes update`, and wait ")
                    .append(horizon).append(" session").append(horizon == 1 ? "" : "s").append(" after a signal.")
                    .append(System.lineSeparator());
        }
        return out.toString();
    }

    private static String pct(double v, int decimals) {
        return Double.isFinite(v) ? String.format(Locale.US, "%." + decimals + "f%%", 100 * v) : "–";
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
