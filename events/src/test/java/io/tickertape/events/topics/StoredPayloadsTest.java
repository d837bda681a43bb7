package io.tickertape.events.topics;

import io.tickertape.events.Article;
import io.tickertape.events.DeadLetter;
import io.tickertape.events.FeedEntry;
import io.tickertape.events.ScoredArticle;
import io.tickertape.events.TickerSentiment;
import io.tickertape.signals.fusion.Direction;
import io.tickertape.signals.fusion.Signal;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Values exactly as earlier builds wrote them to each topic, one per {@code schemaVersion} of each record. Every one
 * must still read, field for field, and a value of the current schema must be written back byte for byte: a renamed,
 * dropped or reordered field fails here before it reaches a topic that holds the old shape.
 * <p>The current-schema payloads were written by the build before the wire contract moved from
 * {@code io.tickertape.topology.events}/{@code .topics} to this module; the older ones by the builds before each
 * schema change.
 */
class StoredPayloadsTest {

    private static final Topics TOPICS = Topics.withPrefix("");

    // ---- news.articles -------------------------------------------------------------------------------------------

    static final String ARTICLE_V1 = "{\"schemaVersion\":1,\"id\":\"a1\",\"title\":\"Tesla beats \\\"estimates\\\" – again\","
            + "\"summary\":\"Deliveries rose 5%.\",\"link\":\"https://x.test/a?b=1&c=é\",\"source\":\"Reuters\","
            + "\"feedUrl\":\"https://x.test/feed\",\"publishedAt\":\"2026-11-20T12:00:00Z\",\"publishedEstimated\":false,"
            + "\"fetchedAt\":\"2026-11-20T12:00:05.123Z\",\"tickerHints\":[\"TSLA\"]}";

    static final String ARTICLE_V1_ESTIMATED = "{\"schemaVersion\":1,\"id\":\"a2\",\"title\":\"No date\",\"summary\":\"\","
            + "\"link\":null,\"source\":\"src\",\"feedUrl\":\"https://x.test/feed\",\"publishedAt\":\"2026-11-20T12:00:05Z\","
            + "\"publishedEstimated\":true,\"fetchedAt\":\"2026-11-20T12:00:05Z\",\"tickerHints\":[]}";

    @Test
    void articleSchemaOne() {
        Article a = read(TOPICS.articles(), ARTICLE_V1);
        assertThat(a).isEqualTo(article());
        assertThat(a.text()).isEqualTo("Tesla beats \"estimates\" – again. Deliveries rose 5%.");
        assertWrittenBack(TOPICS.articles(), a, ARTICLE_V1);

        Article estimated = read(TOPICS.articles(), ARTICLE_V1_ESTIMATED);
        assertThat(estimated.publishedEstimated()).isTrue();
        assertThat(estimated.link()).isNull();
        assertThat(estimated.summary()).isEmpty();
        assertThat(estimated.tickerHints()).isEmpty();
        assertWrittenBack(TOPICS.articles(), estimated, ARTICLE_V1_ESTIMATED);
    }

    // ---- news.scored ---------------------------------------------------------------------------------------------

    /** As the builds before per-ticker scores wrote it: no {@code tickers} field at all. */
    static final String SCORED_V1 = "{\"schemaVersion\":1,\"article\":" + ARTICLE_V1 + ",\"label\":\"positive\","
            + "\"positive\":0.9,\"negative\":0.05,\"neutral\":0.05,\"modelVersion\":\"m1\",\"scoredAt\":\"2026-11-20T12:00:06Z\"}";

    static final String SCORED_V2 = "{\"schemaVersion\":2,\"article\":" + ARTICLE_V1 + ",\"label\":\"positive\","
            + "\"positive\":0.9,\"negative\":0.05,\"neutral\":0.05,\"modelVersion\":\"finbert-2\","
            + "\"scoredAt\":\"2026-11-20T12:00:06Z\",\"tickers\":[{\"symbol\":\"TSLA\",\"target\":\"Tesla\","
            + "\"text\":\"Tesla beats \\\"estimates\\\" – again\",\"label\":\"positive\",\"positive\":0.8,\"negative\":0.1,"
            + "\"neutral\":0.1}]}";

