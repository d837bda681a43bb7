package io.tickertape.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tickertape.migrations.Database;
import io.tickertape.migrations.testing.TestDatabases;
import io.tickertape.signals.fusion.Direction;
import io.tickertape.signals.fusion.Signal;
import io.tickertape.signals.history.DedupeSettings;
import io.tickertape.signals.history.SignalHistory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code outcomes update} and {@code outcomes report} as an operator runs them, on real PostgreSQL with price files
 * this test writes: 30 weekdays from 2024-03-04, every close 0.1 higher than the one before. ACME's BUY gains
 * (102.0 / 100.0 - 1 = +2 % after 20 sessions), BETA's SELL loses (-2 %).
 */
class OutcomesCommandTest {

    @TempDir
    Path prices;
    private Database db;

    private record Run(int code, String out, String err) {
    }

    @BeforeEach
    void setUp() throws Exception {
        db = TestDatabases.freshSchema();
        List<LocalDate> sessions = new ArrayList<>();
        for (LocalDate d = LocalDate.of(2024, 3, 4); sessions.size() < 30; d = d.plusDays(1)) {
            if (d.getDayOfWeek() != DayOfWeek.SATURDAY && d.getDayOfWeek() != DayOfWeek.SUNDAY) {
                sessions.add(d);
            }
        }
        for (String symbol : List.of("SPY", "ACME", "BETA")) {
            StringBuilder csv = new StringBuilder("Date,Open,High,Low,Close,Volume\n");
            for (int k = 0; k < sessions.size(); k++) {
                double close = 100.0 + 0.1 * k;
                csv.append(String.format(Locale.US, "%s,%.2f,%.2f,%.2f,%.2f,1000%n", sessions.get(k), close,
                        close + 0.2, close - 0.2, close));
            }
            Files.writeString(prices.resolve(symbol + ".csv"), csv);
        }
        var history = new SignalHistory(db.jdbi(), DedupeSettings.defaults());
        var at = LocalDate.of(2024, 3, 4).atTime(10, 0).atZone(ZoneId.of("America/New_York")).toInstant();
        for (var s : List.of(signal("ACME", Direction.BUY, at), signal("BETA", Direction.SELL, at))) {
            history.record(s);
        }
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    private static Signal signal(String ticker, Direction direction, java.time.Instant at) {
        return new Signal(Signal.SCHEMA_VERSION, Signal.idFor("a-" + ticker, ticker, direction), ticker, ticker + " Inc.",
                direction, at, "a-" + ticker, ticker + " news", null, "test", at.minusSeconds(60), 0.5, 0.6, 0.2, 0.9,
                1.0, "model-" + ticker.toLowerCase(Locale.ROOT), 100.0, at, "USD", 100.0,
                direction == Direction.BUY ? 80.0 : 120.0, direction == Direction.BUY ? 120.0 : 80.0, List.of());
    }

    private Run run(String... args) {
        Map<String, String> env = new HashMap<>();
        env.put("DATABASE_URL", db.jdbcUrl());
        env.put("DATABASE_USER", db.settings().user() == null ? "postgres" : db.settings().user());
        if (db.settings().password() != null) {
            env.put("DATABASE_PASSWORD", db.settings().password());
        }
        env.put("TICKERTAPE_DATABASE_SCHEMA", db.settings().schema());
        CommandLine cli = Main.commandLine(env);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void updateThenReportInEveryFormat() throws Exception {
        Run update = run("outcomes", "update", "--price-source", "FILES", "--price-files", prices.toString());
        assertThat(update.code()).as(update.err()).isZero();
        assertThat(update.out()).contains("2 unfinished, 2 changed").contains("closed 2");

        Run again = run("outcomes", "update", "--price-source", "FILES", "--price-files", prices.toString());
        assertThat(again.out()).as("closed outcomes are not looked at again").contains("0 unfinished, 0 changed");

        Run json = run("outcomes", "report", "--since", "2024-03-01", "--horizon", "20", "--format", "json");
        assertThat(json.code()).as(json.err()).isZero();
        JsonNode all = new ObjectMapper().readTree(json.out()).get(0);
        assertThat(all.get("group").asText()).isEqualTo("all");
        assertThat(all.get("measured").asInt()).isEqualTo(2);
        assertThat(all.get("hits").asInt()).isEqualTo(1);
        assertThat(all.get("hitRate").asDouble()).isEqualTo(0.5);
        assertThat(all.get("meanReturn").asDouble()).isCloseTo(0.0, org.assertj.core.data.Offset.offset(1e-9)); // (+2 % - 2 %) / 2
        assertThat(all.get("exits").asInt()).isEqualTo(2);
        assertThat(all.get("targetRate").asDouble()).isZero();                  // neither level within 20 sessions

        Run csv = run("outcomes", "report", "--since", "2024-03-01", "--horizon", "20", "--by", "direction", "--format", "csv");
        assertThat(csv.code()).as(csv.err()).isZero();
        List<String> lines = csv.out().lines().toList();
        assertThat(lines.getFirst()).startsWith("group,horizon,signals,measured,pending,hits,hitRate");
        assertThat(lines).hasSize(3);
        assertThat(lines.get(1)).startsWith("BUY,20,1,1,0,1,1.0,");
        assertThat(lines.get(2)).startsWith("SELL,20,1,1,0,0,0.0,");

        Run table = run("outcomes", "report", "--since", "2024-03-01", "--by", "model");
        assertThat(table.code()).as(table.err()).isZero();
        assertThat(table.out()).contains("hit = positive signed return after 5 sessions")
                .contains("model-acme").contains("model-beta").contains("100.0%");
    }

    @Test
    void beforeAnyUpdateTheReportSaysNothingIsMeasured() {
        Run table = run("outcomes", "report", "--since", "2024-03-01");
        assertThat(table.code()).isZero();
        assertThat(table.out()).contains("No signal has a measured outcome yet");
    }

    @Test
    void badOptionsAreOneLineUsageErrors() {
        for (String[] args : new String[][]{{"outcomes", "report", "--by", "colour"},
                {"outcomes", "report", "--horizon", "3"}, {"outcomes", "report", "--since", "yesterday"},
                {"outcomes", "update", "--benchmark", "S P Y"}}) {
            Run r = run(args);
            assertThat(r.code()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(r.err().strip()).as(String.join(" ", args)).doesNotContain("\n").doesNotContain("Exception");
        }
    }

    @Test
    void withoutTheBenchmarkUpdateExitsOneAndChangesNothing() throws Exception {
        Files.delete(prices.resolve("SPY.csv"));
        Run update = run("outcomes", "update", "--price-source", "FILES", "--price-files", prices.toString());
        assertThat(update.code()).isEqualTo(1);
        assertThat(update.out()).contains("benchmark unavailable");
    }

    @Test
    void experimentsReportComparesTheArmsAndSaysWhenThereAreTooFew() throws Exception {
        // Two more signals, each in an arm of experiment "exp": ACME2's BUY gains (+2 %), BETA2's SELL loses.
        var history = new SignalHistory(db.jdbi(), DedupeSettings.defaults());
        var at = LocalDate.of(2024, 3, 4).atTime(10, 0).atZone(ZoneId.of("America/New_York")).toInstant();
        for (String symbol : List.of("ACME2", "BETA2")) {
            Files.copy(prices.resolve(symbol.substring(0, 4) + ".csv"), prices.resolve(symbol + ".csv"));
        }
        history.record(signal("ACME2", Direction.BUY, at).madeBy("fusion", "model", "exp/control", false));
        history.record(signal("BETA2", Direction.SELL, at).madeBy("trend-confirmed", "model", "exp/trend", false));
        Run update = run("outcomes", "update", "--price-source", "FILES", "--price-files", prices.toString());
        assertThat(update.code()).as(update.err()).isZero();

        Run table = run("experiments", "report", "exp", "--since", "2024-03-01", "--horizon", "20");
        assertThat(table.code()).as(table.err()).isZero();
        assertThat(table.out()).contains("control").contains("trend")
                .contains("trend vs control: hit rate -100.0 points")
                .contains("too few to tell: each arm needs 30 measured signals");

        Run json = run("experiments", "report", "exp", "--since", "2024-03-01", "--horizon", "20", "--format", "json");
        JsonNode root = new ObjectMapper().readTree(json.out());
        assertThat(root.get("arms")).hasSize(2);
        assertThat(root.get("comparisons").get(0).get("enoughData").asBoolean()).isFalse();
        assertThat(root.get("comparisons").get(0).get("pValue").isNull()).isTrue();

        Run none = run("experiments", "report", "nothing-here", "--since", "2024-03-01");
        assertThat(none.code()).isEqualTo(1);
        assertThat(none.out()).contains("no signals recorded in an arm");
    }
}
