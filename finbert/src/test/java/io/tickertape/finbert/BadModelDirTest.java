package io.tickertape.finbert;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BadModelDirTest {
    @TempDir
    Path tmp;

    @Test
    void missingDirectory() {
        Path missing = tmp.resolve("nope");
        assertThatThrownBy(() -> SentimentModel.load(ModelConfig.defaults(missing)))
                .isInstanceOf(SentimentModelException.class)
                .hasMessageContaining("model directory not found").hasMessageContaining("nope");
    }

    @Test
    void missingTokenizer() throws Exception {
        Files.writeString(tmp.resolve("model.json"), "{\"labels\":[\"positive\",\"negative\",\"neutral\"]}");
        assertThatThrownBy(() -> SentimentModel.load(ModelConfig.defaults(tmp)))
                .isInstanceOf(SentimentModelException.class).hasMessageContaining("tokenizer.json");
    }

    @Test
    void missingMetadata() throws Exception {
        ShippedModel.copyWithoutMetadata(tmp);
        assertThatThrownBy(() -> SentimentModel.load(ModelConfig.defaults(tmp)))
                .isInstanceOf(SentimentModelException.class)
                .hasMessageContaining("neither model.json nor config.json");
    }

    @Test
    void corruptModelJson() throws Exception {
        ShippedModel.copyWithoutMetadata(tmp);
        Files.writeString(tmp.resolve("model.json"), "{\"labels\": [\"positive\", ");
        assertThatThrownBy(() -> SentimentModel.load(ModelConfig.defaults(tmp)))
                .isInstanceOf(SentimentModelException.class).hasMessageContaining("corrupt JSON");
    }

    @Test
    void labelsWithoutTheThreeClasses() throws Exception {
        ShippedModel.copyWithoutMetadata(tmp);
        Files.writeString(tmp.resolve("config.json"), "{\"id2label\":{\"0\":\"LABEL_0\",\"1\":\"LABEL_1\",\"2\":\"LABEL_2\"}}");
        assertThatThrownBy(() -> SentimentModel.load(ModelConfig.defaults(tmp)))
                .isInstanceOf(SentimentModelException.class).hasMessageContaining("positive, negative and neutral");
    }

    @Test
    void corruptTorchScriptFile() throws Exception {
        Files.copy(ShippedModel.dir().resolve("tokenizer.json"), tmp.resolve("tokenizer.json"));
        Files.copy(ShippedModel.dir().resolve("model.json"), tmp.resolve("model.json"));
        Files.write(tmp.resolve("model.pt"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        assertThatThrownBy(() -> SentimentModel.load(ModelConfig.defaults(tmp)))
                .isInstanceOf(SentimentModelException.class).hasMessageContaining("cannot load TorchScript model");
    }

    @Test
    void unknownInputFormat() throws Exception {
        ShippedModel.copyWithoutMetadata(tmp);
        Files.writeString(tmp.resolve("model.json"),
                "{\"labels\":[\"positive\",\"negative\",\"neutral\"],\"input\":\"entity_markers\"}");
        assertThatThrownBy(() -> SentimentModel.load(ModelConfig.defaults(tmp)))
                .isInstanceOf(SentimentModelException.class)
                .hasMessageContaining("\"input\" must be \"text\" or \"text_pair\", got \"entity_markers\"");
    }
}
