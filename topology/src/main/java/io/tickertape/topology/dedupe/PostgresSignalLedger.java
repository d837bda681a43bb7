package io.tickertape.topology.dedupe;

import io.tickertape.signals.fusion.Direction;
import io.tickertape.signals.fusion.Signal;
import io.tickertape.signals.history.SignalHistory;

import java.util.Optional;

/** The ledger is {@code signal_history} in PostgreSQL. */
public final class PostgresSignalLedger implements SignalLedger {

    private final SignalHistory history;

    public PostgresSignalLedger(SignalHistory history) {
        this.history = history;
    }

    @Override
    public Optional<Entry> latest(Signal candidate) {
        return history.slotHolder(candidate.ticker(), candidate.direction(), candidate.arm(), candidate.shadow())
                .map(h -> new Entry(h.signalId(), h.signalAt(), h.direction()));
    }

    @Override
    public SignalHistory.RecordResult record(Signal signal) {
        return history.record(signal);
    }

    @Override
    public void check() {
        history.ping();
    }
}
