package io.tickertape.web.signals;

import io.tickertape.signals.fusion.Signal;
import io.tickertape.signals.history.DedupeSettings;
import io.tickertape.signals.history.SignalHistory;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.SqlStatements;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Read-only access to signal_history: the filtered, paginated list (its own query, only the columns a list shows)
 * and single signals through {@link SignalHistory#find}, which the digest and the stream app use too. The SQL is
 * fixed fragments; every value is a bound parameter. Every statement has a timeout.
 */
public final class SignalReader {

    static final int QUERY_TIMEOUT_SECONDS = 5;
    /** Signal ids are hex digests; anything not shaped like an id is not looked up at all. */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,128}");

    private final Jdbi jdbi;
    private final SignalHistory history;

    public SignalReader(Jdbi jdbi) {
        this.jdbi = jdbi;
        this.history = new SignalHistory(jdbi, DedupeSettings.defaults());
    }

    /** A page of sent signals (shadow arms' are measured, never shown), newest first, plus whether an older page exists. */
    public record Page(List<SignalSummary> rows, boolean more) {
    }

    public Page list(SignalFilter filter) {
        StringBuilder sql = new StringBuilder("""
                SELECT signal_id, ticker, company, direction, signal_at, headline, source, score, confidence
                  FROM signal_history WHERE NOT shadow""");
        if (filter.ticker() != null) {
            sql.append(" AND ticker = :ticker");
        }
        if (filter.direction() != null) {
            sql.append(" AND direction = :direction");
        }
        if (filter.since() != null) {
            sql.append(" AND signal_at >= :since");
        }
        sql.append(" ORDER BY signal_at DESC, signal_id DESC LIMIT :limit OFFSET :offset");
        List<SignalSummary> rows = jdbi.withHandle(h -> {
            h.getConfig(SqlStatements.class).setQueryTimeout(QUERY_TIMEOUT_SECONDS);
            Query q = h.createQuery(sql.toString())
                    .bind("limit", filter.pageSize() + 1)
                    .bind("offset", filter.offset());
            if (filter.ticker() != null) {
                q.bind("ticker", filter.ticker());
            }
            if (filter.direction() != null) {
                q.bind("direction", filter.direction());
            }
            if (filter.since() != null) {
                q.bind("since", filter.sinceInstant().atOffset(ZoneOffset.UTC));
            }
            return q.map((rs, ctx) -> new SignalSummary(rs.getString("signal_id"), rs.getString("ticker"),
                    rs.getString("company"), rs.getString("direction"), instant(rs.getTimestamp("signal_at")),
                    rs.getString("headline"), rs.getString("source"), rs.getDouble("score"), rs.getDouble("confidence")))
                    .list();
        });
        boolean more = rows.size() > filter.pageSize();
        return new Page(more ? rows.subList(0, filter.pageSize()) : rows, more);
    }

    /** The signal with this id; empty for an unknown or malformed id. */
    public Optional<Signal> find(String signalId) {
        if (signalId == null || !ID.matcher(signalId).matches()) {
            return Optional.empty();
        }
        return history.find(signalId);
    }

    /** A cheap query that fails when the database or the schema is missing. */
    public boolean schemaPresent() {
        return jdbi.withHandle(h -> {
            h.getConfig(SqlStatements.class).setQueryTimeout(2);
            return h.createQuery("SELECT to_regclass('signal_history') IS NOT NULL").mapTo(Boolean.class).one();
        });
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
