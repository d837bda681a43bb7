package io.tickertape.digest.alerts;

/**
 * What {@link AlertSender#onSignal} did.
 *
 * @param sent    emails accepted by the SMTP server
 * @param failed  emails that certainly failed (a replay of the signal retries them)
 * @param skipped recipients already alerted for this signal
 */
public record AlertResult(Status status, int sent, int failed, int skipped, boolean webhookDelivered) {

    public enum Status {
        /** Emails were sent (or attempted) to the recipients not yet alerted. */
        ALERTED,
        /** Below the confidence threshold: no alert. */
        BELOW_THRESHOLD,
        /** A shadow arm's signal: recorded and measured, never sent. */
        SHADOW,
        /** Every active recipient already had this alert. */
        ALREADY_ALERTED,
        /** The alert rate limit was exhausted; the signal still appears in the next digest. */
        RATE_LIMITED,
        /** No active recipients and no webhook. */
        NO_AUDIENCE,
        /** The signal could not be recorded (e.g. not yet in signal_history); nothing sent. */
        ERROR,
        DISABLED
    }

    static AlertResult of(Status status, int sent, int failed, int skipped) {
        return new AlertResult(status, sent, failed, skipped, false);
    }

    AlertResult withWebhook(boolean delivered) {
        return new AlertResult(status, sent, failed, skipped, delivered);
    }
}
