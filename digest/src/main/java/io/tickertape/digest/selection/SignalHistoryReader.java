package io.tickertape.digest.selection;

import io.tickertape.signals.fusion.Direction;
import io.tickertape.signals.fusion.Signal;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;

import java.sql.Array;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

/**
 * Reads {@code signal_history} for the digest: the signals recorded ({@code created_at}) in a window, strongest
 * first. "Strongest" is the largest |combined score|, then the higher confidence; the signal id breaks ties so
 * the order is the same on every read. Explanation lines come from {@code details -> 'explanation'}.
 * <p>
 * A digest carries one call per ticker: shadow signals are never mailed, and when a ticker has several signals in
 * the window (a reversal of an earlier one) only its latest counts, so no reader is told to buy and sell at once.
 */
public final class SignalHistoryReader {

    /** The window bounds are half-open, [from, to), so consecutive digests neither miss nor repeat a signal. */
    private static final String SELECT = """
            SELECT signal_id, ticker, company, direction, signal_at, article_id, headline, link, source,
                   published_at, score, sentiment_score, technical_score, confidence, relevance, model_version,
                   price, price_at, currency, entry_price, stop_price, target_price, strategy, scorer, arm,
                   shadow, reversal_of,
                   CASE WHEN jsonb_typeof(details -> 'explanation') = 'array'
                        THEN ARRAY(SELECT jsonb_array_elements_text(details -> 'explanation'))
                        ELSE ARRAY[]::text[] END AS explanation
              FROM signal_history
            """;

    private static final RowMapper<Signal> MAPPER = (rs, ctx) -> new Signal(
            Signal.SCHEMA_VERSION,
            rs.getString("signal_id"),
            rs.getString("ticker"),
            rs.getString("company"),
            Direction.valueOf(rs.getString("direction")),
            instant(rs.getTimestamp("signal_at")),
            rs.getString("article_id"),
            rs.getString("headline"),
            rs.getString("link"),
            rs.getString("source"),
            instant(rs.getTimestamp("published_at")),
            rs.getDouble("score"),
            rs.getDouble("sentiment_score"),
            rs.getDouble("technical_score"),
            rs.getDouble("confidence"),
            rs.getDouble("relevance"),
            rs.getString("model_version"),
            rs.getBigDecimal("price").doubleValue(),
            instant(rs.getTimestamp("price_at")),
            rs.getString("currency"),
            rs.getBigDecimal("entry_price").doubleValue(),
            rs.getBigDecimal("stop_price").doubleValue(),
            rs.getBigDecimal("target_price").doubleValue(),
            lines(rs.getArray("explanation")),
            rs.getString("reversal_of"),
            rs.getString("strategy"),
            rs.getString("scorer"),
            rs.getString("arm"),
            rs.getBoolean("shadow"));

    /** The latest sent signal of each ticker in [from, to). */
    private static final String LATEST_PER_TICKER = """
            SELECT DISTINCT ON (ticker) signal_id FROM signal_history
             WHERE created_at >= :from AND created_at < :to AND NOT shadow
             ORDER BY ticker, signal_at DESC, created_at DESC, signal_id""";

    private final Jdbi jdbi;

    public SignalHistoryReader(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** The window's signals, strongest first, at most {@code limit}, and how many there were in all. */
    public Selection strongest(Instant from, Instant to, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive: " + limit);
        }
        return jdbi.inTransaction(h -> {
            // REPEATABLE READ is not needed: the window is closed (it ends before the claim), so both reads agree.
            int total = h.createQuery("SELECT count(*) FROM (" + LATEST_PER_TICKER + ") latest")
                    .bind("from", from)
                    .bind("to", to)
                    .mapTo(Integer.class)
                    .one();
            List<Signal> signals = h.createQuery(SELECT + """
                             WHERE signal_id IN (""" + LATEST_PER_TICKER + """
                            )
                             ORDER BY abs(score) DESC, confidence DESC, signal_id
                             LIMIT :limit""")
                    .bind("from", from)
                    .bind("to", to)
                    .bind("limit", limit)
                    .map(MAPPER)
                    .list();
            return new Selection(signals, total);
        });
    }

    /** One signal by id, for alerts raised from a stored signal. */
    public java.util.Optional<Signal> find(String signalId) {
        return jdbi.withHandle(h -> h.createQuery(SELECT + " WHERE signal_id = :id")
                .bind("id", signalId)
                .map(MAPPER)
                .findOne());
    }

    /** Selected signals, and the number in the window before the cap. */
    public record Selection(List<Signal> signals, int total) {
        public Selection {
            signals = List.copyOf(signals);
        }
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    private static List<String> lines(Array array) throws SQLException {
        if (array == null) {
            return List.of();
        }
        try {
            Object[] values = (Object[]) array.getArray();
            return java.util.Arrays.stream(values).filter(java.util.Objects::nonNull).map(Object::toString).toList();
        } finally {
            array.free();
        }
    }
}
