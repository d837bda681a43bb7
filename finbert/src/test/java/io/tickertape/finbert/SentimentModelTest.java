package io.tickertape.finbert;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class SentimentModelTest {
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
    void metadataComesFromModelJson() {
        assertThat(model.version()).startsWith("tickertape-finbert");
        assertThat(model.labels()).containsExactlyInAnyOrder("positive", "negative", "neutral");
    }

    @Test
    void scoresClearSentencesCorrectly() {
        try (SentimentPredictor p = model.newPredictor()) {
            List<Sentiment> s = p.scoreBatch(List.of(
                    "Profit rose 40% and the company raised its guidance",
                    "The company filed for bankruptcy after heavy losses",
                    "The annual general meeting will be held in Helsinki on 15 March."));
            assertThat(s.get(0).label()).isEqualTo("positive");
            assertThat(s.get(1).label()).isEqualTo("negative");
            assertThat(s.get(2).label()).isEqualTo("neutral");
            assertThat(s.get(0).polarity()).isGreaterThan(0.5);
            assertThat(s.get(1).polarity()).isLessThan(-0.5);
            for (Sentiment x : s) {
                assertThat(x.positive() + x.negative() + x.neutral()).isCloseTo(1.0, within(1e-6));
                assertThat(x.confidence()).isBetween(1.0 / 3, 1.0);
                assertThat(x.modelVersion()).isEqualTo(model.version());
            }
        }
    }

    /** Int8 dynamic quantization scales activations per batch, so batch composition moves scores slightly. */
    @Test
    void batchResultsMatchSingleScoresAndKeepOrder() {
        List<String> texts = List.of("Shares plunged after the profit warning", "Quarterly sales grew 12 %",
                "The company is headquartered in Espoo", "Net loss widened to EUR 5 million");
        try (SentimentPredictor p = model.newPredictor()) {
            List<Sentiment> batch = p.scoreBatch(texts);
            for (int i = 0; i < texts.size(); i++) {
                Sentiment single = p.score(texts.get(i));
                assertThat(batch.get(i).label()).isEqualTo(single.label());
                assertThat(batch.get(i).positive()).isCloseTo(single.positive(), within(0.1));
            }
        }
    }

    @Test
    void longTextIsSplitIntoPiecesAndAggregated() {
        String sentence = "Operating profit rose sharply and the company raised its full-year outlook. ";
        String longText = sentence.repeat(20); // ~300 tokens -> several 64-token pieces
        long passes = model.forwardPasses();
        try (SentimentPredictor p = model.newPredictor()) {
            Sentiment s = p.score(longText);
            assertThat(s.label()).isEqualTo("positive");
            assertThat(s.positive() + s.negative() + s.neutral()).isCloseTo(1.0, within(1e-6));
        }
        assertThat(model.forwardPasses()).isGreaterThan(passes);
    }

    @Test
    void forwardPassesHoldAtMostTheTokenBudget() {
        String longText = "Operating profit rose sharply and the company raised its full-year outlook. ".repeat(20);
        long[] passes = new long[3];
        int[] budgets = {64, 256, 2048};
        for (int i = 0; i < budgets.length; i++) {
            try (SentimentModel m = SentimentModel.load(ShippedModel.config().withBatchSize(32).withBatchTokens(budgets[i]));
                 SentimentPredictor p = m.newPredictor()) {
                long before = m.forwardPasses();
                assertThat(p.score(longText).label()).isEqualTo("positive");
                passes[i] = m.forwardPasses() - before;
            }
        }
        // ~300 tokens -> 5+ pieces of <= 64 tokens: one per pass at 64 tokens, four per pass at 256, all in one at 2048
        assertThat(passes[0]).isGreaterThanOrEqualTo(5);
        assertThat(passes[1]).isEqualTo((passes[0] + 3) / 4);
        assertThat(passes[2]).isEqualTo(1);
    }

    @Test
    void tokenBudgetBelowOnePieceIsRejected() {
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> ShippedModel.config().withBatchTokens(32)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("batchTokens");
    }

    @Test
    void emptyAndWhitespaceTextsStillGetADistribution() {
        try (SentimentPredictor p = model.newPredictor()) {
            for (Sentiment s : p.scoreBatch(List.of("", "   \n "))) {
                assertThat(s.positive() + s.negative() + s.neutral()).isCloseTo(1.0, within(1e-6));
            }
        }
    }

    @Test
    void predictorsOnSeveralThreadsShareTheModel() throws Exception {
        List<String> texts = List.of("Revenue doubled", "Shares collapsed", "The board met on Monday",
                "Margins improved", "The bank cut 500 jobs", "Orders were flat");
        List<Sentiment> expected;
        try (SentimentPredictor p = model.newPredictor()) {
            expected = p.scoreBatch(texts);
        }
        ScoreCache shared = new ScoreCache(100);
        var pool = java.util.concurrent.Executors.newFixedThreadPool(3);
        try {
            List<java.util.concurrent.Future<List<Sentiment>>> futures = new java.util.ArrayList<>();
            for (int t = 0; t < 6; t++) {
                futures.add(pool.submit(() -> {
                    try (SentimentPredictor p = model.newPredictor(shared)) {
                        return p.scoreBatch(texts);
                    }
                }));
            }
            for (var f : futures) {
                List<Sentiment> got = f.get(120, java.util.concurrent.TimeUnit.SECONDS);
                for (int i = 0; i < texts.size(); i++) {
                    assertThat(got.get(i).label()).isEqualTo(expected.get(i).label());
                    assertThat(got.get(i).positive()).isCloseTo(expected.get(i).positive(), within(0.1));
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void loadingTheSameDirectoryAgainReturnsTheLoadedInstance() {
        try (SentimentModel again = SentimentModel.load(ShippedModel.config())) {
            assertThat(again).isSameAs(model);
        }
        // still usable after the extra reference was released
        try (SentimentPredictor p = model.newPredictor()) {
            assertThat(p.score("Revenue increased").label()).isNotNull();
        }
    }
}
