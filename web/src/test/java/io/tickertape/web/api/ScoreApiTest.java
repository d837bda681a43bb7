package io.tickertape.web.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.tickertape.finbert.ModelConfig;
import io.tickertape.finbert.ModelLocator;
import io.tickertape.finbert.SentimentModel;
import io.tickertape.web.WebSettings;
import io.tickertape.web.http.Json;
import io.tickertape.web.testing.RunningWeb;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** /api/score with the shipped model (finbert/model), including concurrent callers sharing the predictor pool. */
class ScoreApiTest {

    private static SentimentScoring scoring;
    private static RunningWeb web;

    @BeforeAll
    static void start() {
        Path dir = ModelLocator.defaultModelDir(Map.of());
        assumeTrue(Files.isRegularFile(dir.resolve("model.pt")), "shipped model not found at " + dir);
        scoring = new SentimentScoring(SentimentModel.load(ModelConfig.defaults(dir).withThreads(1)), 2, Duration.ofSeconds(10));
        web = new RunningWeb(WebSettings.defaults(0).withRate(6000, 1000), scoring);
    }

    @AfterAll
    static void stop() {
        if (web != null) {
            web.close();
        }
        if (scoring != null) {
            scoring.close();
        }
    }

    @Test
    void aHeadlineIsScoredWithLabelScoresTargetAndModel() throws Exception {
        HttpResponse<String> r = web.post("/api/score", "application/json",
                "{\"text\":\"Nvidia beats estimates and raises its full-year guidance\",\"target\":\"Nvidia\"}");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode json = Json.MAPPER.readTree(r.body());
        assertThat(json.fieldNames()).toIterable().containsExactly("label", "scores", "target", "model");
        assertThat(json.get("label").asText()).isEqualTo("positive");
        double sum = json.get("scores").get("positive").asDouble() + json.get("scores").get("negative").asDouble()
                + json.get("scores").get("neutral").asDouble();
        assertThat(sum).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-3));
        assertThat(json.get("model").asText()).isEqualTo(scoring.version());
        if (scoring.targetAware()) {
            assertThat(json.get("target").asText()).isEqualTo("Nvidia");
        } else {
            assertThat(json.get("target").isNull()).isTrue();
        }
    }

    @Test
    void withoutATargetTheTargetIsNull() throws Exception {
        JsonNode json = Json.MAPPER.readTree(web.post("/api/score", "application/json",
                "{\"text\":\"Boeing cuts its outlook as deliveries slump\"}").body());
        assertThat(json.get("label").asText()).isEqualTo("negative");
        assertThat(json.get("target").isNull()).isTrue();
    }

    @Test
    void concurrentCallersAllGetTheSameAnswerAsOneCaller() throws Exception {
        String body = "{\"text\":\"Apple shares slide after regulators open a probe\",\"target\":\"Apple\"}";
        String alone = web.post("/api/score", "application/json", body).body();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<HttpResponse<String>>> calls = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                calls.add(pool.submit(() -> web.post("/api/score", "application/json", body)));
            }
            for (Future<HttpResponse<String>> call : calls) {
                HttpResponse<String> r = call.get();
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(r.body()).isEqualTo(alone);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theModelIsListed() throws Exception {
        JsonNode json = Json.MAPPER.readTree(web.get("/api/model").body());
        assertThat(json.get("model").asText()).isEqualTo(scoring.version());
        assertThat(json.get("labels")).hasSize(3);
    }
}
