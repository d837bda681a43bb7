package io.tickertape.finbert;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** (text, target) scoring: what the network sees, the cache key, and how an article-level model treats targets. */
class TargetedScoringTest {
    @TempDir
    static Path tmp;
    static SentimentModel pairModel;
    static SentimentModel textModel;

    @BeforeAll
    static void load() throws Exception {
        pairModel = SentimentModel.load(ModelConfig.defaults(ShippedModel.copyWithInput(tmp.resolve("pair"), "text_pair"))
                .withThreads(2));
        textModel = SentimentModel.load(ModelConfig.defaults(ShippedModel.copyWithInput(tmp.resolve("text"), "text"))
                .withThreads(2));
    }

    @AfterAll
    static void close() {
        pairModel.close();
        textModel.close();
    }

    @Test
    void pairPiecesAreTheTokenizersPairTemplate() throws Exception {
        String text = "Microsoft wins $10 billion Pentagon cloud contract, beating Amazon";
        try (HuggingFaceTokenizer tok = HuggingFaceTokenizer.newInstance(pairModel.metadata().tokenizerFile(),
                Map.of("addSpecialTokens", "true", "truncation", "false", "padding", "false"));
             SentimentPredictor p = pairModel.newPredictor()) {
            for (String target : List.of("Amazon", "Microsoft", "Alphabet Inc.")) {
                Encoding expected = tok.encode(text, target);
                long[][] seen = p.encodedForTest(SentimentInput.toward(text, target));
                assertThat(seen[0]).as("ids toward %s", target).containsExactly(expected.getIds());
                assertThat(seen[1]).as("segment ids toward %s", target).containsExactly(expected.getTypeIds());
            }
        }
    }

    @Test
    void theShippedModelSidesWithTheWinnerOfATwoCompanyHeadline() {
        // Headlines written for this test: one company gains at the other's expense.
        List<String[]> cases = List.of(
                new String[] {"AMD gains market share from Intel as Intel stumbles on 7nm delays", "AMD", "Intel"},
                new String[] {"Toyota recalls 2 million cars while Honda raises its profit forecast", "Honda", "Toyota"});
        try (SentimentPredictor p = pairModel.newPredictor()) {
            for (String[] c : cases) {
                List<Sentiment> s = p.scoreInputs(List.of(SentimentInput.toward(c[0], c[1]), SentimentInput.toward(c[0], c[2])));
                assertThat(s.get(0).label()).as("toward the winner %s in '%s'", c[1], c[0]).isEqualTo(Sentiment.POSITIVE);
                assertThat(s.get(1).label()).as("toward the loser %s in '%s'", c[2], c[0]).isNotEqualTo(Sentiment.POSITIVE);
                assertThat(s.get(0).polarity()).isGreaterThan(s.get(1).polarity());
            }
        }
    }

    @Test
    void cacheKeyIncludesTheTarget() {
        ScoreCache cache = new ScoreCache(100);
        String text = "Netflix subscribers flee to Disney+ as Disney streaming surges";
        try (SentimentPredictor p = pairModel.newPredictor(cache)) {
            long before = pairModel.inferredTexts();
            p.scoreInputs(List.of(SentimentInput.toward(text, "Netflix"), SentimentInput.toward(text, "Disney"),
                    SentimentInput.of(text)));
            assertThat(pairModel.inferredTexts() - before).isEqualTo(3);
            assertThat(cache.size()).isEqualTo(3);
            p.scoreInputs(List.of(SentimentInput.toward(text, " Netflix "), SentimentInput.toward(text, "Disney")));
            assertThat(pairModel.inferredTexts() - before).as("both served from the cache").isEqualTo(3);
            assertThat(cache.hits()).isEqualTo(2);
        }
    }

    @Test
    void aLongTextKeepsItsTargetInEveryPiece() {
        String sentence = "Shipments were unchanged from the prior quarter while the company reviewed its options. ";
        String longText = sentence.repeat(12) + "Amazon lost the contract.";
        try (SentimentPredictor p = pairModel.newPredictor()) {
            long passesBefore = pairModel.forwardPasses();
            Sentiment s = p.scoreInputs(List.of(SentimentInput.toward(longText, "Amazon"))).getFirst();
            assertThat(pairModel.forwardPasses()).isGreaterThan(passesBefore);
            assertThat(s.positive() + s.negative() + s.neutral()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-6));
        }
    }

    @Test
    void anArticleLevelModelScoresTheWholeTextAndSaysSo() {
        String text = "AMD gains market share from Intel as Intel stumbles on 7nm delays";
        try (SentimentPredictor p = textModel.newPredictor()) {
            assertThat(p.targetAware()).isFalse();
            Sentiment whole = p.score(text);
            Sentiment toward = p.scoreInputs(List.of(SentimentInput.toward(text, "Intel"))).getFirst();
            assertThat(toward).isEqualTo(whole);
        }
        try (SentimentPredictor p = pairModel.newPredictor()) {
            assertThat(p.targetAware()).isTrue();
        }
    }

    @Test
    void blankTargetMeansNoTarget() {
        assertThat(SentimentInput.toward("Sales rose", "  ").target()).isNull();
        assertThat(SentimentInput.toward("Sales rose", " Acme\tCorp ").target()).isEqualTo("Acme Corp");
        assertThatThrownBy(() -> SentimentInput.toward(null, "Acme")).isInstanceOf(NullPointerException.class);
    }
}
