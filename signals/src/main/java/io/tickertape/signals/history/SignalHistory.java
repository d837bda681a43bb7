package io.tickertape.signals.history;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tickertape.signals.fusion.Direction;
import io.tickertape.signals.fusion.Signal;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.SqlStatements;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * signal_history and its race-free dedupe (schema: migrations/sql/V1__signal_history.sql).
 * <p>
 * One transaction per signal: claim the (ticker, scope) slot in signal_dedupe with
 * {@code INSERT ... ON CONFLICT DO UPDATE ... WHERE last_signal_at <= new_at - window RETURNING}. PostgreSQL takes
 * the row lock and re-evaluates the WHERE against the committed winner, so of any number of concurrent writers
 * exactly one gets a row back; only that one writes the history row. Thread-safe; no state outside the database.
 */
public final class SignalHistory {

    /** What {@link #record} did. */
    public enum RecordResult {
        /** This call claimed the dedupe slot and wrote the history row: emit the signal. */
        NEW,
        /** This very signal (same id) was recorded before (a replay or a retry): do not emit it again. */
        ALREADY_RECORDED,
        /** Another signal in the same scope is within the window: do not emit. */
        DUPLICATE
    }

    /** Every statement is bounded: a lock wait or a slow server fails the call instead of stalling the stream. */
    static final int QUERY_TIMEOUT_SECONDS = 10;
    /** Purge deletes in batches so one run never holds locks on a large part of the table. */
    static final int PURGE_BATCH = 1_000;
    static final int PURGE_MAX_BATCHES = 100_000;
    static final int MAX_SINCE_LIMIT = 100_000;

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String CLAIM = """
            INSERT INTO signal_dedupe (ticker, scope, last_signal_at, last_signal_id)
            VALUES (:ticker, :scope, :at, :id)
            ON CONFLICT (ticker, scope) DO UPDATE
               SET last_signal_at = excluded.last_signal_at, last_signal_id = excluded.last_signal_id
             WHERE signal_dedupe.last_signal_at <= excluded.last_signal_at - make_interval(secs => :windowSeconds)
            RETURNING last_signal_id""";

    /** A reversal takes the slot only from the very signal it reverses (compare and set on the holder). */
    private static final String CLAIM_REVERSAL = """
            UPDATE signal_dedupe SET last_signal_at = :at, last_signal_id = :id
             WHERE ticker = :ticker AND scope = :scope AND last_signal_id = :reversed
            RETURNING last_signal_id""";

    private static final String HOLDER = """
            SELECT d.last_signal_id, d.last_signal_at, h.direction
              FROM signal_dedupe d LEFT JOIN signal_history h ON h.signal_id = d.last_signal_id
             WHERE d.ticker = :ticker AND d.scope = :scope""";

    private static final String INSERT_HISTORY = """
            INSERT INTO signal_history (signal_id, ticker, company, direction, signal_at, article_id, headline, link,
                source, published_at, score, sentiment_score, technical_score, confidence, relevance, model_version,
                price, price_at, currency, entry_price, stop_price, target_price, details, strategy, scorer, arm,
                shadow, reversal_of)
            VALUES (:signalId, :ticker, :company, :direction, :signalAt, :articleId, :headline, :link,
                :source, :publishedAt, :score, :sentimentScore, :technicalScore, :confidence, :relevance, :modelVersion,
                :price, :priceAt, :currency, :entry, :stop, :target, CAST(:details AS jsonb), :strategy, :scorer, :arm,
                :shadow, :reversalOf)
            ON CONFLICT (signal_id) DO NOTHING""";

    private static final List<String> COLUMN_NAMES = List.of("signal_id", "ticker", "company", "direction",
            "signal_at", "article_id", "headline", "link", "source", "published_at", "score", "sentiment_score",
            "technical_score", "confidence", "relevance", "model_version", "price", "price_at", "currency",
            "entry_price", "stop_price", "target_price", "strategy", "scorer", "arm", "shadow", "reversal_of");
    private static final String COLUMNS = String.join(", ", COLUMN_NAMES) + ", details::text AS details";