    @Test
    void scoredArticleSchemaOneHasNoPerTickerScores() {
        ScoredArticle s = read(TOPICS.scored(), SCORED_V1);
        assertThat(s).isEqualTo(new ScoredArticle(1, article(), "positive", 0.9, 0.05, 0.05, "m1",
                Instant.parse("2026-11-20T12:00:06Z")));
        assertThat(s.tickers()).isEmpty();
        assertThat(s.toward("TSLA")).isEmpty();
        assertThat(s.confidence()).isEqualTo(0.9);
    }

    @Test
    void scoredArticleSchemaTwoCarriesTheSentimentTowardEachTicker() {
        ScoredArticle s = read(TOPICS.scored(), SCORED_V2);
        assertThat(s).isEqualTo(new ScoredArticle(2, article(), "positive", 0.9, 0.05, 0.05, "finbert-2",
                Instant.parse("2026-11-20T12:00:06Z"), List.of(new TickerSentiment("TSLA", "Tesla",
                "Tesla beats \"estimates\" – again", "positive", 0.8, 0.1, 0.1))));
        assertThat(s.toward("TSLA")).hasValueSatisfying(t -> assertThat(t.confidence()).isEqualTo(0.8));
        assertWrittenBack(TOPICS.scored(), s, SCORED_V2);
    }

    // ---- news.dlq ------------------------------------------------------------------------------------------------

    static final String DEAD_LETTER_V1 = "{\"schemaVersion\":1,\"stage\":\"deserialization\",\"sourceTopic\":\"news.articles\","
            + "\"partition\":2,\"offset\":41,\"key\":\"k1\",\"value\":\"{not json\",\"encoding\":\"utf-8\","
            + "\"errorClass\":\"java.lang.IllegalArgumentException\",\"errorMessage\":\"bad\",\"processor\":\"articles\","
            + "\"applicationId\":\"tickertape\",\"failedAt\":\"2026-12-06T12:00:00Z\",\"valueBytes\":9}";

    static final String DEAD_LETTER_V1_BASE64 = "{\"schemaVersion\":1,\"stage\":\"processing\",\"sourceTopic\":\"news.articles\","
            + "\"partition\":0,\"offset\":7,\"key\":null,\"value\":\"/wAB\",\"encoding\":\"base64\","
            + "\"errorClass\":\"java.lang.RuntimeException\",\"errorMessage\":\"\",\"processor\":null,"
            + "\"applicationId\":\"tickertape\",\"failedAt\":\"2026-12-06T12:00:00Z\",\"valueBytes\":3}";

    /** As the builds before {@code valueBytes} wrote it (the same schema version: the field is optional). */
    static final String DEAD_LETTER_V1_NO_SIZE = "{\"schemaVersion\":1,\"stage\":\"deserialization\",\"sourceTopic\":\"news.articles\","
            + "\"partition\":0,\"offset\":5,\"key\":\"poison\",\"value\":\"not json\",\"encoding\":\"utf-8\",\"errorClass\":\"x\","
            + "\"errorMessage\":\"m\",\"processor\":null,\"applicationId\":\"app\",\"failedAt\":\"2026-11-30T10:00:00Z\"}";

    @Test
    void deadLetterSchemaOne() {
        DeadLetter d = read(TOPICS.deadLetters(), DEAD_LETTER_V1);
        assertThat(d).isEqualTo(DeadLetter.of("deserialization", "news.articles", 2, 41L, bytes("k1"), bytes("{not json"),
                new IllegalArgumentException("bad\nsecond"), "articles", "tickertape", Instant.parse("2026-12-06T12:00:00Z")));
        assertWrittenBack(TOPICS.deadLetters(), d, DEAD_LETTER_V1);

        DeadLetter binary = read(TOPICS.deadLetters(), DEAD_LETTER_V1_BASE64);
        assertThat(binary.encoding()).isEqualTo("base64");
        assertThat(binary.value()).isEqualTo("/wAB");
        assertThat(binary.key()).isNull();
        assertWrittenBack(TOPICS.deadLetters(), binary, DEAD_LETTER_V1_BASE64);

        DeadLetter old = read(TOPICS.deadLetters(), DEAD_LETTER_V1_NO_SIZE);
        assertThat(old.valueBytes()).isNull();
        assertThat(old.offset()).isEqualTo(5L);
    }

