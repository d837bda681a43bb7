package io.tickertape.signals.history;

import io.tickertape.migrations.Database;
import io.tickertape.migrations.testing.TestDatabases;
import io.tickertape.signals.fusion.Direction;
import io.tickertape.signals.fusion.Signal;
import io.tickertape.signals.history.SignalHistory.RecordResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class SignalHistoryTest {

    private static final Instant T0 = Instant.parse("2024-03-04T14:30:00Z");
    private static Database db;

    @BeforeAll
    static void open() {
        db = TestDatabases.freshSchema();
    }

    @AfterAll
    static void close() {
        db.close();
    }

    static Signal signal(String articleId, String ticker, Direction direction, Instant at) {
        return signal(articleId, ticker, direction, at, 0.55);
    }

    /** @param strength |score|; the sign follows the direction */
    static Signal signal(String articleId, String ticker, Direction direction, Instant at, double strength) {
        return new Signal(Signal.SCHEMA_VERSION, Signal.idFor(articleId, ticker, direction), ticker, ticker + " Inc.",
                direction, at, articleId, "Headline about " + ticker, "https://example.com/" + articleId, "test",
                at.minusSeconds(600), direction == Direction.BUY ? strength : -strength, 0.6, 0.4, 0.91, 0.9, "finbert-test",
                101.25, at.minusSeconds(5), "USD", 101.25, 97.5, 106.875,
                List.of("sentiment +0.600", "RSI(14) 28.0: oversold, bullish (+1.00)"));
    }

    private static String ticker() {
        return "T" + UUID.randomUUID().toString().substring(0, 6).toUpperCase();
    }

    @Test
    void secondSignalForSameTickerAndDirectionWithinSevenDaysIsDuplicate() {
        SignalHistory history = new SignalHistory(db.jdbi(),
                new DedupeSettings(Duration.ofDays(7), DedupeSettings.Scope.TICKER_AND_DIRECTION));
        String t = ticker();
        assertThat(history.record(signal("a1", t, Direction.BUY, T0))).isEqualTo(RecordResult.NEW);
        assertThat(history.record(signal("a2", t, Direction.BUY, T0.plus(Duration.ofDays(6)))))
                .isEqualTo(RecordResult.DUPLICATE);
        // Per ticker and direction, the opposite direction has its own slot.
        assertThat(history.recordIfNew(signal("a3", t, Direction.SELL, T0.plus(Duration.ofDays(1))))).isTrue();
        // Exactly seven days after the slot's signal, a new one is allowed again.
        assertThat(history.record(signal("a4", t, Direction.BUY, T0.plus(Duration.ofDays(7)))))
                .isEqualTo(RecordResult.NEW);
        // An older signal arriving late (out-of-order replay) never displaces a newer one.
        assertThat(history.record(signal("a5", t, Direction.BUY, T0.plus(Duration.ofDays(2)))))
                .isEqualTo(RecordResult.DUPLICATE);
        assertThat(history.since(T0, 100)).extracting(Signal::articleId)
                .filteredOn(id -> true).containsSubsequence("a1", "a3", "a4");
    }

    @Test
    void replayOfTheSameSignalIsRecognisedAndNotRecordedTwice() {
        SignalHistory history = new SignalHistory(db.jdbi(), DedupeSettings.defaults());
        String t = ticker();
        Signal s = signal("replayed", t, Direction.SELL, T0);
        assertThat(history.record(s)).isEqualTo(RecordResult.NEW);
        assertThat(history.record(s)).isEqualTo(RecordResult.ALREADY_RECORDED);
        assertThat(history.recordIfNew(s)).isFalse();
        // Replayed long after its window, after a newer signal took the slot: still only one row, slot unchanged.
        Signal newer = signal("newer", t, Direction.SELL, T0.plus(Duration.ofDays(30)));
        assertThat(history.record(newer)).isEqualTo(RecordResult.NEW);
        Signal later = signal("replayed", t, Direction.SELL, T0.plus(Duration.ofDays(40)));
        assertThat(later.signalId()).isEqualTo(s.signalId());
        assertThat(history.record(later)).isEqualTo(RecordResult.ALREADY_RECORDED);
        assertThat(history.record(signal("third", t, Direction.SELL, T0.plus(Duration.ofDays(33)))))
                .as("the slot still belongs to 'newer'").isEqualTo(RecordResult.DUPLICATE);
    }

    @Test
    void tickerScopeBlocksTheOppositeDirectionUnlessItIsAStrongReversal() {
        SignalHistory history = new SignalHistory(db.jdbi(), DedupeSettings.defaults());   // TICKER, reversal 0.70
        String t = ticker();
        Signal buy = signal("b1", t, Direction.BUY, T0, 0.40);
        assertThat(history.recordIfNew(buy)).isTrue();
        // A weak opposite call inside the window is a duplicate: the reader keeps one call per ticker.
        assertThat(history.record(signal("b2", t, Direction.SELL, T0.plusSeconds(3600), 0.69)))
                .isEqualTo(RecordResult.DUPLICATE);
        // A strong one reverses the BUY, is recorded as its reversal, and takes the slot.
        Signal sell = signal("b3", t, Direction.SELL, T0.plusSeconds(7200), 0.70);
        assertThat(history.record(sell)).isEqualTo(RecordResult.NEW);
        assertThat(history.find(sell.signalId()).orElseThrow().reversalOf()).isEqualTo(buy.signalId());
        assertThat(history.slotHolder(t, Direction.BUY).orElseThrow().signalId()).isEqualTo(sell.signalId());
        assertThat(history.slotHolder(t, Direction.BUY).orElseThrow().direction()).isEqualTo(Direction.SELL);
        // The same direction as the reversal is a duplicate again, however strong.
        assertThat(history.record(signal("b4", t, Direction.SELL, T0.plusSeconds(9000), 0.9)))
                .isEqualTo(RecordResult.DUPLICATE);
        // A replayed reversal is recognised, not recorded twice.
        assertThat(history.record(sell)).isEqualTo(RecordResult.ALREADY_RECORDED);
        // A reversal that names another signal than the slot's holder lost a race: a duplicate.
        Signal stale = signal("b5", t, Direction.BUY, T0.plusSeconds(9600), 0.9).asReversalOf(buy.signalId());
        assertThat(history.record(stale)).isEqualTo(RecordResult.DUPLICATE);
        assertThat(history.recordIfNew(signal("b6", t, Direction.SELL, T0.plus(Duration.ofDays(8)), 0.3))).isTrue();
    }

    @Test
    void shadowSignalsHaveSlotsOfTheirOwnAndNeverReverse() {
        SignalHistory history = new SignalHistory(db.jdbi(), DedupeSettings.defaults());
        String t = ticker();
        Signal sent = signal("s1", t, Direction.BUY, T0, 0.4);
        Signal shadow = signal("s2", t, Direction.SELL, T0.plusSeconds(60), 0.9).madeBy("trend-confirmed", "model", "exp/b", true);
        assertThat(history.record(sent)).isEqualTo(RecordResult.NEW);
        assertThat(history.record(shadow)).isEqualTo(RecordResult.NEW);
        Signal recorded = history.find(shadow.signalId()).orElseThrow();
        assertThat(recorded.reversalOf()).isNull();
        assertThat(recorded.shadow()).isTrue();
        assertThat(recorded.arm()).isEqualTo("exp/b");
        assertThat(recorded.strategy()).isEqualTo("trend-confirmed");
        // The sent slot is untouched by the shadow.
        assertThat(history.slotHolder(t, Direction.SELL).orElseThrow().signalId()).isEqualTo(sent.signalId());
        assertThat(history.slotHolder(t, Direction.SELL, "exp/b", true).orElseThrow().signalId()).isEqualTo(shadow.signalId());
    }

    @Test
    void roundTripsEveryField() {
        SignalHistory history = new SignalHistory(db.jdbi(), DedupeSettings.defaults());
        Signal s = signal("round", ticker(), Direction.BUY, T0);
        assertThat(history.recordIfNew(s)).isTrue();
        assertThat(history.find(s.signalId())).contains(s);
    }

    @Test
    void eightWritersRacingOnTheSameTickerProduceExactlyOneSignal() throws Exception {
        SignalHistory history = new SignalHistory(db.jdbi(), DedupeSettings.defaults());
        int writers = 8;
        int rounds = 25;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            for (int round = 0; round < rounds; round++) {
                String t = ticker();
                CountDownLatch start = new CountDownLatch(1);
                List<Future<RecordResult>> results = new ArrayList<>();
                for (int w = 0; w < writers; w++) {
                    // Distinct articles, same ticker and direction, slightly different times: all race for one slot.
                    Signal s = signal("race-" + round + "-" + w, t, Direction.BUY, T0.plusSeconds(w));
                    results.add(pool.submit(() -> {
                        start.await();
                        return history.record(s);
                    }));
                }
                start.countDown();
                long fresh = 0;
                for (Future<RecordResult> f : results) {
                    if (f.get(30, TimeUnit.SECONDS) == RecordResult.NEW) {
                        fresh++;
                    }
                }
                assertThat(fresh).as("round %d", round).isEqualTo(1);
                int rows = db.jdbi().withHandle(h -> h.createQuery(
                        "SELECT count(*) FROM signal_history WHERE ticker = :t").bind("t", t).mapTo(Integer.class).one());
                assertThat(rows).as("history rows for round %d", round).isEqualTo(1);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void purgeDeletesOldRowsAndTheirAlertDeliveriesOnly() {
        SignalHistory history = new SignalHistory(db.jdbi(), DedupeSettings.defaults());
        String t = ticker();
        Signal old = signal("old", t, Direction.BUY, T0.minus(Duration.ofDays(400)));
        Signal recent = signal("recent", t, Direction.BUY, T0);
        assertThat(history.recordIfNew(old)).isTrue();
        assertThat(history.recordIfNew(recent)).isTrue();
        db.jdbi().useHandle(h -> {
            long recipient = h.createQuery("""
                    INSERT INTO digest_recipients (email, unsubscribe_token) VALUES (:e, :tok) RETURNING recipient_id""")
                    .bind("e", t + "@example.com").bind("tok", UUID.randomUUID().toString()).mapTo(Long.class).one();
            h.createUpdate("""
                    INSERT INTO alert_deliveries (signal_id, recipient_id, status, message_id)
                    VALUES (:s, :r, 'SENT', 'm1')""").bind("s", old.signalId()).bind("r", recipient).execute();
        });
        int purged = history.purgeOlderThan(T0.minus(Duration.ofDays(365)));
        assertThat(purged).isGreaterThanOrEqualTo(1);
        assertThat(history.find(old.signalId())).isEmpty();
        assertThat(history.find(recent.signalId())).isPresent();
        // The dedupe slot still protects the recent signal.
        assertThat(history.record(signal("after-purge", t, Direction.BUY, T0.plusSeconds(60))))
                .isEqualTo(RecordResult.DUPLICATE);
    }
}
