package io.tickertape.migrations;

import io.tickertape.migrations.testing.TestDatabases;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MigrationsTest {

    @Test
    void migratesAnEmptyDatabaseThenMigratingAgainIsANoOp() {
        try (Database db = TestDatabases.emptySchema()) {
            MigrateResult first = db.migrate();
            assertThat(first.success).isTrue();
            assertThat(first.migrationsExecuted).isGreaterThanOrEqualTo(2);

            MigrateResult second = db.migrate();
            assertThat(second.success).isTrue();
            assertThat(second.migrationsExecuted).isZero();
            assertThat(second.targetSchemaVersion).isNull(); // nothing to apply
            assertThat(second.initialSchemaVersion).isEqualTo(first.targetSchemaVersion);

            List<String> tables = db.jdbi().withHandle(h -> h.createQuery(
                            "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY 1")
                    .mapTo(String.class).list());
            assertThat(tables).contains("signal_history", "signal_dedupe", "digest_runs", "digest_deliveries",
                    "digest_recipients", "alert_deliveries");
        }
    }

    @Test
    void roundTripsASignalRowThroughJdbiWithBoundParameters() {
        try (Database db = TestDatabases.freshSchema()) {
            Instant now = Instant.parse("2026-11-20T14:00:00Z");
            String hostile = "Robert'); DROP TABLE signal_history;--";
            int inserted = db.jdbi().withHandle(h -> h.createUpdate("""
                            INSERT INTO signal_history (signal_id, ticker, company, direction, signal_at, article_id, headline,
                                published_at, score, sentiment_score, technical_score, confidence, relevance, model_version,
                                price, price_at, entry_price, stop_price, target_price)
                            VALUES (:id, :ticker, :company, 'BUY', :at, :article, :headline, :at, 0.61, 0.8, 0.2, 0.9, 1.0,
                                'test', 190.5, :at, 190.5, 185.0, 201.5)
                            ON CONFLICT (signal_id) DO NOTHING""")
                    .bind("id", "sig-1").bind("ticker", "AAPL").bind("company", "Apple Inc.")
                    .bind("at", now).bind("article", "a-1").bind("headline", hostile).execute());
            assertThat(inserted).isEqualTo(1);

            int again = db.jdbi().withHandle(h -> h.createUpdate(
                    "INSERT INTO signal_history (signal_id, ticker, direction, signal_at, article_id, headline, published_at,"
                            + " score, sentiment_score, technical_score, confidence, relevance, model_version, price, price_at,"
                            + " entry_price, stop_price, target_price) SELECT signal_id, ticker, direction, signal_at,"
                            + " article_id, headline, published_at, score, sentiment_score, technical_score, confidence,"
                            + " relevance, model_version, price, price_at, entry_price, stop_price, target_price"
                            + " FROM signal_history ON CONFLICT (signal_id) DO NOTHING").execute());
            assertThat(again).isZero();

            var row = db.jdbi().withHandle(h -> h.createQuery(
                            "SELECT headline, signal_at, target_price FROM signal_history WHERE signal_id = :id")
                    .bind("id", "sig-1").mapToMap().one());
            assertThat(row.get("headline")).isEqualTo(hostile);
            assertThat(((java.sql.Timestamp) row.get("signal_at")).toInstant()).isEqualTo(now);
            assertThat(row.get("target_price").toString()).isEqualTo("201.500000");
        }
    }

    @Test
    void schemaRejectsAnUnknownDirection() {
        try (Database db = TestDatabases.freshSchema()) {
            assertThatThrownBy(() -> db.jdbi().useHandle(h -> h.execute(
                    "INSERT INTO signal_dedupe (ticker, scope, last_signal_at, last_signal_id) VALUES ('X', 'HOLD', now(), 's')")))
                    .hasMessageContaining("signal_dedupe_scope_check");
        }
    }

    @Test
    void recipientEmailsAreUniqueIgnoringCase() {
        try (Database db = TestDatabases.freshSchema()) {
            db.jdbi().useHandle(h -> h.execute(
                    "INSERT INTO digest_recipients (email, unsubscribe_token) VALUES ('Ops@Example.com', 't1')"));
            assertThatThrownBy(() -> db.jdbi().useHandle(h -> h.execute(
                    "INSERT INTO digest_recipients (email, unsubscribe_token) VALUES ('ops@example.com', 't2')")))
                    .hasMessageContaining("digest_recipients_email_key");
        }
    }
}
