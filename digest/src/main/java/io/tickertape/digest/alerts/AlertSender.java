package io.tickertape.digest.alerts;

import io.tickertape.signals.fusion.Signal;

/**
 * What the stream application calls for every new signal, after the signal has been written to
 * {@code signal_history}. Implementations decide whether the signal deserves an alert; calls are synchronous and
 * bounded by the SMTP and webhook timeouts. Never throws for delivery problems: they are in the result.
 */
public interface AlertSender extends AutoCloseable {

    AlertResult onSignal(Signal signal);

    @Override
    default void close() {
    }

    /** Alerts switched off. */
    static AlertSender disabled() {
        return signal -> AlertResult.of(AlertResult.Status.DISABLED, 0, 0, 0);
    }
}
