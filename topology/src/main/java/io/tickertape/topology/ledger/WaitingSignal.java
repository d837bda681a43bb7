package io.tickertape.topology.ledger;

import io.tickertape.events.Versioned;
import io.tickertape.signals.fusion.Signal;

/**
 * A signal held while the ledger is unreachable, with what it needs to continue as if it had never waited.
 *
 * @param key          the record key it arrived with
 * @param timestamp    the record timestamp it arrived with (kept for the record it may become)
 * @param heldAtMillis when it started waiting (wall clock), for the wait-time metric
 */
public record WaitingSignal(int schemaVersion, String key, Signal signal, long timestamp, long heldAtMillis)
        implements Versioned {
    public static final int SCHEMA_VERSION = 1;
}
