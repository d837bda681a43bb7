package io.tickertape.signals.history;

import io.tickertape.signals.fusion.Signal;
import org.jdbi.v3.core.Jdbi;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** signal_history and its race-free dedupe. Thread-safe. */
public final class SignalHistory {

    /** What {@link #record} did. */
    public enum RecordResult {
        /** This call claimed the dedupe slot and wrote the history row: emit the signal. */
        NEW,
        /** This very signal (same id) was recorded before (a replay or retry): it already holds the slot. */
        ALREADY_RECORDED,
        /** Another signal in the same scope is within the window: do not emit. */
        DUPLICATE
    }

    private final Jdbi jdbi;
    private final DedupeSettings settings;

    public SignalHistory(Jdbi jdbi, DedupeSettings settings) {
        this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** Records the signal when no other signal of its scope is within the window. */
    public RecordResult record(Signal signal) {
        throw new UnsupportedOperationException("in progress");
    }

    /** {@code record(signal) == NEW}: whether the signal is new and should be emitted. */
    public boolean recordIfNew(Signal signal) {
        return record(signal) == RecordResult.NEW;
    }

    /** Deletes history (and dedupe slots) older than {@code cutoff}; returns the number of history rows deleted. */
    public int purgeOlderThan(Instant cutoff) {
        throw new UnsupportedOperationException("in progress");
    }

    /** Signals with signal_at ≥ {@code from}, oldest first, at most {@code limit}. */
    public List<Signal> since(Instant from, int limit) {
        throw new UnsupportedOperationException("in progress");
    }

    public Optional<Signal> find(String signalId) {
        throw new UnsupportedOperationException("in progress");
    }
}
