package io.tickertape.topology.projection;

import io.tickertape.signals.fusion.Signal;

/**
 * Told about each signal once it is committed to the {@code signals} topic and recorded in the ledger, e.g. to
 * send a high-confidence alert. Must be idempotent by signal id: replays and retries call it again.
 */
@FunctionalInterface
public interface SignalSubscriber {
    void onSignal(Signal signal);
}
