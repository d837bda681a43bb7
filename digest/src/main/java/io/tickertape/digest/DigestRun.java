package io.tickertape.digest;

import java.time.Instant;
import java.time.LocalDate;

/**
 * What one {@link DigestService#run} did.
 *
 * @param outcome   see {@link Outcome}
 * @param shown     signals in the email (after the cap)
 * @param total     signals in the window
 * @param sent      messages accepted by the SMTP server in this attempt
 * @param failed    deliveries that certainly failed in this attempt (retried on the next run)
 * @param unknown   deliveries whose outcome is unknown (left SENDING; not resent automatically)
 * @param skipped   recipients already served (SENT) or left alone (SENDING, out of attempts)
 * @param detail    one line for logs and the CLI
 */
public record DigestRun(LocalDate date, Outcome outcome, Instant windowStart, Instant windowEnd, int shown, int total,
                        int sent, int failed, int unknown, int skipped, String detail) {

    public enum Outcome {
        /** Every active recipient is served (or has an outcome that is not retried). */
        COMPLETED,
        /** Some deliveries failed and will be retried by the next run for the date; the lease was released. */
        FAILED,
        /** The date's digest was already completed: nothing to do. */
        ALREADY_COMPLETED,
        /** Another scheduler holds the date's claim: nothing done. */
        CLAIMED_ELSEWHERE,
        /** Another scheduler took over the claim during the run; this one stopped sending. */
        LOST_LEASE
    }

    /** True when nothing is left to do for the date by this process (it may exit 0). */
    public boolean ok() {
        return outcome != Outcome.FAILED && outcome != Outcome.LOST_LEASE;
    }

    public String toJson() {
        return "{\"date\":\"" + date + "\",\"outcome\":\"" + outcome + "\",\"windowStart\":" + quote(windowStart)
                + ",\"windowEnd\":" + quote(windowEnd) + ",\"signals\":" + shown + ",\"signalsInWindow\":" + total
                + ",\"sent\":" + sent + ",\"failed\":" + failed + ",\"unknown\":" + unknown + ",\"skipped\":" + skipped
                + ",\"detail\":\"" + detail.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}";
    }

    private static String quote(Instant i) {
        return i == null ? "null" : "\"" + i + "\"";
    }
}
