package io.tickertape.topology.dedupe;

import io.tickertape.signals.fusion.Direction;

import io.tickertape.events.Versioned;

/** A signal this app emitted, remembered until the ledger has certainly recorded it and its window has passed. */
public record RecentSignal(int schemaVersion, String signalId, long signalAtMillis, Direction direction)
        implements Versioned {
    /** 2 added the direction, which reversals need; version 1 entries read with a null direction (never reversed). */
    public static final int SCHEMA_VERSION = 2;
}
