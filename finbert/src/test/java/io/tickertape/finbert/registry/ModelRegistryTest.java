package io.tickertape.finbert.registry;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tickertape.finbert.ModelConfig;
import io.tickertape.finbert.ModelLocator;
import io.tickertape.finbert.ScoreCache;
import io.tickertape.finbert.Sentiment;
import io.tickertape.finbert.SentimentModelException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ModelRegistryTest {
    static final Path SHIPPED = ModelLocator.defaultModelDir();

    @TempDir
    Path tmp;

    /** A second "version": same network, a model.json with another version string. */
    private Path otherVersion() throws Exception {
        Path dir = tmp.resolve("v2");
        Files.createDirectories(dir);
        Files.copy(SHIPPED.resolve("model.pt"), dir.resolve("model.pt"));
        Files.copy(SHIPPED.resolve("tokenizer.json"), dir.resolve("tokenizer.json"));
        Files.writeString(dir.resolve("model.json"),
                "{\"version\":\"v2\",\"labels\":[\"positive\",\"negative\",\"neutral\"],\"max_length\":64}");
        return dir;
    }

    @Test
    void shadowAgreementIsRecorded() throws Exception {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        try (ModelRegistry reg = new ModelRegistry(FallbackPolicy.FAIL, meters)) {
            reg.register("shipped", ModelConfig.defaults(SHIPPED)).register("v2", ModelConfig.defaults(otherVersion()));
            reg.activate("shipped");
            reg.setShadow("v2");
            try (RegistryPredictor p = reg.newPredictor(new ScoreCache(100))) {
                List<Sentiment> s = p.scoreBatch(List.of("Sales rose 10 %", "The plant was closed and 300 jobs cut"));
                assertThat(s).allSatisfy(x -> assertThat(x.modelVersion()).isEqualTo(reg.active().version()));
            }
            assertThat(reg.shadowComparisons()).isEqualTo(2);
            assertThat(reg.shadowAgreementRate()).isEqualTo(1.0); // same network
            assertThat(meters.get("finbert.shadow.comparisons").tag("agree", "true").counter().count()).isEqualTo(2.0);
            assertThat(meters.get("finbert.shadow.agreement").gauge().value()).isEqualTo(1.0);
        }
    }

    @Test
    void switchingActiveVersionRebindsPredictors() throws Exception {
        try (ModelRegistry reg = new ModelRegistry(FallbackPolicy.FAIL, null)) {
            reg.register("shipped", ModelConfig.defaults(SHIPPED)).register("v2", ModelConfig.defaults(otherVersion()));
            reg.activate("shipped");
            try (RegistryPredictor p = reg.newPredictor(null)) {
                String first = p.score("Profit fell").modelVersion();
                reg.activate("v2");
                assertThat(reg.activeName()).isEqualTo("v2");
                assertThat(p.score("Profit fell").modelVersion()).isEqualTo("v2").isNotEqualTo(first);
            }
        }
    }

    @Test
    void failPolicyPropagatesLoadErrors() {
        try (ModelRegistry reg = new ModelRegistry(FallbackPolicy.FAIL, null)) {
            reg.register("shipped", ModelConfig.defaults(SHIPPED)).register("broken", ModelConfig.defaults(tmp.resolve("missing")));
            reg.activate("shipped");
            assertThatThrownBy(() -> reg.activate("broken")).isInstanceOf(SentimentModelException.class);
            assertThatThrownBy(() -> reg.activate("unknown")).hasMessageContaining("unknown model version");
        }
    }

    @Test
    void usePreviousVersionPolicyKeepsServing() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        try (ModelRegistry reg = new ModelRegistry(FallbackPolicy.USE_PREVIOUS_VERSION, meters)) {
            reg.register("shipped", ModelConfig.defaults(SHIPPED)).register("broken", ModelConfig.defaults(tmp.resolve("missing")));
            reg.activate("shipped");
            assertThat(reg.activate("broken").version()).isEqualTo(reg.active().version());
            assertThat(reg.activeName()).isEqualTo("shipped");
            assertThat(meters.get("finbert.registry.fallbacks").counter().count()).isEqualTo(1.0);
        }
        try (ModelRegistry empty = new ModelRegistry(FallbackPolicy.USE_PREVIOUS_VERSION, null)) {
            empty.register("broken", ModelConfig.defaults(tmp.resolve("missing")));
            assertThatThrownBy(() -> empty.activate("broken")).isInstanceOf(SentimentModelException.class);
        }
    }
}
