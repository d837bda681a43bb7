package io.tickertape.digest.testing;

import io.tickertape.signals.fusion.Signal;
import org.jdbi.v3.core.Jdbi;

import java.time.Instant;

/** Writes signals into signal_history with a chosen created_at, as the signals module would have. */
public final class SignalRows {

    private SignalRows() {
    }

    public static void insert(Jdbi jdbi, Signal s, Instant createdAt) {
        String details = "{\"explanation\":[" + String.join(",", s.explanation().stream()
                .map(line -> "\"" + line.replace("\\", "\\\\").replace("\"", "\\\"") + "\"").toList()) + "]}";
        jdbi.useHandle(h -> h.createUpdate("""
                        INSERT INTO signal_history (signal_id, ticker, company, direction, signal_at, created_at,
                            article_id, headline, link, source, published_at, score, sentiment_score, technical_score,
                            confidence, relevance, model_version, price, price_at, currency, entry_price, stop_price,
                            target_price, details)
                        VALUES (:id, :ticker, :company, :direction, :signalAt, :createdAt, :articleId, :headline, :link,
                            :source, :publishedAt, :score, :sentiment, :technical, :confidence, :relevance, :model,
                            :price, :priceAt, :currency, :entry, :stop, :target, CAST(:details AS jsonb))""")
                .bind("id", s.signalId())
                .bind("ticker", s.ticker())
                .bind("company", s.company())
                .bind("direction", s.direction().name())
                .bind("signalAt", s.signalAt())
                .bind("createdAt", createdAt)
                .bind("articleId", s.articleId())
                .bind("headline", s.headline())
                .bind("link", s.link())
                .bind("source", s.source())
                .bind("publishedAt", s.publishedAt())
                .bind("score", s.score())
                .bind("sentiment", s.sentimentScore())
                .bind("technical", s.technicalScore())
                .bind("confidence", s.confidence())
                .bind("relevance", s.relevance())
                .bind("model", s.modelVersion())
                .bind("price", s.price())
                .bind("priceAt", s.priceAt())
                .bind("currency", s.currency())
                .bind("entry", s.entry())
                .bind("stop", s.stop())
                .bind("target", s.target())
                .bind("details", details)
                .execute());
    }

    /** The database's clock, which stamps created_at and the digest windows. */
    public static Instant dbNow(Jdbi jdbi) {
        return jdbi.withHandle(h -> h.createQuery("SELECT now()").mapTo(Instant.class).one());
    }
}
