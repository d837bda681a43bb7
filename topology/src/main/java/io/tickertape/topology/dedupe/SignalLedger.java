package io.tickertape.topology.dedupe;

import io.tickertape.signals.fusion.Direction;
import io.tickertape.signals.fusion.Signal;
import io.tickertape.signals.history.SignalHistory;

import java.time.Instant;
import java.util.Optional;

/**
 * The committed record of signals ({@code signal_history} in PostgreSQL), as the topology sees it.
 * Only signals committed to the {@code signals} topic are ever recorded, so the ledger never holds a signal whose
 * Kafka transaction was aborted. Any method may throw when the database is unreachable; the processors then
 * hold the record and retry (see {@link io.tickertape.topology.ledger.GuardedSignalLedger}).
 */
public interface SignalLedger {

    /** The latest recorded signal in the dedupe scope of this ticker and direction, if any. */
    Optional<Entry> latest(String ticker, Direction direction);

    /** Records a committed signal; idempotent by signal id. */
    SignalHistory.RecordResult record(Signal signal);

    /** A cheap round trip; throws when the ledger cannot be reached. */
    void check();

    /** Since when the ledger has been unreachable, or empty while it answers. */
    default Optional<Instant> unavailableSince() {
        return Optional.empty();
    }

    /** A recorded signal's id and the time its 7-day window counts from. */
    record Entry(String signalId, Instant signalAt) {
    }
}
