package io.tickertape.topology.testing;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tickertape.events.Article;
import io.tickertape.finbert.ModelConfig;
import io.tickertape.finbert.ScoreCache;
import io.tickertape.finbert.registry.FallbackPolicy;
import io.tickertape.finbert.registry.ModelRegistry;
import io.tickertape.migrations.Database;
import io.tickertape.migrations.testing.TestDatabases;
import io.tickertape.signals.history.DedupeSettings;
import io.tickertape.signals.history.SignalHistory;
import io.tickertape.signals.prices.FilePriceSource;
import io.tickertape.signals.prices.SyntheticPriceFiles;
import io.tickertape.signals.technicals.TechnicalAnalyzer;
import io.tickertape.signals.tickers.TickerResolver;
import io.tickertape.topology.PipelineServices;
import io.tickertape.topology.dedupe.PostgresSignalLedger;
import io.tickertape.topology.ledger.GuardedSignalLedger;
import io.tickertape.topology.projection.SignalSubscriber;
import io.tickertape.topology.sentiment.FinbertScorers;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The real edges for topology tests: the shipped model, the shipped company table, a real PostgreSQL schema, and
 * file prices (synthetic walks ending on the test's day, quoted at the test clock so they count as live).
 */
public final class PipelineFixture implements AutoCloseable {

    private static ModelRegistry sharedModels;

    public final Database database;
    public final SignalHistory history;
    public final FilePriceSource prices;
    public final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final List<GuardedSignalLedger> ledgers = new java.util.concurrent.CopyOnWriteArrayList<>();

    public PipelineFixture(Path priceDir, Clock clock) {
        this(priceDir, clock, TestDatabases.freshSchema());
    }

    /** On an existing database (another process's schema, e.g. the crash test's child). */
    public PipelineFixture(Path priceDir, Clock clock, Database database) {
        SyntheticPriceFiles.write(priceDir, Map.of("AAPL", 190.0, "TSLA", 240.0, "MSFT", 410.0, "NVDA", 130.0),
                clock.instant().atZone(ZoneOffset.UTC).toLocalDate(), 0.002, 150);
        this.database = database;
        this.history = new SignalHistory(database.jdbi(), DedupeSettings.defaults());
        this.prices = new FilePriceSource(List.of(priceDir), clock, FilePriceSource.QuoteTime.CLOCK, "USD", Map.of());
    }

    /** The shipped model, loaded once per test JVM like the app loads it once per process. */
    public static synchronized ModelRegistry models() {
        if (sharedModels == null) {
            sharedModels = new ModelRegistry(FallbackPolicy.FAIL, new SimpleMeterRegistry())
                    .register("shipped", ModelConfig.defaults());
            sharedModels.activate("shipped");
        }
        return sharedModels;
    }

    public PipelineServices services(Clock clock, SignalSubscriber subscriber) {
        return services(clock, subscriber, registry);
    }

    public PipelineServices services(Clock clock, SignalSubscriber subscriber, io.micrometer.core.instrument.MeterRegistry meters) {
        GuardedSignalLedger ledger = GuardedSignalLedger.around(new PostgresSignalLedger(history), meters);
        ledgers.add(ledger);
        return new PipelineServices(FinbertScorers.of(models(), new ScoreCache(10_000)), TickerResolver.loadDefault(),
                prices, new TechnicalAnalyzer(), ledger, subscriber, meters, clock);
    }

    /** Services whose ledger dedupes with {@code dedupe} (the same settings the topology is given) and scores with {@code scorers}. */
    public PipelineServices services(Clock clock, SignalSubscriber subscriber, DedupeSettings dedupe,
                                     io.tickertape.topology.sentiment.BatchScorer.Factory scorers) {
        GuardedSignalLedger ledger = GuardedSignalLedger.around(
                new PostgresSignalLedger(new SignalHistory(database.jdbi(), dedupe)), registry);
        ledgers.add(ledger);
        return new PipelineServices(scorers == null ? FinbertScorers.of(models(), new ScoreCache(10_000)) : scorers,
                TickerResolver.loadDefault(), prices, new TechnicalAnalyzer(), ledger, subscriber, registry, clock);
    }

    public static Article article(String title, String summary, Instant published) {
        return new Article(Article.SCHEMA_VERSION, "art-" + UUID.nameUUIDFromBytes((title + published).getBytes()),
                title, summary, "https://news.example.com/" + Math.abs(title.hashCode()), "Example Wire",
                "https://news.example.com/rss", published, false, published.plusSeconds(30), List.of());
    }

    public int historyRows() {
        return database.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM signal_history").mapTo(Integer.class).one());
    }

    @Override
    public void close() {
        ledgers.forEach(GuardedSignalLedger::close);
        database.close();
    }
}
