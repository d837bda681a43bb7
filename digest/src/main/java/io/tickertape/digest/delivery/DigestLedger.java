package io.tickertape.digest.delivery;

import org.jdbi.v3.core.Jdbi;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * The idempotence ledger: {@code digest_runs} (one per date) and {@code digest_deliveries} (one per date and
 * recipient). All state changes are single statements whose WHERE clauses carry the preconditions, so concurrent
 * schedulers are serialised by PostgreSQL's row locks rather than by anything in this process.
 *
 * <ul>
 *   <li>A run is <b>claimed</b> by inserting its row ({@code ON CONFLICT DO NOTHING}): of two racing schedulers
 *       exactly one gets it. Its window is fixed at that moment: from the previous completed run's
 *       {@code window_end} to the claim time, so every later attempt renders the same signals.</li>
 *   <li>A claim holds a <b>lease</b>; an unfinished run whose lease has expired (its process died) can be
 *       <b>taken over</b>, keeping the window. A holder renews the lease before each delivery and stops when the
 *       renewal fails, so a taken-over run never has two senders.</li>
 *   <li>Each delivery is <b>begun</b> by writing {@code SENDING} and its Message-ID before the message is handed
 *       to SMTP, and marked {@code SENT} or {@code FAILED} after. Only {@code FAILED} rows are tried again.</li>
 * </ul>
 */
public final class DigestLedger {

    /** Signals created within this much of the claim wait for the next digest: their transaction may still be open. */
    public static final Duration SETTLE = Duration.ofSeconds(10);

    private final Jdbi jdbi;