    private final Jdbi jdbi;
    private final DedupeSettings settings;

    public SignalHistory(Jdbi jdbi, DedupeSettings settings) {
        this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    public DedupeSettings settings() {
        return settings;
    }

    /**
     * Records the signal when no other signal of its scope is within the window, or when it reverses the one that
     * is (see {@link DedupeSettings#reverses}); says what happened. A reversal is stored with reversal_of set.
     */
    public RecordResult record(Signal signal) {
        Objects.requireNonNull(signal, "signal");
        String scope = settings.scopeOf(signal.arm(), signal.shadow(), signal.direction());
        // READ COMMITTED is what makes ON CONFLICT re-check the WHERE against the winner's committed row.
        return jdbi.inTransaction(TransactionIsolationLevel.READ_COMMITTED, h -> {
            bound(h);
            Signal toWrite = signal;
            Optional<String> claimed = h.createQuery(CLAIM)
                    .bind("ticker", signal.ticker())
                    .bind("scope", scope)
                    .bind("at", utc(signal.signalAt()))
                    .bind("id", signal.signalId())
                    .bind("windowSeconds", (double) settings.window().toSeconds())
                    .mapTo(String.class)
                    .findOne();
            if (claimed.isEmpty()) {
                boolean seen = h.createQuery("SELECT EXISTS (SELECT 1 FROM signal_history WHERE signal_id = :id)")
                        .bind("id", signal.signalId()).mapTo(Boolean.class).one();
                if (seen) {
                    return RecordResult.ALREADY_RECORDED;
                }
                Optional<SlotHolder> holder = holder(h, signal.ticker(), scope);
                boolean reversal = holder.isPresent() && !signal.shadow()
                        && (signal.reversalOf() == null || signal.reversalOf().equals(holder.get().signalId()))
                        && settings.reverses(holder.get().direction(), signal.direction(), signal.score());
                if (!reversal) {
                    return RecordResult.DUPLICATE;
                }
                Optional<String> taken = h.createQuery(CLAIM_REVERSAL)
                        .bind("ticker", signal.ticker()).bind("scope", scope)
                        .bind("at", utc(signal.signalAt())).bind("id", signal.signalId())
                        .bind("reversed", holder.get().signalId())
                        .mapTo(String.class).findOne();
                if (taken.isEmpty()) {
                    return RecordResult.DUPLICATE;
                }
                toWrite = signal.reversalOf() == null ? signal.asReversalOf(holder.get().signalId()) : signal;
            }
            String details = detailsJson(toWrite);
            final Signal row = toWrite;
            int inserted = h.createUpdate(INSERT_HISTORY)
                    .bind("strategy", row.strategy())
                    .bind("scorer", row.scorer())
                    .bind("arm", row.arm())
                    .bind("shadow", row.shadow())
                    .bind("reversalOf", row.reversalOf())
                    .bind("signalId", signal.signalId())
                    .bind("ticker", signal.ticker())
                    .bind("company", signal.company())
                    .bind("direction", signal.direction().name())
                    .bind("signalAt", utc(signal.signalAt()))
                    .bind("articleId", signal.articleId())
                    .bind("headline", signal.headline())
                    .bind("link", signal.link())
                    .bind("source", signal.source())
                    .bind("publishedAt", utc(signal.publishedAt()))
                    .bind("score", signal.score())
                    .bind("sentimentScore", signal.sentimentScore())
                    .bind("technicalScore", signal.technicalScore())
                    .bind("confidence", signal.confidence())
                    .bind("relevance", signal.relevance())
                    .bind("modelVersion", signal.modelVersion())
                    .bind("price", money(signal.price()))
                    .bind("priceAt", utc(signal.priceAt()))
                    .bind("currency", signal.currency())
                    .bind("entry", money(signal.entry()))
                    .bind("stop", money(signal.stop()))
                    .bind("target", money(signal.target()))
                    .bind("details", details)
                    .execute();
            // A signal id that is already in history but had lost its slot (its window expired and it is replayed
            // after a newer one) re-claimed the slot above; it is still not new, and rolling back keeps the slot.
            if (inserted == 0) {
                h.rollback();
                return RecordResult.ALREADY_RECORDED;
            }
            return RecordResult.NEW;
        });
    }

    /** {@code record(signal) == NEW}: whether the signal is new and should be emitted. */
    public boolean recordIfNew(Signal signal) {
        return record(signal) == RecordResult.NEW;
    }

    /**
     * Deletes history rows whose signal_at is before {@code cutoff}, with their alert deliveries (which reference
     * them), and the dedupe slots that can no longer block anything at or after the cutoff. Returns the number of
     * history rows deleted.
     */
    public int purgeOlderThan(Instant cutoff) {
        Objects.requireNonNull(cutoff, "cutoff");
        int total = 0;
        for (int batch = 0; batch < PURGE_MAX_BATCHES; batch++) {
            int deleted = jdbi.inTransaction(h -> {
                bound(h);
                List<String> ids = h.createQuery("""
                                SELECT signal_id FROM signal_history WHERE signal_at < :cutoff
                                ORDER BY signal_at LIMIT :batch FOR UPDATE SKIP LOCKED""")
                        .bind("cutoff", utc(cutoff)).bind("batch", PURGE_BATCH)
                        .mapTo(String.class).list();
                if (ids.isEmpty()) {
                    return 0;
                }
                String[] idArray = ids.toArray(String[]::new);
                h.createUpdate("DELETE FROM alert_deliveries WHERE signal_id = ANY(:ids)")
                        .bind("ids", idArray).execute();
                return h.createUpdate("DELETE FROM signal_history WHERE signal_id = ANY(:ids)")
                        .bind("ids", idArray).execute();
            });
            total += deleted;
            if (deleted < PURGE_BATCH) {
                break;
            }
        }
        jdbi.useHandle(h -> {
            bound(h);
            h.createUpdate("""
                            DELETE FROM signal_dedupe
                             WHERE last_signal_at < CAST(:cutoff AS timestamptz) - make_interval(secs => :windowSeconds)""")
                    .bind("cutoff", utc(cutoff))
                    .bind("windowSeconds", (double) settings.window().toSeconds())
                    .execute();
        });
        return total;
    }

    /** Signals with signal_at ≥ {@code from}, oldest first, at most {@code limit} (1..100,000). */
    public List<Signal> since(Instant from, int limit) {
        Objects.requireNonNull(from, "from");
        if (limit < 1 || limit > MAX_SINCE_LIMIT) {
            throw new IllegalArgumentException("limit must be in 1.." + MAX_SINCE_LIMIT + ": " + limit);
        }
        return jdbi.withHandle(h -> {
            bound(h);
            return h.createQuery("SELECT " + COLUMNS
                            + " FROM signal_history WHERE signal_at >= :from ORDER BY signal_at, signal_id LIMIT :limit")
                    .bind("from", utc(from)).bind("limit", limit)
                    .map(SignalHistory::mapSignal).list();
        });
    }

    /** A cheap round trip to the database; throws when it cannot be reached. */
    public void ping() {
        jdbi.useHandle(h -> h.createQuery("SELECT 1").mapTo(Integer.class).one());
    }

    /** The signal holding a dedupe slot; {@code direction} is null if its history row was purged. */
    public record SlotHolder(String signalId, Instant signalAt, Direction direction) {
    }

    /**
     * Which recorded signal currently holds the dedupe slot this ticker and direction fall into, if any. The stream
     * topology asks this before emitting, so a replay finds the signals it already made.
     */
    public Optional<SlotHolder> slotHolder(String ticker, Direction direction) {
        return slotHolder(ticker, direction, null, false);
    }

    /** The same for a signal of {@code arm}, which has its own slots when it is a shadow. */
    public Optional<SlotHolder> slotHolder(String ticker, Direction direction, String arm, boolean shadow) {
        Objects.requireNonNull(ticker, "ticker");
        Objects.requireNonNull(direction, "direction");
        String scope = settings.scopeOf(arm, shadow, direction);
        return jdbi.withHandle(h -> {
            bound(h);
            return holder(h, ticker, scope);
        });
    }

    private static Optional<SlotHolder> holder(Handle h, String ticker, String scope) {
        return h.createQuery(HOLDER).bind("ticker", ticker).bind("scope", scope)
                .map((rs, ctx) -> new SlotHolder(rs.getString(1), rs.getObject(2, OffsetDateTime.class).toInstant(),
                        rs.getString(3) == null ? null : Direction.valueOf(rs.getString(3))))
                .findOne();
    }

    /** The recorded signal with this id. */
    public Optional<Signal> find(String signalId) {
        Objects.requireNonNull(signalId, "signalId");
        return jdbi.withHandle(h -> {
            bound(h);
            return h.createQuery("SELECT " + COLUMNS + " FROM signal_history WHERE signal_id = :id")
                    .bind("id", signalId).map(SignalHistory::mapSignal).findOne();
        });
    }

    private static void bound(Handle h) {
        h.getConfig(SqlStatements.class).setQueryTimeout(QUERY_TIMEOUT_SECONDS);
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static BigDecimal money(double value) {
        return BigDecimal.valueOf(value).setScale(6, RoundingMode.HALF_UP);
    }

    /** details jsonb: the explanation lines, and the numbers a reader may want without parsing them. */
    static String detailsJson(Signal s) {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode lines = root.putArray("explanation");
        s.explanation().forEach(lines::add);
        root.put("schemaVersion", s.schemaVersion());
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write signal details", e);
        }
    }

    /**
     * The select list that {@link #mapSignal} reads, with every column qualified by {@code alias}: for queries that
     * join signal_history with other tables (e.g. the outcomes).
     */
    public static String columns(String alias) {
        if (!alias.matches("[a-z]{1,8}")) {
            throw new IllegalArgumentException("alias must be a short lower-case name: " + alias);
        }
        StringBuilder out = new StringBuilder();
        for (String column : COLUMN_NAMES) {
            out.append(alias).append('.').append(column).append(", ");
        }
        return out.append(alias).append(".details::text AS details").toString();
    }

    /** Reads one row selected with {@link #columns(String)} (or this class's own select list). */
    public static Signal map(ResultSet rs) throws SQLException {
        return mapSignal(rs, null);
    }

    private static Signal mapSignal(ResultSet rs, StatementContext ctx) throws SQLException {
        List<String> explanation = new ArrayList<>();
        int schemaVersion = Signal.SCHEMA_VERSION;
        String details = rs.getString("details");
        if (details != null) {
            try {
                JsonNode node = JSON.readTree(details);
                JsonNode lines = node.path("explanation");
                if (lines.isArray()) {
                    explanation = JSON.convertValue(lines, new TypeReference<List<String>>() { });
                }
                schemaVersion = node.path("schemaVersion").asInt(Signal.SCHEMA_VERSION);
            } catch (JsonProcessingException e) {
                throw new SQLException("signal_history.details is not JSON for " + rs.getString("signal_id"), e);
            }
        }
        return new Signal(schemaVersion, rs.getString("signal_id"), rs.getString("ticker"), rs.getString("company"),
                Direction.valueOf(rs.getString("direction")), instant(rs, "signal_at"), rs.getString("article_id"),
                rs.getString("headline"), rs.getString("link"), rs.getString("source"), instant(rs, "published_at"),
                rs.getDouble("score"), rs.getDouble("sentiment_score"), rs.getDouble("technical_score"),
                rs.getDouble("confidence"), rs.getDouble("relevance"), rs.getString("model_version"),
                rs.getBigDecimal("price").doubleValue(), instant(rs, "price_at"), rs.getString("currency"),
                rs.getBigDecimal("entry_price").doubleValue(), rs.getBigDecimal("stop_price").doubleValue(),
                rs.getBigDecimal("target_price").doubleValue(), explanation, rs.getString("reversal_of"),
                rs.getString("strategy"), rs.getString("scorer"), rs.getString("arm"), rs.getBoolean("shadow"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp ts = rs.getTimestamp(column);
        return ts == null ? null : ts.toInstant();
    }
}
