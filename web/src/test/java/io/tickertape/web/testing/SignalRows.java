package io.tickertape.web.testing;

import io.tickertape.signals.fusion.Direction;
import io.tickertape.signals.fusion.Signal;
import org.jdbi.v3.core.Jdbi;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Signals written straight into signal_history, as the stream app would have recorded them. */
public final class SignalRows {

    private static final String[] TICKERS = {"NVDA", "AAPL", "MSFT", "AMZN", "TSLA", "META", "GOOGL", "AMD"};

    private SignalRows() {
    }

    /** {@code n} signals, one a minute back from {@code newest}, alternating BUY and SELL over a few tickers. */
    public static List<Signal> signals(int n, Instant newest) {
        List<Signal> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String ticker = TICKERS[i % TICKERS.length];
            Direction d = i % 3 == 2 ? Direction.SELL : Direction.BUY;
            out.add(signal("article-" + i, ticker, d, newest.minus(Duration.ofMinutes(i)),
                    ticker + " headline number " + i + (d == Direction.BUY ? " beats estimates" : " cuts outlook")));
        }
        return out;
    }

    public static Signal signal(String articleId, String ticker, Direction d, Instant at, String headline) {
        double sign = d == Direction.BUY ? 1 : -1;
        double price = 100 + ticker.length();
        return new Signal(Signal.SCHEMA_VERSION, Signal.idFor(articleId, ticker, d), ticker, ticker + " Inc.", d,
                at, articleId, headline, "https://news.example.com/" + ticker.toLowerCase() + "/" + articleId,
                "Reuters", at.minusSeconds(30), sign * 0.7, sign * 0.8, sign * 0.4, 0.9, 0.8, "finbert-test-1",
                price, at.minusSeconds(600), "USD", price, price * (1 - sign * 0.05), price * (1 + sign * 0.1),
                List.of("RSI(14) at 41", "Price above the 50-day moving average", "FinBERT: p=0.91"));
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
                .bind("id", s.signalId()).bind("ticker", s.ticker()).bind("company", s.company())
                .bind("direction", s.direction().name()).bind("signalAt", s.signalAt()).bind("createdAt", createdAt)
                .bind("articleId", s.articleId()).bind("headline", s.headline()).bind("link", s.link())
                .bind("source", s.source()).bind("publishedAt", s.publishedAt()).bind("score", s.score())
                .bind("sentiment", s.sentimentScore()).bind("technical", s.technicalScore())
                .bind("confidence", s.confidence()).bind("relevance", s.relevance()).bind("model", s.modelVersion())
                .bind("price", s.price()).bind("priceAt", s.priceAt()).bind("currency", s.currency())
                .bind("entry", s.entry()).bind("stop", s.stop()).bind("target", s.target())
                .bind("details", details)
                .execute());
    }

    public static Instant dbNow(Jdbi jdbi) {
        return jdbi.withHandle(h -> h.createQuery("SELECT now()").mapTo(Instant.class).one());
    }
}