    // ---- news.feeds ----------------------------------------------------------------------------------------------

    static final String FEED_V1 = "{\"schemaVersion\":1,\"id\":\"yahoo-aapl\",\"url\":\"https://feeds.finance.yahoo.com/rss/2.0/headline?s=AAPL\","
            + "\"intervalSeconds\":60,\"enabled\":true,\"tickers\":[\"AAPL\"],\"updatedAt\":\"2026-12-07T06:00:00Z\"}";

    @Test
    void feedEntrySchemaOne() {
        FeedEntry f = read(TOPICS.feeds(), FEED_V1);
        assertThat(f).isEqualTo(new FeedEntry(1, "yahoo-aapl", "https://feeds.finance.yahoo.com/rss/2.0/headline?s=AAPL", 60, true,
                List.of("AAPL"), Instant.parse("2026-12-07T06:00:00Z")));
        assertWrittenBack(TOPICS.feeds(), f, FEED_V1);
        assertThat(TOPICS.feeds().valueSerde().deserializer().deserialize(TOPICS.feeds().name(), null))
                .as("a tombstone removes the feed").isNull();
    }

    // ---- signals -------------------------------------------------------------------------------------------------

    /** As the builds before schema 2 wrote it: no reversalOf, strategy, scorer, arm or shadow. */
    static final String SIGNAL_V1 = "{\"schemaVersion\":1,\"signalId\":\"abc\",\"ticker\":\"MSFT\",\"company\":\"Microsoft\","
            + "\"direction\":\"BUY\",\"signalAt\":\"2026-11-20T12:00:00Z\",\"articleId\":\"a1\",\"headline\":\"Microsoft wins\","
            + "\"link\":null,\"source\":\"src\",\"publishedAt\":\"2026-11-20T11:59:00Z\",\"score\":0.5,\"sentimentScore\":0.6,"
            + "\"technicalScore\":0.2,\"confidence\":0.9,\"relevance\":1.0,\"modelVersion\":\"m1\",\"price\":400.0,"
            + "\"priceAt\":\"2026-11-20T12:00:00Z\",\"currency\":\"USD\",\"entry\":400.0,\"stop\":390.0,\"target\":415.0,"
            + "\"explanation\":[\"why\"]}";

    /** A schema 1 value as a schema 2 build writes it back (with the defaults of the new fields). */
    static final String SIGNAL_V1_WITH_DEFAULTS = SIGNAL_V1.substring(0, SIGNAL_V1.length() - 1)
            + ",\"reversalOf\":null,\"strategy\":\"fusion\",\"scorer\":\"model\",\"arm\":null,\"shadow\":false}";

    static final String SIGNAL_V2 = "{\"schemaVersion\":2,\"signalId\":\"8369eacc58cb363215918a11197ba227\",\"ticker\":\"MSFT\","
            + "\"company\":\"Microsoft\",\"direction\":\"SELL\",\"signalAt\":\"2026-11-20T12:00:00Z\",\"articleId\":\"a1\","
            + "\"headline\":\"Microsoft wins\",\"link\":\"https://x.test/m\",\"source\":\"src\",\"publishedAt\":\"2026-11-20T11:59:00Z\","
            + "\"score\":-0.5,\"sentimentScore\":-0.6,\"technicalScore\":-0.2,\"confidence\":0.9,\"relevance\":1.0,"
            + "\"modelVersion\":\"m1\",\"price\":400.0,\"priceAt\":\"2026-11-20T12:00:00Z\",\"currency\":\"USD\",\"entry\":400.0,"
            + "\"stop\":410.0,\"target\":385.0,\"explanation\":[\"why\",\"because\"],\"reversalOf\":\"earlier\","
            + "\"strategy\":\"trend-confirmed\",\"scorer\":\"lexicon\",\"arm\":\"exp/b\",\"shadow\":true}";

