package io.tickertape.topology;

import io.tickertape.finbert.Sentiment;
import io.tickertape.finbert.SentimentInput;
import io.tickertape.signals.fusion.Direction;
import io.tickertape.signals.fusion.FreshnessGate;
import io.tickertape.signals.fusion.Signal;
import io.tickertape.events.Article;
import io.tickertape.events.ScoredArticle;
import io.tickertape.topology.errors.DeadLetterRouting;
import io.tickertape.topology.runtime.StreamsApp;
import io.tickertape.topology.runtime.StreamsSettings;
import io.tickertape.topology.sentiment.BatchScorer;
import io.tickertape.topology.testing.PipelineFixture;
import io.tickertape.events.topics.Topics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The topology's logic on TopologyTestDriver, with a deterministic word-counting scorer in place of the model (so
 * retraining the model cannot break these tests), real PostgreSQL and file prices. The shipped model is scored in
 * the finbert tests (TargetedScoringTest: sentiment toward a company) and end to end in PipelineIntegrationTest.
 */
class SignalTopologyTest {

    private static final Instant NOW = Instant.parse("2026-11-20T15:00:00Z"); // a Friday, market hours

    @TempDir
    Path temp;

    private final MutableClock clock = new MutableClock(NOW);
    private final Topics topics = Topics.withPrefix("");
    private PipelineFixture fixture;
    private TopologyTestDriver driver;
    private final List<Signal> alerted = new ArrayList<>();
    private final PrometheusMeterRegistry deadLetters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private TestInputTopic<String, Article> articles;
    private TestOutputTopic<String, Signal> signals;
    private TestOutputTopic<String, ScoredArticle> scored;
    /** Every input the scorers were asked to score, in order. */
    private final List<SentimentInput> scorerInputs = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final BatchScorer.Factory words = () -> new WordScorer(scorerInputs);

    @BeforeEach
    void start() {
        fixture = new PipelineFixture(temp.resolve("prices"), clock);
        startDriver(PipelineConfig.defaults(topics).withBatching(4, Duration.ofMillis(200)));
    }

    private void startDriver(PipelineConfig config) {
        startDriver(config, services(io.tickertape.signals.history.DedupeSettings.defaults()));
    }

    /** The fixture's services with the word scorer; the ledger dedupes with {@code dedupe}. */
    private io.tickertape.topology.PipelineServices services(io.tickertape.signals.history.DedupeSettings dedupe) {
        return fixture.services(clock, alerted::add, dedupe, words);
    }

    private void startDriver(PipelineConfig config, io.tickertape.topology.PipelineServices services) {
        var registry = deadLetters;
        Properties props = StreamsApp.streamsProperties(config, new StreamsSettings(new Properties(), temp.resolve("state"),
                null, 1, 4, (short) 1, "127.0.0.1", -1, Duration.ofSeconds(5)), registry);
        props.put("bootstrap.servers", "unused:9092");
        props.put(DeadLetterRouting.CLOCK_CONFIG, clock);
        driver = new TopologyTestDriver(SignalTopology.buildTopology(config, services), props, NOW);
        articles = driver.createInputTopic(topics.articles().name(), new StringSerializer(), topics.articles().valueSerde().serializer(), NOW, Duration.ZERO);
        signals = driver.createOutputTopic(topics.signals().name(), topics.signals().keySerde().deserializer(), topics.signals().valueSerde().deserializer());
        scored = driver.createOutputTopic(topics.scored().name(), topics.scored().keySerde().deserializer(), topics.scored().valueSerde().deserializer());
    }

    @AfterEach
    void stop() {
        if (driver != null) {
            driver.close();
        }
        fixture.close();
    }

    private void send(Article a) {
        articles.pipeInput(a.id(), a, clock.instant());
    }

    private void flushBatches() {
        clock.advance(Duration.ofSeconds(1));
        driver.advanceWallClockTime(Duration.ofSeconds(1));
    }