    public DigestLedger(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** A held claim on a date's run. */
    public record Claim(LocalDate date, String claimant, Instant windowStart, Instant windowEnd, boolean takenOver) {
    }

    /** Why a claim was not granted. */
    public record RunState(LocalDate date, String status, String claimedBy, Instant leaseUntil, Instant completedAt) {
        public boolean completed() {
            return "COMPLETED".equals(status);
        }
    }

    /**
     * Claims the date's run, or takes over an unfinished one whose lease expired. Empty when another scheduler
     * holds it or it is completed; {@link #state} says which.
     *
     * @param firstWindow how far back the very first digest looks, when no run has completed before
     */
    public Optional<Claim> claim(LocalDate date, String claimant, Duration lease, Duration firstWindow) {
        return jdbi.inTransaction(h -> {
            Optional<Claim> fresh = h.createQuery("""
                            WITH prev AS (
                                SELECT max(window_end) AS window_end FROM digest_runs
                                 WHERE status = 'COMPLETED' AND digest_date < :date
                            ), bounds AS (
                                SELECT now() - make_interval(secs => :settle) AS window_end, prev.window_end AS prev_end
                                  FROM prev
                            )
                            INSERT INTO digest_runs (digest_date, status, claimed_by, lease_until, window_start, window_end)
                            SELECT :date, 'CLAIMED', :claimant, now() + make_interval(secs => :lease),
                                   least(coalesce(prev_end, window_end - make_interval(secs => :first)), window_end),
                                   window_end
                              FROM bounds
                            ON CONFLICT (digest_date) DO NOTHING
                            RETURNING window_start, window_end""")
                    .bind("date", date)
                    .bind("claimant", claimant)
                    .bind("settle", (double) SETTLE.toSeconds())
                    .bind("lease", seconds(lease))
                    .bind("first", seconds(firstWindow))
                    .map((rs, ctx) -> new Claim(date, claimant, rs.getTimestamp(1).toInstant(),
                            rs.getTimestamp(2).toInstant(), false))
                    .findOne();
            if (fresh.isPresent()) {
                return fresh;
            }
            return h.createQuery("""
                            UPDATE digest_runs
                               SET claimed_by = :claimant, claimed_at = now(), status = 'CLAIMED',
                                   lease_until = now() + make_interval(secs => :lease)
                             WHERE digest_date = :date AND status <> 'COMPLETED' AND lease_until < now()
                            RETURNING window_start, window_end""")
                    .bind("date", date)
                    .bind("claimant", claimant)
                    .bind("lease", seconds(lease))
                    .map((rs, ctx) -> new Claim(date, claimant, rs.getTimestamp(1).toInstant(),
                            rs.getTimestamp(2).toInstant(), true))
                    .findOne();
        });
    }

    /**
     * The window a run for {@code date} would get if claimed now, without claiming anything (for previews): the
     * stored window when the run exists, else the previous completed run's end up to now.
     */
    public Window previewWindow(LocalDate date, Duration firstWindow) {
        return jdbi.withHandle(h -> h.createQuery("""
                        WITH prev AS (
                            SELECT max(window_end) AS window_end FROM digest_runs
                             WHERE status = 'COMPLETED' AND digest_date < :date
                        ), bounds AS (
                            SELECT now() - make_interval(secs => :settle) AS window_end, prev.window_end AS prev_end FROM prev
                        )
                        SELECT coalesce(r.window_start, least(coalesce(b.prev_end, b.window_end - make_interval(secs => :first)), b.window_end)),
                               coalesce(r.window_end, b.window_end)
                          FROM bounds b LEFT JOIN digest_runs r ON r.digest_date = :date""")
                .bind("date", date)
                .bind("settle", (double) SETTLE.toSeconds())
                .bind("first", seconds(firstWindow))
                .map((rs, ctx) -> new Window(rs.getTimestamp(1).toInstant(), rs.getTimestamp(2).toInstant()))
                .one());
    }

    /** A half-open time window [start, end). */
    public record Window(Instant start, Instant end) {
    }

    public Optional<RunState> state(LocalDate date) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT status, claimed_by, lease_until, completed_at FROM digest_runs WHERE digest_date = :date""")
                .bind("date", date)
                .map((rs, ctx) -> new RunState(date, rs.getString(1), rs.getString(2),
                        rs.getTimestamp(3).toInstant(),
                        rs.getTimestamp(4) == null ? null : rs.getTimestamp(4).toInstant()))
                .findOne());
    }

    /** Extends the lease and marks the run SENDING; false when the claim was lost (taken over or finished). */
    public boolean renew(Claim claim, Duration lease, int signalCount) {
        return jdbi.withHandle(h -> h.createUpdate("""
                        UPDATE digest_runs
                           SET lease_until = now() + make_interval(secs => :lease), status = 'SENDING',
                               signal_count = :signals
                         WHERE digest_date = :date AND claimed_by = :claimant AND status IN ('CLAIMED', 'SENDING')""")
                .bind("lease", seconds(lease))
                .bind("signals", signalCount)
                .bind("date", claim.date())
                .bind("claimant", claim.claimant())
                .execute()) == 1;
    }

    /** Marks the run done; later claims for the date are refused. */
    public boolean complete(Claim claim, int signalCount, String note) {
        return jdbi.withHandle(h -> h.createUpdate("""
                        UPDATE digest_runs
                           SET status = 'COMPLETED', completed_at = now(), signal_count = :signals, last_error = :note
                         WHERE digest_date = :date AND claimed_by = :claimant AND status <> 'COMPLETED'""")
                .bind("signals", signalCount)
                .bind("note", note)
                .bind("date", claim.date())
                .bind("claimant", claim.claimant())
                .execute()) == 1;
    }

    /** Marks the run failed and releases the lease at once, so the next attempt can resume without waiting. */
    public void fail(Claim claim, String error) {
        jdbi.useHandle(h -> h.createUpdate("""
                        UPDATE digest_runs SET status = 'FAILED', last_error = :error, lease_until = now()
                         WHERE digest_date = :date AND claimed_by = :claimant AND status <> 'COMPLETED'""")
                .bind("error", truncate(error))
                .bind("date", claim.date())
                .bind("claimant", claim.claimant())
                .execute());
    }

    /**
     * Starts a delivery: records SENDING and the Message-ID before anything is sent. True when this caller may
     * send now: there was no row, or the row is FAILED with attempts left. False for SENT, for SENDING (a
     * previous attempt's outcome is unknown: not resent, see README) and for FAILED without attempts left.
     */
    public boolean begin(LocalDate date, long recipientId, String messageId, int maxAttempts) {
        return jdbi.withHandle(h -> h.createQuery("""
                        INSERT INTO digest_deliveries (digest_date, recipient_id, status, message_id)
                        VALUES (:date, :recipient, 'SENDING', :messageId)
                        ON CONFLICT (digest_date, recipient_id) DO UPDATE
                           SET status = 'SENDING', attempts = digest_deliveries.attempts + 1, updated_at = now(),
                               last_error = NULL
                         WHERE digest_deliveries.status = 'FAILED' AND digest_deliveries.attempts < :max
                        RETURNING attempts""")
                .bind("date", date)
                .bind("recipient", recipientId)
                .bind("messageId", messageId)
                .bind("max", maxAttempts)
                .mapTo(Integer.class)
                .findOne()
                .isPresent());
    }

    public void sent(LocalDate date, long recipientId) {
        setStatus(date, recipientId, "SENT", null);
    }

    public void failed(LocalDate date, long recipientId, String error) {
        setStatus(date, recipientId, "FAILED", truncate(error));
    }

    /** Leaves the row SENDING (outcome unknown) but records why. */
    public void unknown(LocalDate date, long recipientId, String error) {
        setStatus(date, recipientId, "SENDING", truncate("outcome unknown: " + error));
    }

    private void setStatus(LocalDate date, long recipientId, String status, String error) {
        jdbi.useHandle(h -> h.createUpdate("""
                        UPDATE digest_deliveries SET status = :status, last_error = :error, updated_at = now()
                         WHERE digest_date = :date AND recipient_id = :recipient""")
                .bind("status", status)
                .bind("error", error)
                .bind("date", date)
                .bind("recipient", recipientId)
                .execute());
    }

    /** Delivery counts by status for a date. */
    public Map<DeliveryStatus, Integer> counts(LocalDate date) {
        Map<DeliveryStatus, Integer> out = new EnumMap<>(DeliveryStatus.class);
        for (DeliveryStatus s : DeliveryStatus.values()) {
            out.put(s, 0);
        }
        jdbi.useHandle(h -> h.createQuery("""
                        SELECT status, count(*) FROM digest_deliveries WHERE digest_date = :date GROUP BY status""")
                .bind("date", date)
                .map((rs, ctx) -> Map.entry(DeliveryStatus.valueOf(rs.getString(1)), rs.getInt(2)))
                .forEach(e -> out.put(e.getKey(), e.getValue())));
        return out;
    }

    /** FAILED deliveries of a date that still have attempts left: the run is not done until they are. */
    public int retryable(LocalDate date, int maxAttempts) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT count(*) FROM digest_deliveries d JOIN digest_recipients r USING (recipient_id)
                         WHERE d.digest_date = :date AND d.status = 'FAILED' AND d.attempts < :max AND r.active""")
                .bind("date", date)
                .bind("max", maxAttempts)
                .mapTo(Integer.class)
                .one());
    }

    /**
     * Operator override for deliveries whose outcome is unknown (stuck in SENDING): marks them FAILED and reopens
     * the run, so the next run for the date sends them again with the same Message-ID (at-least-once for these
     * recipients, by explicit choice). Returns how many deliveries were reopened.
     */
    public int reopenUnknown(LocalDate date) {
        return jdbi.inTransaction(h -> {
            int n = h.createUpdate("""
                            UPDATE digest_deliveries SET status = 'FAILED', updated_at = now(),
                                   last_error = 'reopened by operator after an unknown outcome'
                             WHERE digest_date = :date AND status = 'SENDING'""")
                    .bind("date", date)
                    .execute();
            if (n > 0) {
                h.createUpdate("""
                                UPDATE digest_runs SET status = 'FAILED', lease_until = now(), completed_at = NULL
                                 WHERE digest_date = :date AND status = 'COMPLETED'""")
                        .bind("date", date)
                        .execute();
            }
            return n;
        });
    }

    /** The states of {@code digest_deliveries.status}. */
    public enum DeliveryStatus { SENDING, SENT, FAILED }

    private static double seconds(Duration d) {
        return d.toMillis() / 1000.0;
    }

    private static String truncate(String s) {
        if (s == null) {
            return null;
        }
        return s.length() > 1000 ? s.substring(0, 1000) : s;
    }
}
