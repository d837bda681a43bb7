package io.tickertape.signals.outcomes;

import io.tickertape.signals.fusion.Signal;
import io.tickertape.signals.history.SignalHistory;
import io.tickertape.signals.outcomes.SignalOutcome.ExitReason;
import io.tickertape.signals.outcomes.SignalOutcome.Status;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.SqlStatements;

import java.math.BigDecimal;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * signal_outcomes (schema: migrations/sql/V3__signal_outcomes.sql). Writes are idempotent by signal id: an
 * outcome that is final is never overwritten, and writing the same values again changes nothing, so any number
 * of updates, in any number of processes, leave the same rows.
 */
public final class OutcomeStore {

    static final int QUERY_TIMEOUT_SECONDS = 30;
    public static final int MAX_LIMIT = 100_000;

    /** Every value column; computed_at is left out of the "did anything change" comparison. */
    private static final List<String> VALUES = List.of("status", "base_date", "base_close", "sessions_seen",
            "return_1d", "return_5d", "return_20d", "benchmark", "benchmark_return_1d", "benchmark_return_5d",
            "benchmark_return_20d", "excess_1d", "excess_5d", "excess_20d", "exit_reason", "exit_date", "days_to_exit",
            "max_favourable", "max_adverse", "last_date", "last_close", "note");

    private static final String UPSERT = """
            INSERT INTO signal_outcomes (signal_id, %1$s, computed_at)
            VALUES (:signalId, %2$s, :computedAt)
            ON CONFLICT (signal_id) DO UPDATE SET (%1$s, computed_at) = (%3$s, excluded.computed_at)
             WHERE signal_outcomes.status = 'PENDING'
               AND (%4$s) IS DISTINCT FROM (%3$s)""".formatted(
            String.join(", ", VALUES),
            String.join(", ", VALUES.stream().map(OutcomeStore::parameter).toList()),
            String.join(", ", VALUES.stream().map(v -> "excluded." + v).toList()),
            String.join(", ", VALUES.stream().map(v -> "signal_outcomes." + v).toList()));

    private static final String OUTCOME_COLUMNS = "o.signal_id AS o_signal_id, "
            + String.join(", ", VALUES.stream().map(v -> "o." + v).toList()) + ", o.computed_at";

    private final Jdbi jdbi;

    public OutcomeStore(Jdbi jdbi) {
        this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
    }

    /** A signal with its outcome, for reports. {@code outcome} is null when no update has looked at it yet. */
    public record Measured(Signal signal, String strategy, SignalOutcome outcome) {
    }

    /** Signals without a final outcome, oldest first, at most {@code limit}. */
    public List<Signal> unfinished(int limit) {
        checkLimit(limit);
        return jdbi.withHandle(h -> {
            bound(h);
            return h.createQuery("SELECT " + SignalHistory.columns("h") + """
                             FROM signal_history h LEFT JOIN signal_outcomes o ON o.signal_id = h.signal_id
                            WHERE o.signal_id IS NULL OR o.status = 'PENDING'
                            ORDER BY h.signal_at, h.signal_id LIMIT :limit""")
                    .bind("limit", limit)
                    .map((rs, ctx) -> SignalHistory.map(rs)).list();
        });
    }

    /** Writes the outcome unless it is already final or unchanged; says whether a row changed. */
    public boolean save(SignalOutcome o) {
        Objects.requireNonNull(o, "outcome");
        return jdbi.withHandle(h -> {
            bound(h);
            return h.createUpdate(UPSERT)
                    .bind("signalId", o.signalId())
                    .bind("status", o.status().name())
                    .bind("baseDate", o.baseDate())
                    .bind("baseClose", o.baseClose())
                    .bind("sessionsSeen", o.sessionsSeen())
                    .bind("return1d", o.return1d())
                    .bind("return5d", o.return5d())
                    .bind("return20d", o.return20d())
                    .bind("benchmark", o.benchmark())
                    .bind("benchmarkReturn1d", o.benchmarkReturn1d())
                    .bind("benchmarkReturn5d", o.benchmarkReturn5d())
                    .bind("benchmarkReturn20d", o.benchmarkReturn20d())
                    .bind("excess1d", o.excess1d())
                    .bind("excess5d", o.excess5d())
                    .bind("excess20d", o.excess20d())
                    .bind("exitReason", o.exitReason() == null ? null : o.exitReason().name())
                    .bind("exitDate", o.exitDate())
                    .bind("daysToExit", o.daysToExit())
                    .bind("maxFavourable", o.maxFavourable())
                    .bind("maxAdverse", o.maxAdverse())
                    .bind("lastDate", o.lastDate())
                    .bind("lastClose", o.lastClose())
                    .bind("note", o.note())
                    .bind("computedAt", o.computedAt().atOffset(ZoneOffset.UTC))
                    .execute() == 1;
        });
    }

