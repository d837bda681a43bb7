package io.tickertape.digest.recipients;

import io.tickertape.digest.delivery.HeaderValues;
import jakarta.mail.internet.InternetAddress;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;

import java.security.SecureRandom;
import java.sql.Timestamp;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Who gets the digest and the alerts: {@code digest_recipients}. Removing a recipient deactivates the row rather
 * than deleting it, because past deliveries refer to it; adding the address again reactivates it.
 */
public final class RecipientStore {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int MAX_LIST = 10_000;

    private static final String COLUMNS =
            "recipient_id, email, display_name, unsubscribe_token, active, created_at, unsubscribed_at";

    private static final RowMapper<Recipient> MAPPER = (rs, ctx) -> new Recipient(
            rs.getLong("recipient_id"), rs.getString("email"), rs.getString("display_name"),
            rs.getString("unsubscribe_token"), rs.getBoolean("active"), instant(rs.getTimestamp("created_at")),
            instant(rs.getTimestamp("unsubscribed_at")));

    private final Jdbi jdbi;

    public RecipientStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /**
     * Adds a recipient, or reactivates (and renames, when a name is given) an existing one with the same address,
     * compared case-insensitively. The address is validated strictly; a bad one throws IllegalArgumentException.
     */
    public Recipient add(String email, String displayName) {
        InternetAddress mailbox = HeaderValues.mailbox(email, displayName);
        String name = mailbox.getPersonal();
        return jdbi.withHandle(h -> h.createQuery("""
                        INSERT INTO digest_recipients (email, display_name, unsubscribe_token)
                        VALUES (:email, :name, :token)
                        ON CONFLICT ((lower(email))) DO UPDATE
                           SET active = true,
                               unsubscribed_at = NULL,
                               display_name = coalesce(excluded.display_name, digest_recipients.display_name)
                        RETURNING\s""" + COLUMNS)
                .bind("email", mailbox.getAddress())
                .bind("name", name)
                .bind("token", newToken())
                .map(MAPPER)
                .one());
    }

    /** Deactivates the recipient with this address; false when there is none or it was already inactive. */
    public boolean remove(String email) {
        return jdbi.withHandle(h -> h.createUpdate("""
                        UPDATE digest_recipients SET active = false, unsubscribed_at = now()
                         WHERE lower(email) = lower(:email) AND active""")
                .bind("email", email == null ? "" : email.strip())
                .execute()) > 0;
    }

    /**
     * One-click unsubscribe: deactivates the recipient holding this token. Returns the recipient, or empty for an
     * unknown token. Idempotent, as RFC 8058 POSTs may be repeated.
     */
    public Optional<Recipient> unsubscribe(String token) {
        if (token == null || !token.matches("[A-Za-z0-9_-]{20,100}")) {
            return Optional.empty();
        }
        return jdbi.withHandle(h -> h.createQuery("""
                        UPDATE digest_recipients
                           SET active = false, unsubscribed_at = coalesce(unsubscribed_at, now())
                         WHERE unsubscribe_token = :token
                        RETURNING\s""" + COLUMNS)
                .bind("token", token)
                .map(MAPPER)
                .findOne());
    }

    /** Active recipients, oldest first: the order deliveries are made in. */
    public List<Recipient> active() {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS
                        + " FROM digest_recipients WHERE active ORDER BY recipient_id LIMIT :max")
                .bind("max", MAX_LIST)
                .map(MAPPER)
                .list());
    }

    /** Every recipient, active or not, oldest first. */
    public List<Recipient> all() {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS
                        + " FROM digest_recipients ORDER BY recipient_id LIMIT :max")
                .bind("max", MAX_LIST)
                .map(MAPPER)
                .list());
    }

    private static String newToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static java.time.Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
