package io.tickertape.finbert;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ScoreCacheTest {
    static SentimentModel model;

    @BeforeAll
    static void load() {
        model = SentimentModel.load(ShippedModel.config());
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void cacheHitSkipsInference() {
        ScoreCache cache = new ScoreCache(1000);
        String text = "Quarterly revenue beat estimates and margins improved";
        Sentiment first;
        try (SentimentPredictor p = model.newPredictor(cache)) {
            long before = model.inferredTexts();
            first = p.score(text);
            assertThat(model.inferredTexts()).isEqualTo(before + 1);
            assertThat(cache.misses()).isEqualTo(1);
        }
        // a different predictor sharing the cache, with differently spaced text: no inference at all
        try (SentimentPredictor p2 = model.newPredictor(cache)) {
            long before = model.inferredTexts();
            long passes = model.forwardPasses();
            Sentiment again = p2.score("  Quarterly revenue beat estimates\nand margins   improved ");
            assertThat(again).isEqualTo(first);
            assertThat(model.inferredTexts()).isEqualTo(before);
            assertThat(model.forwardPasses()).isEqualTo(passes);
            assertThat(cache.hits()).isEqualTo(1);
        }
    }

    @Test
    void batchMixesHitsAndMisses() {
        ScoreCache cache = new ScoreCache(1000);
        try (SentimentPredictor p = model.newPredictor(cache)) {
            p.score("Sales fell 20 percent");
            long before = model.inferredTexts();
            List<Sentiment> s = p.scoreBatch(List.of("Sales fell 20 percent", "Sales rose 20 percent"));
            assertThat(model.inferredTexts()).isEqualTo(before + 1);
            assertThat(s).hasSize(2);
            assertThat(cache.hits()).isEqualTo(1);
            assertThat(cache.size()).isEqualTo(2);
        }
    }

    @Test
    void keysSeparateModelVersions() {
        ScoreCache cache = new ScoreCache(10);
        Sentiment s = Sentiment.of(0.7, 0.2, 0.1, "v1");
        cache.put("v1", "text", s);
        assertThat(cache.get("v1", "text")).isEqualTo(s);
        assertThat(cache.get("v2", "text")).isNull();
        assertThat(ScoreCache.normalize("  a \t b\n")).isEqualTo("a b");
    }
}