    @Test
    void signalSchemaOneReadsWithTheDefaultsOfSchemaTwo() {
        Signal s = read(TOPICS.signals(), SIGNAL_V1);
        assertThat(s).isEqualTo(new Signal(1, "abc", "MSFT", "Microsoft", Direction.BUY, Instant.parse("2026-11-20T12:00:00Z"),
                "a1", "Microsoft wins", null, "src", Instant.parse("2026-11-20T11:59:00Z"), 0.5, 0.6, 0.2, 0.9, 1.0, "m1",
                400.0, Instant.parse("2026-11-20T12:00:00Z"), "USD", 400.0, 390.0, 415.0, List.of("why")));
        assertThat(s.strategy()).isEqualTo("fusion");
        assertThat(s.scorer()).isEqualTo("model");
        assertThat(s.shadow()).isFalse();
        assertThat(s.reversalOf()).isNull();
        assertThat(s.arm()).isNull();
        assertWrittenBack(TOPICS.signals(), s, SIGNAL_V1_WITH_DEFAULTS);
        assertThat(read(TOPICS.signals(), SIGNAL_V1_WITH_DEFAULTS)).isEqualTo(s);
    }

    @Test
    void signalSchemaTwoCarriesItsProvenance() {
        Signal s = read(TOPICS.signals(), SIGNAL_V2);
        Signal expected = new Signal(2, "abc", "MSFT", "Microsoft", Direction.SELL, Instant.parse("2026-11-20T12:00:00Z"),
                "a1", "Microsoft wins", "https://x.test/m", "src", Instant.parse("2026-11-20T11:59:00Z"), -0.5, -0.6, -0.2,
                0.9, 1.0, "m1", 400.0, Instant.parse("2026-11-20T12:00:00Z"), "USD", 400.0, 410.0, 385.0,
                List.of("why", "because")).madeBy("trend-confirmed", "lexicon", "exp/b", true).asReversalOf("earlier");
        assertThat(s).isEqualTo(expected);
        assertThat(s.signalId()).isEqualTo("8369eacc58cb363215918a11197ba227"); // the shadow arm's own id, unchanged
        assertWrittenBack(TOPICS.signals(), s, SIGNAL_V2);
    }

    @Test
    void theSchemaVersionsThisBuildWritesAreTheOnesAbove() {
        assertThat(Article.SCHEMA_VERSION).isEqualTo(1);
        assertThat(ScoredArticle.SCHEMA_VERSION).isEqualTo(2);
        assertThat(DeadLetter.SCHEMA_VERSION).isEqualTo(1);
        assertThat(Signal.SCHEMA_VERSION).isEqualTo(2);
        assertThat(FeedEntry.SCHEMA_VERSION).isEqualTo(1);
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    private static Article article() {
        return new Article(1, "a1", "Tesla beats \"estimates\" – again", "Deliveries rose 5%.", "https://x.test/a?b=1&c=é",
                "Reuters", "https://x.test/feed", Instant.parse("2026-11-20T12:00:00Z"), false,
                Instant.parse("2026-11-20T12:00:05.123Z"), List.of("TSLA"));
    }

    private static <V> V read(Topic<String, V> topic, String json) {
        V value = topic.valueSerde().deserializer().deserialize(topic.name(), bytes(json));
        assertThat(value).as("%s reads %s", topic.name(), json).isNotNull();
        return value;
    }

    private static <V> void assertWrittenBack(Topic<String, V> topic, V value, String json) {
        assertThat(new String(topic.valueSerde().serializer().serialize(topic.name(), value), StandardCharsets.UTF_8))
                .as("%s writes the bytes earlier builds wrote", topic.name()).isEqualTo(json);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
