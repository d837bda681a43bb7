package io.tickertape.signals.outcomes;

import io.tickertape.migrations.Database;
import io.tickertape.migrations.testing.TestDatabases;
import io.tickertape.signals.fusion.Direction;
import io.tickertape.signals.fusion.Signal;
import io.tickertape.signals.history.DedupeSettings;
import io.tickertape.signals.history.SignalHistory;
import io.tickertape.signals.outcomes.SignalOutcome.ExitReason;
import io.tickertape.signals.outcomes.SignalOutcome.Status;
import io.tickertape.signals.prices.FilePriceSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static io.tickertape.signals.outcomes.OutcomeCalculatorTest.MONDAY_0930_NEW_YORK;
import static io.tickertape.signals.outcomes.OutcomeCalculatorTest.SESSIONS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** `outcomes update` end to end on real PostgreSQL, with price files this test writes. */
class OutcomeUpdaterTest {

    @TempDir
    Path prices;
    private Database db;
    private SignalHistory history;
    private OutcomeStore store;
    /** The evening of session 29 (2024-04-12), after that day's close. */
    private final Clock clock = Clock.fixed(Instant.parse("2024-04-12T23:00:00Z"), ZoneOffset.UTC);

    @BeforeEach
    void open() {
        db = TestDatabases.freshSchema();
        history = new SignalHistory(db.jdbi(), DedupeSettings.defaults());
        store = new OutcomeStore(db.jdbi());
    }

    @AfterEach
    void close() {
        db.close();
    }

    static Signal signal(String ticker, Direction direction, Instant at, double stop, double target) {
        return new Signal(Signal.SCHEMA_VERSION, Signal.idFor("a-" + ticker, ticker, direction), ticker, ticker + " Inc.",
                direction, at, "a-" + ticker, ticker + " news", null, "test", at.minusSeconds(60), 0.5, 0.6, 0.2, 0.9,
                1.0, "test-model", 100.0, at, "USD", 100.0, stop, target, List.of());
    }

    /** ACME: close 100 + 0.1 k on session k, high and low 0.5 either side; for sessions 0..last. */
    private void writeRising(String symbol, int last) throws IOException {
        StringBuilder csv = new StringBuilder("Date,Open,High,Low,Close,Volume\n");
        for (int k = 0; k <= last; k++) {
            double close = 100.0 + 0.1 * k;
            csv.append(String.format(Locale.US, "%s,%.2f,%.2f,%.2f,%.2f,1000%n", SESSIONS.get(k), close, close + 0.5,
                    close - 0.5, close));
        }
        Files.writeString(prices.resolve(symbol + ".csv"), csv);
    }

    /** SPY: 500 + 0.25 k on session k. */
    private void writeBenchmark(int last) throws IOException {
        StringBuilder csv = new StringBuilder("Date,Open,High,Low,Close,Volume\n");
        for (int k = 0; k <= last; k++) {
            double close = 500.0 + 0.25 * k;
            csv.append(String.format(Locale.US, "%s,%.2f,%.2f,%.2f,%.2f,1000000%n", SESSIONS.get(k), close, close,
                    close, close));
        }
        Files.writeString(prices.resolve("SPY.csv"), csv);
    }

    private OutcomeUpdater updater() {
        var source = new FilePriceSource(List.of(prices), clock, FilePriceSource.QuoteTime.BAR_CLOSE, "USD", Map.of());
        return new OutcomeUpdater(store, source, OutcomeSettings.defaults(), clock);
    }

