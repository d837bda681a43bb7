package io.tickertape.topology.sentiment;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tickertape.events.Article;
import io.tickertape.events.topics.JsonSerde;
import io.tickertape.finbert.Sentiment;
import io.tickertape.finbert.SentimentInput;
import io.tickertape.signals.tickers.TickerLookup;
import io.tickertape.signals.tickers.TickerMatch;
import io.tickertape.topology.tickers.ResolvedArticle;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sentiment stage carries the ticker gate's matches to its output without resolving them again, and still
 * reads a buffer entry written before the matches were kept (schema 1), resolving that article's tickers then.
 */
class SentimentBatchProcessorTest {

    private static final String STORE = "buffer";
    private static final Instant PUBLISHED = Instant.parse("2026-11-20T14:50:00Z");
    private static final Article APPLE = new Article(Article.SCHEMA_VERSION, "art-1",
            "Apple shares jump after record iPhone sales", "Apple Inc. raised its outlook.",
            "https://news.example.com/1", "Example Wire", "https://news.example.com/rss", PUBLISHED, false,
            PUBLISHED.plusSeconds(30), List.of());
    private static final List<TickerMatch> GATE = List.of(new TickerMatch("AAPL", "Apple Inc.", "Apple", 0.9),
            new TickerMatch("MSFT", "Microsoft Corporation", "Microsoft", 0.05));

    /** A buffer entry as schema 1 wrote it: no tickers. */
    private static final String SCHEMA_1 = """
            {"schemaVersion":1,"article":{"schemaVersion":1,"id":"art-1",\
            "title":"Apple shares jump after record iPhone sales","summary":"Apple Inc. raised its outlook.",\
            "link":"https://news.example.com/1","source":"Example Wire","feedUrl":"https://news.example.com/rss",\
            "publishedAt":"2026-11-20T14:50:00Z","publishedEstimated":false,"fetchedAt":"2026-11-20T14:50:30Z",\
            "tickerHints":[]},"timestamp":1763650200000,"sequence":7,"sourceTopic":"news.articles","partition":0,\
            "offset":41}""";

    private final JsonSerde<PendingArticle> serde = new JsonSerde<>(PendingArticle.class, PendingArticle.SCHEMA_VERSION);
    private final AtomicInteger resolved = new AtomicInteger();
    private final TickerLookup lookup = (title, summary, hints) -> {
        resolved.incrementAndGet();
        return List.of(new TickerMatch("AAPL", "Apple Inc.", "Apple", 0.8));
    };
    private final List<SentimentInput> scored = new ArrayList<>();

    @Test
    void aSchemaOneBufferEntryIsStillReadableAndHasNoTickers() {
        PendingArticle p = serde.deserializer().deserialize("buffer-changelog", SCHEMA_1.getBytes(StandardCharsets.UTF_8));
        assertThat(p.schemaVersion()).isEqualTo(1);
        assertThat(p.article()).isEqualTo(APPLE);
        assertThat(p.sequence()).isEqualTo(7);
        assertThat(p.offset()).isEqualTo(41);
        assertThat(p.tickers()).isNull();
    }

    @Test
    void aSchemaTwoBufferEntryKeepsTheGatesTickers() {
        PendingArticle p = new PendingArticle(PendingArticle.SCHEMA_VERSION, APPLE, 1L, 2L, "news.articles", 0, 3L, GATE);
        byte[] bytes = serde.serializer().serialize("buffer-changelog", p);
        assertThat(serde.deserializer().deserialize("buffer-changelog", bytes)).isEqualTo(p);
    }

    @Test
    void aNewArticleLeavesWithTheGatesTickersAndIsNotResolvedAgain() {
        MockProcessorContext<String, SentimentOutcome> context = context();
        SentimentBatchProcessor processor = processor(1);
        processor.init(context);

        processor.process(new Record<>("art-1", new ResolvedArticle(APPLE, GATE), PUBLISHED.toEpochMilli()));

        SentimentOutcome.Scored out = onlyScored(context);
        assertThat(out.tickers()).isEqualTo(GATE);
        assertThat(out.article().tickers()).extracting(t -> t.symbol()).as("above the floor only").containsExactly("AAPL");
        assertThat(resolved).hasValue(0);
        assertThat(scored).as("the whole article, then toward Apple").hasSize(2);
    }

    @Test
    void aRestoredSchemaOneEntryIsScoredWithItsTickersResolvedThen() {
        MockProcessorContext<String, SentimentOutcome> context = context();
        KeyValueStore<String, PendingArticle> buffer = context.getStateStore(STORE);
        buffer.put("art-1", serde.deserializer().deserialize("buffer-changelog", SCHEMA_1.getBytes(StandardCharsets.UTF_8)));
        SentimentBatchProcessor processor = processor(4);
        processor.init(context);

        context.scheduledPunctuators().getFirst().getPunctuator().punctuate(1_000);

        SentimentOutcome.Scored out = onlyScored(context);
        assertThat(out.article().article()).isEqualTo(APPLE);
        assertThat(out.tickers()).extracting(TickerMatch::symbol).containsExactly("AAPL");
        assertThat(resolved).hasValue(1);
        assertThat(buffer.approximateNumEntries()).isZero();
    }

    private SentimentBatchProcessor processor(int batchSize) {
        return new SentimentBatchProcessor(STORE, () -> new RecordingScorer(scored), new ScoringTargets(0.3), lookup,
                batchSize, Duration.ofMillis(200), new SimpleMeterRegistry(), Clock.fixed(PUBLISHED, ZoneOffset.UTC),
                "test-app");
    }

    private static MockProcessorContext<String, SentimentOutcome> context() {
        MockProcessorContext<String, SentimentOutcome> context = new MockProcessorContext<>();
        context.setCurrentSystemTimeMs(0);
        KeyValueStore<String, PendingArticle> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(STORE),
                Serdes.String(), new JsonSerde<>(PendingArticle.class, PendingArticle.SCHEMA_VERSION))
                .withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        return context;
    }

    private static SentimentOutcome.Scored onlyScored(MockProcessorContext<String, SentimentOutcome> context) {
        assertThat(context.forwarded()).hasSize(1);
        SentimentOutcome outcome = context.forwarded().getFirst().record().value();
        assertThat(outcome).isInstanceOf(SentimentOutcome.Scored.class);
        return (SentimentOutcome.Scored) outcome;
    }

    /** Scores every input neutral and target-aware; records what it was given. */
    private record RecordingScorer(List<SentimentInput> seen) implements BatchScorer {
        @Override
        public List<Sentiment> scoreInputs(List<SentimentInput> inputs) {
            seen.addAll(inputs);
            return inputs.stream().map(i -> Sentiment.of(0.1, 0.1, 0.8, "recording-1")).toList();
        }

        @Override
        public boolean targetAware() {
            return true;
        }

        @Override
        public void close() {
        }
    }
}