    public Optional<SignalOutcome> find(String signalId) {
        Objects.requireNonNull(signalId, "signalId");
        return jdbi.withHandle(h -> {
            bound(h);
            return h.createQuery("SELECT " + OUTCOME_COLUMNS + " FROM signal_outcomes o WHERE o.signal_id = :id")
                    .bind("id", signalId).map((rs, ctx) -> outcome(rs)).findOne();
        });
    }

    /**
     * Signals made in [from, to) with their outcomes (null where none is computed yet), oldest first, at most
     * {@code limit}. The strategy is the signal's recorded strategy ("fusion" for signals made before strategies
     * were recorded).
     */
    public List<Measured> measured(Instant from, Instant to, int limit) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        checkLimit(limit);
        return jdbi.withHandle(h -> {
            bound(h);
            return h.createQuery("SELECT " + SignalHistory.columns("h") + ", "
                            + "h.strategy AS strategy_name, " + OUTCOME_COLUMNS + """
                             FROM signal_history h LEFT JOIN signal_outcomes o ON o.signal_id = h.signal_id
                            WHERE h.signal_at >= :from AND h.signal_at < :to
                            ORDER BY h.signal_at, h.signal_id LIMIT :limit""")
                    .bind("from", from.atOffset(ZoneOffset.UTC)).bind("to", to.atOffset(ZoneOffset.UTC))
                    .bind("limit", limit)
                    .map((rs, ctx) -> new Measured(SignalHistory.map(rs), rs.getString("strategy_name"),
                            rs.getString("o_signal_id") == null ? null : outcome(rs)))
                    .list();
        });
    }

    private static SignalOutcome outcome(ResultSet rs) throws SQLException {
        String exit = rs.getString("exit_reason");
        Timestamp computed = rs.getTimestamp("computed_at");
        return new SignalOutcome(rs.getString("o_signal_id"), Status.valueOf(rs.getString("status")),
                date(rs, "base_date"), number(rs, "base_close"), rs.getInt("sessions_seen"),
                real(rs, "return_1d"), real(rs, "return_5d"), real(rs, "return_20d"), rs.getString("benchmark"),
                real(rs, "benchmark_return_1d"), real(rs, "benchmark_return_5d"), real(rs, "benchmark_return_20d"),
                real(rs, "excess_1d"), real(rs, "excess_5d"), real(rs, "excess_20d"),
                exit == null ? null : ExitReason.valueOf(exit), date(rs, "exit_date"),
                (Integer) rs.getObject("days_to_exit"), real(rs, "max_favourable"), real(rs, "max_adverse"),
                date(rs, "last_date"), number(rs, "last_close"), rs.getString("note"), computed.toInstant());
    }

    private static Double real(ResultSet rs, String column) throws SQLException {
        double v = rs.getDouble(column);
        return rs.wasNull() ? null : v;
    }

    private static Double number(ResultSet rs, String column) throws SQLException {
        BigDecimal v = rs.getBigDecimal(column);
        return v == null ? null : v.doubleValue();
    }

    private static LocalDate date(ResultSet rs, String column) throws SQLException {
        Date d = rs.getDate(column);
        return d == null ? null : d.toLocalDate();
    }

    private static void checkLimit(int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be in 1.." + MAX_LIMIT + ": " + limit);
        }
    }

    private static void bound(Handle h) {
        h.getConfig(SqlStatements.class).setQueryTimeout(QUERY_TIMEOUT_SECONDS);
    }

    /** Nulls bound without a type reach PostgreSQL as "unknown"; each parameter says what it is. */
    private static String parameter(String column) {
        String type = switch (column) {
            case "base_date", "exit_date", "last_date" -> "date";
            case "base_close", "last_close" -> "numeric";
            case "sessions_seen", "days_to_exit" -> "integer";
            case "status", "benchmark", "exit_reason", "note" -> "text";
            default -> "double precision";
        };
        return "CAST(:" + camel(column) + " AS " + type + ")";
    }

    private static String camel(String column) {
        StringBuilder out = new StringBuilder();
        boolean up = false;
        for (char c : column.toCharArray()) {
            if (c == '_') {
                up = true;
            } else {
                out.append(up ? Character.toUpperCase(c) : c);
                up = false;
            }
        }
        return out.toString();
    }
}
