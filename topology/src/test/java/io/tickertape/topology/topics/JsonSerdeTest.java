package io.tickertape.topology.topics;

import io.tickertape.topology.events.Article;
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
                .containsExactly("prod.news.articles", "prod.news.scored", "prod.signals", "prod.news.dlq");
        assertThatThrownBy(() -> Topics.withPrefix("bad prefix/")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void scoredArticlesOfSchemaOneStillReadAndSchemaTwoCarriesPerTickerScores() {
        Topic<String, io.tickertape.topology.events.ScoredArticle> scored = Topics.withPrefix("").scored();
        String v1 = "{\"schemaVersion\":1,\"article\":{\"schemaVersion\":1,\"id\":\"a1\",\"title\":\"Tesla beats\","
                + "\"summary\":\"\",\"link\":\"https://x.test/a\",\"source\":\"src\",\"feedUrl\":\"https://x.test/feed\","
                + "\"publishedAt\":\"2026-11-20T12:00:00Z\",\"publishedEstimated\":false,"
                + "\"fetchedAt\":\"2026-11-20T12:00:05Z\",\"tickerHints\":[]},\"label\":\"positive\",\"positive\":0.9,"
                + "\"negative\":0.05,\"neutral\":0.05,\"modelVersion\":\"m1\",\"scoredAt\":\"2026-11-20T12:00:06Z\"}";
        var old = scored.valueSerde().deserializer().deserialize(scored.name(), v1.getBytes(StandardCharsets.UTF_8));
        assertThat(old.tickers()).isEmpty();
        assertThat(old.toward("TSLA")).isEmpty();
        assertThat(old.label()).isEqualTo("positive");

        var v2 = new io.tickertape.topology.events.ScoredArticle(2, old.article(), "positive", 0.9, 0.05, 0.05, "m2",
                old.scoredAt(), List.of(new io.tickertape.topology.events.TickerSentiment("TSLA", "Tesla", "Tesla beats",
                "positive", 0.8, 0.1, 0.1)));
        byte[] bytes = scored.valueSerde().serializer().serialize(scored.name(), v2);
        assertThat(new String(bytes, StandardCharsets.UTF_8)).contains("\"schemaVersion\":2", "\"target\":\"Tesla\"");
        assertThat(scored.valueSerde().deserializer().deserialize(scored.name(), bytes)).isEqualTo(v2);
    }
}
