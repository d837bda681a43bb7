package io.tickertape.web.unsubscribe;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.SqlStatements;

import java.util.Optional;

/**
 * The two statements unsubscribe needs on {@code digest_recipients}: find the recipient a token belongs to, and
 * mark it unsubscribed. This is all the web role may write (UPDATE on active and unsubscribed_at).
 * <p>
 * Timing: a malformed token is looked up as a placeholder and an unknown one still runs the UPDATE (matching no
 * row), so valid, unknown and malformed tokens all cost one indexed SELECT, one constant-time comparison and,
 * for POST, one UPDATE. Which of them a token was is not visible in how long the answer took.
 */
public final class UnsubscribeStore {

    static final int QUERY_TIMEOUT_SECONDS = 5;
    private static final long NO_RECIPIENT = -1;

    private final Jdbi jdbi;

    public UnsubscribeStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Whether this token belongs to a recipient (active or already unsubscribed). */
    public boolean known(String token) {
        return jdbi.withHandle(h -> recipientOf(bounded(h), token).isPresent());
    }

    /**
     * Marks the token's recipient unsubscribed; idempotent (a repeat keeps the first unsubscribed_at).
     * @return false for an unknown or malformed token
     */
    public boolean unsubscribe(String token) {
        return jdbi.inTransaction(h -> {
            Optional<Long> recipient = recipientOf(bounded(h), token);
            h.createUpdate("""
                            UPDATE digest_recipients
                               SET active = false, unsubscribed_at = coalesce(unsubscribed_at, now())
                             WHERE recipient_id = :id""")
                    .bind("id", recipient.orElse(NO_RECIPIENT))
                    .execute();
            return recipient.isPresent();
        });
    }

    private static Optional<Long> recipientOf(Handle h, String token) {
        boolean wellFormed = UnsubscribeToken.wellFormed(token);
        String probe = wellFormed ? token : UnsubscribeToken.PLACEHOLDER;
        record Row(long id, String token) {
        }
        Optional<Row> row = h.createQuery("SELECT recipient_id, unsubscribe_token FROM digest_recipients WHERE unsubscribe_token = :token")
                .bind("token", probe)
                .map((rs, ctx) -> new Row(rs.getLong(1), rs.getString(2)))
                .findOne();
        // Always compare, also when nothing was found, so both paths do the same work.
        boolean same = UnsubscribeToken.sameToken(row.map(Row::token).orElse(UnsubscribeToken.PLACEHOLDER), probe);
        return wellFormed && same && row.isPresent() ? row.map(Row::id) : Optional.empty();
    }

    private static Handle bounded(Handle h) {
        h.getConfig(SqlStatements.class).setQueryTimeout(QUERY_TIMEOUT_SECONDS);
        return h;
    }
}
