package io.tickertape.digest.alerts;

import org.jdbi.v3.core.Jdbi;

/**
 * {@code alert_deliveries}: at most one alert per (signal, recipient). Same protocol as the digest's deliveries:
 * SENDING with the Message-ID before sending, SENT or FAILED after; only FAILED is tried again, on a replay.
 */
final class AlertLedger {

    private final Jdbi jdbi;

    AlertLedger(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** True when this caller may send: no row yet, or a FAILED one (retried once per replay of the signal). */
    boolean begin(String signalId, long recipientId, String messageId) {
        return jdbi.withHandle(h -> h.createQuery("""
                        INSERT INTO alert_deliveries (signal_id, recipient_id, status, message_id)
                        VALUES (:signal, :recipient, 'SENDING', :messageId)
                        ON CONFLICT (signal_id, recipient_id) DO UPDATE
                           SET status = 'SENDING', updated_at = now(), last_error = NULL
                         WHERE alert_deliveries.status = 'FAILED'
                        RETURNING 1""")
                .bind("signal", signalId)
                .bind("recipient", recipientId)
                .bind("messageId", messageId)
                .mapTo(Integer.class)
                .findOne()
                .isPresent());
    }

    /** Withdraws a delivery begun but not attempted (rate limited), so a replay may alert it later. */
    void withdraw(String signalId, long recipientId) {
        jdbi.useHandle(h -> h.createUpdate("""
                        DELETE FROM alert_deliveries
                         WHERE signal_id = :signal AND recipient_id = :recipient AND status = 'SENDING'""")
                .bind("signal", signalId)
                .bind("recipient", recipientId)
                .execute());
    }

    void finish(String signalId, long recipientId, String status, String error) {
        jdbi.useHandle(h -> h.createUpdate("""
                        UPDATE alert_deliveries SET status = :status, last_error = :error, updated_at = now()
                         WHERE signal_id = :signal AND recipient_id = :recipient""")
                .bind("status", status)
                .bind("error", error == null ? null : error.length() > 1000 ? error.substring(0, 1000) : error)
                .bind("signal", signalId)
                .bind("recipient", recipientId)
                .execute());
    }
}