    @Test
    void aClearlyPositiveFreshArticleBecomesOneBuySignalRecordedInHistory() {
        send(PipelineFixture.article("Apple shares jump after record iPhone sales and raised guidance",
                "Apple Inc. reported quarterly profit well above expectations and raised its outlook.", NOW.minusSeconds(600)));
        flushBatches();

        List<ScoredArticle> scoredArticles = scored.readValuesToList();
        assertThat(scoredArticles).hasSize(1);
        assertThat(scoredArticles.getFirst().label()).isEqualTo("positive");

        List<Signal> emitted = signals.readValuesToList();
        assertThat(emitted).hasSize(1);
        Signal s = emitted.getFirst();
        assertThat(s.ticker()).isEqualTo("AAPL");
        assertThat(s.direction()).isEqualTo(Direction.BUY);
        assertThat(s.score()).isGreaterThanOrEqualTo(0.30);
        assertThat(s.stop()).isLessThan(s.entry());
        assertThat(s.target()).isGreaterThan(s.entry());
        assertThat(s.priceAt()).isEqualTo(NOW.plusSeconds(1));
        assertThat(fixture.history.find(s.signalId())).isPresent();
        assertThat(alerted).extracting(Signal::signalId).containsExactly(s.signalId());
    }

    @Test
    void eachTickerIsScoredTowardItsOwnCompany() {
        send(PipelineFixture.article("Microsoft wins $10 billion Pentagon cloud contract, beating Amazon",
                "The Pentagon picked Microsoft for the JEDI contract. Amazon had been the favourite and said it was "
                        + "disappointed. Analysts expect the deal to lift Azure revenue.", NOW.minusSeconds(600)));
        flushBatches();

        ScoredArticle s = scored.readValuesToList().getFirst();
        assertThat(s.schemaVersion()).isEqualTo(ScoredArticle.SCHEMA_VERSION);
        assertThat(s.tickers()).extracting(t -> t.symbol()).containsExactlyInAnyOrder("MSFT", "AMZN");
        var amazon = s.toward("AMZN").orElseThrow();
        assertThat(amazon.target()).isEqualTo("Amazon");
        assertThat(amazon.text()).isEqualTo("Microsoft wins $10 billion Pentagon cloud contract, beating Amazon "
                + "Amazon had been the favourite and said it was disappointed.");
        assertThat(amazon.label()).as("the loser of the contract").isNotEqualTo("positive");
        assertThat(s.toward("MSFT").orElseThrow().label()).isEqualTo("positive");
        assertThat(scorerInputs).as("the article as a whole, then each company's own text toward it")
                .containsExactlyInAnyOrder(SentimentInput.of(s.article().text()), SentimentInput.toward(amazon.text(), "Amazon"),
                        SentimentInput.toward(s.toward("MSFT").orElseThrow().text(), "Microsoft"));

        List<Signal> emitted = signals.readValuesToList(); // AMZN has no price in the fixture: only MSFT can signal
        assertThat(emitted).extracting(Signal::ticker).containsExactly("MSFT");
        assertThat(emitted.getFirst().direction()).isEqualTo(Direction.BUY);
        assertThat(emitted.getFirst().explanation()).anyMatch(l -> l.startsWith("sentiment toward Microsoft"));
    }

