package io.tickertape.digest.recipients;

import java.time.Instant;

/**
 * One row of {@code digest_recipients}.
 *
 * @param unsubscribeToken a random 256-bit capability: whoever has it can unsubscribe this recipient, so it
 *                         appears only in that recipient's own email and is never printed or logged
 */
public record Recipient(long id, String email, String displayName, String unsubscribeToken, boolean active,
                        Instant createdAt, Instant unsubscribedAt) {

    @Override
    public String toString() {
        return "Recipient[id=" + id + ", email=" + email + ", active=" + active + "]";
    }
}