    @Test
    void updatesEveryUnfinishedOutcomeAndARerunChangesNothing() throws IOException {
        writeBenchmark(29);
        writeRising("ACME", 29);
        writeRising("BETA", 26);                        // BETA's file stops at session 26: 27..29 are late (3 < 5)
        Signal acme = signal("ACME", Direction.BUY, MONDAY_0930_NEW_YORK, 90.0, 110.0);
        Instant session15 = SESSIONS.get(15).atTime(10, 0).atZone(java.time.ZoneId.of("America/New_York")).toInstant();
        Signal beta = signal("BETA", Direction.SELL, session15, 103.0, 95.0);
        Signal gone = signal("GONE", Direction.BUY, MONDAY_0930_NEW_YORK, 90.0, 110.0);   // no price file at all
        for (Signal s : List.of(acme, beta, gone)) {
            assertThat(history.record(s)).isEqualTo(SignalHistory.RecordResult.NEW);
        }

        OutcomeUpdater.Summary first = updater().update(100);

        assertThat(first.considered()).isEqualTo(3);
        assertThat(first.changed()).isEqualTo(3);
        assertThat(first.count(Status.CLOSED)).isEqualTo(1);
        assertThat(first.count(Status.PENDING)).isEqualTo(1);
        assertThat(first.count(Status.DELISTED)).isEqualTo(1);

        SignalOutcome a = store.find(acme.signalId()).orElseThrow();
        assertThat(a.status()).isEqualTo(Status.CLOSED);
        assertThat(a.return20d()).isCloseTo(0.02, within(1e-9));           // 102.00 / 100.00 - 1
        assertThat(a.benchmarkReturn20d()).isCloseTo(0.01, within(1e-9));  // 505.00 / 500.00 - 1
        assertThat(a.excess20d()).isCloseTo(0.01, within(1e-9));
        assertThat(a.exitReason()).isEqualTo(ExitReason.TIME);
        assertThat(a.baseClose()).isEqualTo(100.0);

        SignalOutcome b = store.find(beta.signalId()).orElseThrow();
        // Day 0 is session 15 (close 101.50); sessions 16..26 are there, 27.. are late.
        assertThat(b.status()).isEqualTo(Status.PENDING);
        assertThat(b.sessionsSeen()).isEqualTo(11);
        assertThat(b.return5d()).isCloseTo(-(102.0 / 101.5 - 1), within(1e-9));  // a SELL of a rising stock loses
        assertThat(b.note()).isEqualTo("waiting for the BETA bar of " + SESSIONS.get(27));

        assertThat(store.find(gone.signalId()).orElseThrow().status()).isEqualTo(Status.DELISTED);

        Instant computedBefore = a.computedAt();
        OutcomeUpdater.Summary again = updater().update(100);
        assertThat(again.considered()).isEqualTo(1);                       // only BETA is unfinished
        assertThat(again.changed()).isZero();                              // same prices: same row, untouched
        assertThat(store.find(acme.signalId()).orElseThrow().computedAt()).isEqualTo(computedBefore);

        writeRising("BETA", 29);                                           // the late bars arrive
        OutcomeUpdater.Summary later = updater().update(100);
        assertThat(later.changed()).isEqualTo(1);
        SignalOutcome b2 = store.find(beta.signalId()).orElseThrow();
        assertThat(b2.sessionsSeen()).isEqualTo(14);                       // sessions 16..29
        assertThat(b2.exitReason()).isEqualTo(ExitReason.STOP);            // high 103.0 on session 25 >= stop 103
        assertThat(b2.exitDate()).isEqualTo(SESSIONS.get(25));
    }

    @Test
    void withoutTheBenchmarkNothingIsGuessed() throws IOException {
        writeRising("ACME", 29);
        Signal acme = signal("ACME", Direction.BUY, MONDAY_0930_NEW_YORK, 90.0, 110.0);
        history.record(acme);

        OutcomeUpdater.Summary summary = updater().update(100);

        assertThat(summary.changed()).isZero();
        assertThat(summary.benchmarkProblem()).contains("SPY");
        assertThat(store.find(acme.signalId())).isEmpty();
        assertThat(summary.line()).contains("benchmark unavailable");
    }

    @Test
    void theTrackRecordCountsHitsAndExits() throws IOException {
        writeBenchmark(29);
        writeRising("ACME", 29);
        writeRising("BETA", 29);
        history.record(signal("ACME", Direction.BUY, MONDAY_0930_NEW_YORK, 90.0, 110.0));    // +0.5 % at 5 days
        history.record(signal("BETA", Direction.SELL, MONDAY_0930_NEW_YORK, 101.0, 90.0));   // -0.5 %, stop at 101
        updater().update(100);

        var measured = store.measured(Instant.parse("2024-03-01T00:00:00Z"), Instant.parse("2024-04-01T00:00:00Z"), 100);
        TrackRecord record = TrackRecord.of("all", 5, measured.stream().map(OutcomeStore.Measured::outcome).toList(),
                measured.size());

        assertThat(record.measured()).isEqualTo(2);
        assertThat(record.hits()).isEqualTo(1);
        assertThat(record.hitRate()).isEqualTo(0.5);
        assertThat(record.meanReturn()).isCloseTo(0.0, within(1e-9));      // (+0.005 + -0.005) / 2
        assertThat(record.exits()).isEqualTo(2);
        assertThat(record.stops()).isEqualTo(1);                           // BETA: high 101.0 on session 5
        assertThat(record.targets()).isZero();
        assertThat(measured).extracting(OutcomeStore.Measured::strategy).containsOnly("fusion");
        assertThat(LocalDate.of(2024, 3, 4)).isEqualTo(SESSIONS.getFirst());
    }
}
