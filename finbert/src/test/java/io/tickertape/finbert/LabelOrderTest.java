package io.tickertape.finbert;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The same network, described by metadata with a different label order: the mapping must follow the metadata.
 * Output column i of the shipped model is labels()[i]; a copy that names the columns differently must move the
 * probabilities accordingly.
 */
class LabelOrderTest {
    static final String TEXT = "Profit rose 40% and the company raised its guidance";
    static double[] columns; // probability of output column 0,1,2 of the shipped model
    static List<String> shippedLabels;

    @TempDir
    Path tmp;

    @BeforeAll
    static void reference() {
        try (SentimentModel m = SentimentModel.load(ShippedModel.config()); SentimentPredictor p = m.newPredictor()) {
            shippedLabels = m.labels();
            Sentiment s = p.score(TEXT);
            columns = new double[3];
            for (int i = 0; i < 3; i++) {
                columns[i] = switch (shippedLabels.get(i)) {
                    case "positive" -> s.positive();
                    case "negative" -> s.negative();
                    default -> s.neutral();
                };
            }
        }
    }

    @Test
    void modelJsonLabelOrderIsFollowed() throws Exception {
        ShippedModel.copyWithoutMetadata(tmp);
        // columns 0,1,2 renamed to neutral, positive, negative
        Files.writeString(tmp.resolve("model.json"), """
                {"version":"permuted-model-json","labels":["Neutral","positive","NEGATIVE"],"max_length":64}""");
        try (SentimentModel m = SentimentModel.load(ModelConfig.defaults(tmp)); SentimentPredictor p = m.newPredictor()) {
            assertThat(m.labels()).containsExactly("neutral", "positive", "negative");
            Sentiment s = p.score(TEXT);
            assertThat(s.neutral()).isCloseTo(columns[0], within(1e-5));
            assertThat(s.positive()).isCloseTo(columns[1], within(1e-5));
            assertThat(s.negative()).isCloseTo(columns[2], within(1e-5));
            assertThat(s.modelVersion()).isEqualTo("permuted-model-json");
        }
    }

    @Test
    void huggingFaceConfigId2LabelIsFollowed() throws Exception {
        ShippedModel.copyWithoutMetadata(tmp);
        // HF layout (as ProsusAI/finbert): config.json id2label, keys deliberately out of order
        Files.writeString(tmp.resolve("config.json"), """
                {"_name_or_path":"test/permuted","id2label":{"2":"positive","0":"negative","1":"neutral"},
                 "max_position_embeddings":512}""");
        try (SentimentModel m = SentimentModel.load(ModelConfig.defaults(tmp)); SentimentPredictor p = m.newPredictor()) {
            assertThat(m.labels()).containsExactly("negative", "neutral", "positive");
            assertThat(m.version()).isEqualTo("test-permuted");
            Sentiment s = p.score(TEXT);
            assertThat(s.negative()).isCloseTo(columns[0], within(1e-5));
            assertThat(s.neutral()).isCloseTo(columns[1], within(1e-5));
            assertThat(s.positive()).isCloseTo(columns[2], within(1e-5));
        }
    }
}
