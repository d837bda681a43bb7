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

    /**
     * The recorded signal holding the dedupe slot {@code candidate} falls into (its ticker, and its direction or
     * any direction per the scope; a shadow arm's own slot for a shadow signal), if any.
     */
    Optional<Entry> latest(Signal candidate);

    /** Records a committed signal; idempotent by signal id. */
    SignalHistory.RecordResult record(Signal signal);

    /** A cheap round trip; throws when the ledger cannot be reached. */
    void check();

    /** Since when the ledger has been unreachable, or empty while it answers. */
    default Optional<Instant> unavailableSince() {
        return Optional.empty();
    }

    /**
     * A recorded signal's id, the time its 7-day window counts from, and its direction (null when its history row
     * is gone).
     */
    record Entry(String signalId, Instant signalAt, Direction direction) {
    }
}
