package io.tickertape.events.topics;

import io.tickertape.events.Article;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonSerdeTest {

    private final Topic<String, Article> articles = Topics.withPrefix("").articles();

    @Test
    void roundTripsAnArticleWithItsSchemaVersion() {
        Article a = new Article(Article.SCHEMA_VERSION, "id-1", "Tesla beats", "Deliveries rose", "https://x.test/a", "src",
                "https://x.test/feed", Instant.parse("2026-11-20T12:00:00Z"), true, Instant.parse("2026-11-20T12:00:05Z"),
                List.of("TSLA"));
        byte[] bytes = articles.valueSerde().serializer().serialize(articles.name(), a);
        assertThat(new String(bytes, StandardCharsets.UTF_8)).contains("\"schemaVersion\":1", "\"publishedAt\":\"2026-11-20T12:00:00Z\"");
        assertThat(articles.valueSerde().deserializer().deserialize(articles.name(), bytes)).isEqualTo(a);
    }

    @Test
    void refusesANewerSchemaVersionInsteadOfGuessing() {
        byte[] newer = "{\"schemaVersion\":99,\"id\":\"x\",\"title\":\"t\",\"publishedAt\":\"2026-11-20T12:00:00Z\"}"
                .getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> articles.valueSerde().deserializer().deserialize(articles.name(), newer))
                .isInstanceOf(SerializationException.class).hasMessageContaining("schemaVersion 99 is not supported");
    }

    @Test
    void refusesGarbageAndMissingRequiredFieldsWithASerializationException() {
        assertThatThrownBy(() -> articles.valueSerde().deserializer().deserialize(articles.name(), "not json".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SerializationException.class);
        assertThatThrownBy(() -> articles.valueSerde().deserializer().deserialize(articles.name(), "[1,2]".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SerializationException.class).hasMessageContaining("not a JSON object");
        assertThatThrownBy(() -> articles.valueSerde().deserializer().deserialize(articles.name(),
                "{\"schemaVersion\":1,\"title\":\"no id\",\"publishedAt\":\"2026-11-20T12:00:00Z\",\"publishedEstimated\":false}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SerializationException.class).hasMessageContaining("id");
    }

    @Test
    void prefixAppliesToEveryTopicAndBadPrefixesAreRejected() {
        Topics t = Topics.withPrefix("prod.");
        assertThat(t.all()).extracting(Topic::name)
                .containsExactly("prod.news.articles", "prod.news.scored", "prod.signals", "prod.news.dlq", "prod.news.feeds");
        assertThat(t.feeds().configs()).containsEntry("cleanup.policy", "compact");
        assertThatThrownBy(() -> Topics.withPrefix("bad prefix/")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void scoredArticlesOfSchemaOneStillReadAndSchemaTwoCarriesPerTickerScores() {
        Topic<String, io.tickertape.events.ScoredArticle> scored = Topics.withPrefix("").scored();
        String v1 = "{\"schemaVersion\":1,\"article\":{\"schemaVersion\":1,\"id\":\"a1\",\"title\":\"Tesla beats\","
                + "\"summary\":\"\",\"link\":\"https://x.test/a\",\"source\":\"src\",\"feedUrl\":\"https://x.test/feed\","
                + "\"publishedAt\":\"2026-11-20T12:00:00Z\",\"publishedEstimated\":false,"
                + "\"fetchedAt\":\"2026-11-20T12:00:05Z\",\"tickerHints\":[]},\"label\":\"positive\",\"positive\":0.9,"
                + "\"negative\":0.05,\"neutral\":0.05,\"modelVersion\":\"m1\",\"scoredAt\":\"2026-11-20T12:00:06Z\"}";
        var old = scored.valueSerde().deserializer().deserialize(scored.name(), v1.getBytes(StandardCharsets.UTF_8));
        assertThat(old.tickers()).isEmpty();
        assertThat(old.toward("TSLA")).isEmpty();
        assertThat(old.label()).isEqualTo("positive");

        var v2 = new io.tickertape.events.ScoredArticle(2, old.article(), "positive", 0.9, 0.05, 0.05, "m2",
                old.scoredAt(), List.of(new io.tickertape.events.TickerSentiment("TSLA", "Tesla", "Tesla beats",
                "positive", 0.8, 0.1, 0.1)));
        byte[] bytes = scored.valueSerde().serializer().serialize(scored.name(), v2);
        assertThat(new String(bytes, StandardCharsets.UTF_8)).contains("\"schemaVersion\":2", "\"target\":\"Tesla\"");
        assertThat(scored.valueSerde().deserializer().deserialize(scored.name(), bytes)).isEqualTo(v2);
    }

    @Test
    void signalsOfSchemaOneStillReadWithTheirDefaultsAndSchemaTwoCarriesProvenance() {
        Topic<String, io.tickertape.signals.fusion.Signal> signals = Topics.withPrefix("").signals();
        // A value exactly as the previous build wrote it to the signals topic (schema 1, no provenance fields).
        String v1 = "{\"schemaVersion\":1,\"signalId\":\"abc\",\"ticker\":\"MSFT\",\"company\":\"Microsoft\","
                + "\"direction\":\"BUY\",\"signalAt\":\"2026-11-20T12:00:00Z\",\"articleId\":\"a1\","
                + "\"headline\":\"Microsoft wins\",\"link\":null,\"source\":\"src\","
                + "\"publishedAt\":\"2026-11-20T11:59:00Z\",\"score\":0.5,\"sentimentScore\":0.6,"
                + "\"technicalScore\":0.2,\"confidence\":0.9,\"relevance\":1.0,\"modelVersion\":\"m1\","
                + "\"price\":400.0,\"priceAt\":\"2026-11-20T12:00:00Z\",\"currency\":\"USD\",\"entry\":400.0,"
                + "\"stop\":390.0,\"target\":415.0,\"explanation\":[\"why\"]}";
        var old = signals.valueSerde().deserializer().deserialize(signals.name(), v1.getBytes(StandardCharsets.UTF_8));
        assertThat(old.strategy()).isEqualTo("fusion");
        assertThat(old.scorer()).isEqualTo("model");
        assertThat(old.arm()).isNull();
        assertThat(old.shadow()).isFalse();
        assertThat(old.reversalOf()).isNull();
        assertThat(old.explanation()).containsExactly("why");

        var v2 = old.madeBy("trend-confirmed", "lexicon", "exp/b", true).asReversalOf("earlier");
        byte[] bytes = signals.valueSerde().serializer().serialize(signals.name(), v2);
        assertThat(new String(bytes, StandardCharsets.UTF_8)).contains("\"reversalOf\":\"earlier\"",
                "\"strategy\":\"trend-confirmed\"", "\"shadow\":true");
        assertThat(signals.valueSerde().deserializer().deserialize(signals.name(), bytes)).isEqualTo(v2);
    }
}