    @Test
    void aTwoCompanyArticleYieldsOppositeSignalsWhereTheTextSaysSo() {
        // As a whole the article is balanced (four up-words, four down-words); toward each company it is not.
        send(PipelineFixture.article("Nvidia rallies on record demand while Microsoft falls after a warning",
                "Nvidia said data-center sales doubles and beats estimates. "
                        + "Microsoft cut its cloud forecast and disappointed investors.", NOW.minusSeconds(600)));
        flushBatches();

        ScoredArticle s = scored.readValuesToList().getFirst();
        assertThat(s.label()).as("the article as a whole").isEqualTo("neutral");
        assertThat(s.toward("NVDA").orElseThrow().label()).isEqualTo("positive");
        assertThat(s.toward("MSFT").orElseThrow().label()).isEqualTo("negative");

        List<Signal> emitted = signals.readValuesToList();
        assertThat(emitted).extracting(Signal::ticker, Signal::direction)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("NVDA", Direction.BUY),
                        org.assertj.core.groups.Tuple.tuple("MSFT", Direction.SELL));
        assertThat(emitted).allSatisfy(sig -> assertThat(sig.explanation())
                .anyMatch(l -> l.startsWith("sentiment toward " + (sig.ticker().equals("NVDA") ? "Nvidia" : "Microsoft"))));
    }

    @Test
    void eachArticleIsResolvedToTickersOnceFromTheGateToItsSignals() {
        driver.close();
        var real = services(io.tickertape.signals.history.DedupeSettings.defaults());
        var resolved = new java.util.concurrent.atomic.AtomicInteger();
        io.tickertape.signals.tickers.TickerLookup counting = (title, summary, hints) -> {
            resolved.incrementAndGet();
            return real.tickers().resolve(title, summary, hints);
        };
        startDriver(PipelineConfig.defaults(topics).withBatching(4, Duration.ofMillis(200)),
                new io.tickertape.topology.PipelineServices(real.scorers(), counting, real.prices(), real.technicals(),
                        real.ledger(), real.subscriber(), real.registry(), real.clock()));

        send(PipelineFixture.article("Microsoft wins $10 billion Pentagon cloud contract, beating Amazon",
                "The Pentagon picked Microsoft for the JEDI contract. Amazon had been the favourite and said it was "
                        + "disappointed. Analysts expect the deal to lift Azure revenue.", NOW.minusSeconds(600)));
        flushBatches();

        assertThat(scored.readValuesToList().getFirst().tickers()).extracting(t -> t.symbol())
                .as("scored toward each company").containsExactlyInAnyOrder("MSFT", "AMZN");
        assertThat(signals.readValuesToList()).extracting(Signal::ticker).containsExactly("MSFT");
        assertThat(resolved).as("the gate's matches serve the per-company scoring and the candidates").hasValue(1);
    }

    @Test
    void articlesAreScoredInBatchesBySizeOrByTime() {
        for (int i = 0; i < 3; i++) {
            send(PipelineFixture.article("Microsoft item " + i + " says little", "Nothing to report.", NOW.minusSeconds(60)));
        }
        assertThat(scored.readValuesToList()).as("below the batch size and before the wait").isEmpty();
        flushBatches();
        assertThat(scored.readValuesToList()).hasSize(3);

        for (int i = 0; i < 4; i++) {
            send(PipelineFixture.article("Nvidia note " + i, "", NOW.minusSeconds(60)));
        }
        assertThat(scored.readValuesToList()).as("a full batch is scored at once").hasSize(4);
    }

    @Test
    void staleNewsIsDroppedBeforeScoringAndCounted() {
        send(PipelineFixture.article("Tesla soars on blowout deliveries", "", NOW.minus(Duration.ofHours(7))));
        flushBatches();
        assertThat(scored.readValuesToList()).isEmpty();
        assertThat(signals.readValuesToList()).isEmpty();
        assertThat(fixture.registry.get("tickertape_dropped").tag("stage", "freshness").tag("reason", "stale_article")
                .counter().count()).isEqualTo(1.0);
    }

    @Test
    void aSecondSignalForTheSameTickerAndDirectionWithinSevenDaysIsDropped() {
        send(PipelineFixture.article("Apple shares jump after record iPhone sales and raised guidance", "", NOW.minusSeconds(600)));
        flushBatches();
        assertThat(signals.readValuesToList()).hasSize(1);

        clock.advance(Duration.ofDays(2));
        send(PipelineFixture.article("Apple stock surges as profit beats estimates", "Apple Inc. raised its dividend.", clock.instant().minusSeconds(60)));
        flushBatches();
        assertThat(signals.readValuesToList()).isEmpty();
        assertThat(fixture.historyRows()).isEqualTo(1);
        assertThat(fixture.registry.get("tickertape_dropped").tag("stage", "dedupe").tag("reason", "duplicate_in_window")
                .counter().count()).isEqualTo(1.0);
    }

    private static final String APPLE_UP = "Apple shares jump after record iPhone sales and raised guidance";
    private static final String APPLE_DOWN = "Apple shares plunge after iPhone recall, profit warning and guidance cut";

    private void startWithDedupe(io.tickertape.signals.history.DedupeSettings dedupe) {
        driver.close();
        startDriver(PipelineConfig.defaults(topics).withBatching(4, Duration.ofMillis(200)).withDedupe(dedupe),
                services(dedupe));
    }

    @Test
    void anOppositeSignalInsideTheWindowIsEmittedOnlyAsAMarkedReversal() {
        // Reversal bar at the fusion threshold: any opposite signal the fusion makes is strong enough.
        startWithDedupe(new io.tickertape.signals.history.DedupeSettings(Duration.ofDays(7),
                io.tickertape.signals.history.DedupeSettings.Scope.TICKER, 0.30));
        send(PipelineFixture.article(APPLE_UP, "", NOW.minusSeconds(600)));
        flushBatches();
        Signal buy = signals.readValuesToList().getFirst();
        assertThat(buy.direction()).isEqualTo(Direction.BUY);

        clock.advance(Duration.ofDays(1));
        send(PipelineFixture.article(APPLE_DOWN, "Apple Inc. warned on profit.", clock.instant().minusSeconds(60)));
        flushBatches();
        List<Signal> emitted = signals.readValuesToList();
        assertThat(emitted).hasSize(1);
        Signal sell = emitted.getFirst();
        assertThat(sell.direction()).isEqualTo(Direction.SELL);
        assertThat(sell.reversalOf()).isEqualTo(buy.signalId());
        assertThat(fixture.historyRows()).isEqualTo(2);
        assertThat(fixture.history.find(sell.signalId()).orElseThrow().reversalOf()).isEqualTo(buy.signalId());
        assertThat(fixture.registry.get("tickertape_signals_reversals").counter().count()).isEqualTo(1.0);
    }

    @Test
    void withReversalsOffTheOppositeSignalIsADuplicate() {
        startWithDedupe(new io.tickertape.signals.history.DedupeSettings(Duration.ofDays(7),
                io.tickertape.signals.history.DedupeSettings.Scope.TICKER, 1.5));
        send(PipelineFixture.article(APPLE_UP, "", NOW.minusSeconds(600)));
        flushBatches();
        assertThat(signals.readValuesToList()).hasSize(1);

        clock.advance(Duration.ofDays(1));
        send(PipelineFixture.article(APPLE_DOWN, "Apple Inc. warned on profit.", clock.instant().minusSeconds(60)));
        flushBatches();
        assertThat(signals.readValuesToList()).isEmpty();
        assertThat(fixture.historyRows()).isEqualTo(1);
    }

    @Test
    void aShadowArmRecordsItsOwnSignalBesideTheSentOneAndNeverBlocksIt() {
        var dedupe = io.tickertape.signals.history.DedupeSettings.defaults();
        var experiment = io.tickertape.signals.experiments.Experiment.parse("exp", "control=fusion,watch=fusion:shadow");
        var config = PipelineConfig.defaults(topics).withBatching(4, Duration.ofMillis(200))
                .withPlan(io.tickertape.signals.experiments.SignalPlan.experiment(experiment,
                        io.tickertape.signals.fusion.FusionSettings.defaults()), "model");
        driver.close();
        startDriver(config, services(dedupe));

        send(PipelineFixture.article(APPLE_UP, "", NOW.minusSeconds(600)));
        flushBatches();
        List<Signal> emitted = signals.readValuesToList();
        assertThat(emitted).extracting(Signal::arm).containsExactlyInAnyOrder("exp/control", "exp/watch");
        Signal sent = emitted.stream().filter(x -> !x.shadow()).findFirst().orElseThrow();
        Signal shadow = emitted.stream().filter(Signal::shadow).findFirst().orElseThrow();
        assertThat(shadow.signalId()).isNotEqualTo(sent.signalId());
        assertThat(sent.strategy()).isEqualTo("fusion");
        assertThat(fixture.historyRows()).isEqualTo(2);

        // A second Apple call inside the window: each arm's own slot blocks it, and only its own.
        clock.advance(Duration.ofDays(1));
        send(PipelineFixture.article("Apple stock surges as profit beats estimates", "Apple Inc. raised its dividend.",
                clock.instant().minusSeconds(60)));
        flushBatches();
        assertThat(signals.readValuesToList()).isEmpty();
        assertThat(fixture.historyRows()).isEqualTo(2);
    }

    @Test
    void theLexiconRollbackScoresWithoutTheModelAndSaysSoInEachSignal() {
        var dedupe = io.tickertape.signals.history.DedupeSettings.defaults();
        var config = PipelineConfig.defaults(topics).withBatching(4, Duration.ofMillis(200))
                .withPlan(io.tickertape.signals.experiments.SignalPlan.single(
                        new io.tickertape.signals.strategies.FusionStrategy(io.tickertape.signals.fusion.FusionSettings.defaults())), "lexicon");
        driver.close();
        startDriver(config, fixture.services(clock, alerted::add, dedupe,
                io.tickertape.topology.sentiment.RollbackScorers.lexicon()));

        // "jump", "record" and "raised"... the word list counts "jump" and "record": clearly positive.
        send(PipelineFixture.article("Apple shares jump to a record high after strong profit growth", "", NOW.minusSeconds(600)));
        flushBatches();
        List<Signal> emitted = signals.readValuesToList();
        assertThat(emitted).hasSize(1);
        assertThat(emitted.getFirst().scorer()).isEqualTo("lexicon");
        assertThat(emitted.getFirst().modelVersion()).isEqualTo("lexicon-1");
        assertThat(fixture.history.find(emitted.getFirst().signalId()).orElseThrow().scorer()).isEqualTo("lexicon");
    }

    @Test
    void aReplayedArticleFindsItsSignalInTheLedgerAndEmitsNothing() {
        Article a = PipelineFixture.article("Tesla shares soar after record deliveries beat forecasts", "Tesla, Inc. beat estimates.", NOW.minusSeconds(300));
        send(a);
        flushBatches();
        assertThat(signals.readValuesToList()).hasSize(1);

        // A replay after an incident: a new driver (state wiped, as StreamsResetter does), same ledger, replay mode.
        driver.close();
        startDriver(PipelineConfig.defaults(topics).withBatching(4, Duration.ofMillis(200))
                .withFusion(io.tickertape.signals.fusion.FusionSettings.defaults().withMode(FreshnessGate.Mode.REPLAY))
                .withApplicationId("tickertape-signals"));
        clock.advance(Duration.ofHours(12)); // the wall clock has moved on; replay judges by the record's time
        articles.pipeInput(a.id(), a, NOW);
        flushBatches();
        assertThat(scored.readValuesToList()).hasSize(1);
        assertThat(signals.readValuesToList()).isEmpty();
        assertThat(fixture.historyRows()).isEqualTo(1);
    }

    @Test
    void aPoisonRecordIsHandedToTheDeadLetterHandlerAndProcessingContinues() {
        // TopologyTestDriver does not capture the handler's dead-letter records (KIP-1034), so this checks the
        // handler ran and the stream went on; DeadLetterIntegrationTest reads news.dlq on a real broker.
        TestInputTopic<String, byte[]> raw = driver.createInputTopic(topics.articles().name(), new StringSerializer(), new ByteArraySerializer());
        raw.pipeInput("bad-1", "{\"schemaVersion\":1,\"title\":".getBytes(StandardCharsets.UTF_8), NOW);
        send(PipelineFixture.article("Nvidia shares rally as data center revenue doubles", "", NOW.minusSeconds(60)));
        flushBatches();

        assertThat(deadLetters.get("tickertape_dead_letters").tag("stage", "deserialization").counter().count()).isEqualTo(1.0);
        assertThat(scored.readValuesToList()).hasSize(1);
    }

    @Test
    void aTickerWithNoKnownPriceIsDroppedWithAReason() {
        send(PipelineFixture.article("Ford shares jump after strong truck sales", "Ford Motor Company (NYSE: F) raised guidance.", NOW.minusSeconds(60)));
        flushBatches();
        assertThat(signals.readValuesToList()).isEmpty();
        double dropped = fixture.registry.getMeters().stream()
                .filter(m -> m.getId().getName().equals("tickertape_dropped") && "enrichment".equals(m.getId().getTag("stage")))
                .mapToDouble(m -> ((io.micrometer.core.instrument.Counter) m).count()).sum();
        assertThat(dropped).isEqualTo(1.0);
    }

    @Test
    void aRateLimitedPriceHoldsTheCandidateAndAPunctuationRetriesItIntoASignal() {
        driver.close();
        // The price source answers "rate limited" (retryable) for the first two quotes, then recovers.
        var flaky = new io.tickertape.signals.prices.PriceSource() {
            int refusals = 2;

            @Override
            public io.tickertape.signals.prices.Quote quote(String symbol) throws io.tickertape.signals.prices.PriceUnavailableException {
                if (refusals-- > 0) {
                    throw new io.tickertape.signals.prices.PriceUnavailableException(
                            io.tickertape.signals.prices.PriceUnavailableException.Reason.RATE_LIMITED, symbol, "429");
                }
                return fixture.prices.quote(symbol);
            }

            @Override
            public List<io.tickertape.signals.prices.DailyBar> dailyHistory(String symbol, java.time.LocalDate from, java.time.LocalDate to)
                    throws io.tickertape.signals.prices.PriceUnavailableException {
                return fixture.prices.dailyHistory(symbol, from, to);
            }

            @Override
            public void close() {
            }
        };
        var real = services(io.tickertape.signals.history.DedupeSettings.defaults());
        startDriver(PipelineConfig.defaults(topics).withBatching(4, Duration.ofMillis(200)).withHolds(Duration.ofSeconds(15), 8),
                new io.tickertape.topology.PipelineServices(real.scorers(), real.tickers(), flaky, real.technicals(),
                        real.ledger(), real.subscriber(), real.registry(), real.clock()));

        send(PipelineFixture.article("Apple shares jump after record iPhone sales and raised guidance", "", NOW.minusSeconds(600)));
        flushBatches();
        assertThat(signals.readValuesToList()).as("held, not dropped").isEmpty();
        assertThat(fixture.registry.get("tickertape_candidates_held").counter().count()).isEqualTo(1.0);

        clock.advance(Duration.ofSeconds(15));
        driver.advanceWallClockTime(Duration.ofSeconds(15)); // second try: refused again, held again
        assertThat(signals.readValuesToList()).isEmpty();
        clock.advance(Duration.ofSeconds(15));
        driver.advanceWallClockTime(Duration.ofSeconds(15)); // third try: a fresh quote
        List<Signal> emitted = signals.readValuesToList();
        assertThat(emitted).extracting(Signal::ticker).containsExactly("AAPL");
        assertThat(emitted.getFirst().priceAt()).isEqualTo(clock.instant());
        assertThat(fixture.registry.get("tickertape_candidates_held").counter().count()).isEqualTo(2.0);
    }

    /**
     * A deterministic stand-in for the model: counts finance words, so each test headline is clearly positive (0.94),
     * clearly negative, or neutral when none (or as many of each) occur. Target-aware like the shipped model, so the
     * topology sends it each company's own text toward that company; it records every input it is given.
     */
    static final class WordScorer implements BatchScorer {
        static final String VERSION = "words-test-1";
        private static final Set<String> UP = Set.of("jump", "jumps", "soar", "soars", "surge", "surges", "rally",
                "rallies", "record", "beat", "beats", "raised", "raises", "wins", "doubles");
        private static final Set<String> DOWN = Set.of("plunge", "plunges", "recall", "warning", "warned", "cut",
                "disappointed", "falls", "misses");

        private final List<SentimentInput> seen;

        WordScorer(List<SentimentInput> seen) {
            this.seen = seen;
        }

        @Override
        public List<Sentiment> scoreInputs(List<SentimentInput> inputs) {
            seen.addAll(inputs);
            return inputs.stream().map(i -> score(i.text())).toList();
        }

        static Sentiment score(String text) {
            int up = 0;
            int down = 0;
            for (String word : text.toLowerCase(Locale.ROOT).split("[^a-z]+")) {
                up += UP.contains(word) ? 1 : 0;
                down += DOWN.contains(word) ? 1 : 0;
            }
            if (up > down) {
                return Sentiment.of(0.94, 0.03, 0.03, VERSION);
            }
            return down > up ? Sentiment.of(0.03, 0.94, 0.03, VERSION) : Sentiment.of(0.05, 0.05, 0.90, VERSION);
        }

        @Override
        public boolean targetAware() {
            return true;
        }

        @Override
        public void close() {
        }
    }

    /** A clock the test moves by hand. */
    static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
