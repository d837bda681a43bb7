package io.tickertape.topology.dedupe;

import io.tickertape.topology.events.Versioned;

/** A signal this app emitted, remembered until the ledger has certainly recorded it and its window has passed. */
public record RecentSignal(int schemaVersion, String signalId, long signalAtMillis) implements Versioned {
    public static final int SCHEMA_VERSION = 1;
}
