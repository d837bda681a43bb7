package io.tickertape.topology;

import io.tickertape.events.Article;
import io.tickertape.events.ScoredArticle;
import io.tickertape.events.topics.Topics;
import io.tickertape.finbert.Sentiment;
import io.tickertape.finbert.SentimentInput;
import io.tickertape.signals.experiments.Experiment;
import io.tickertape.signals.experiments.SignalPlan;
import io.tickertape.signals.fusion.Direction;
import io.tickertape.signals.fusion.FusionSettings;
import io.tickertape.signals.fusion.Signal;
import io.tickertape.signals.history.DedupeSettings;
import io.tickertape.topology.errors.DeadLetterRouting;
import io.tickertape.topology.runtime.StreamsApp;
import io.tickertape.topology.runtime.StreamsSettings;
import io.tickertape.topology.sentiment.BatchScorer;
import io.tickertape.topology.testing.PipelineFixture;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An experiment arm that decides with the challenger model: a variant is a (model version, strategy) pair. The
 * scorer here is written for the test: the active model ("active-v1") calls every text clearly positive, the
 * challenger ("challenger-v2") clearly negative, so which model an arm used shows in the direction of its signal.
 */
class ChallengerArmTopologyTest {

    private static final Instant NOW = Instant.parse("2026-11-20T15:00:00Z"); // a Friday, market hours

    @TempDir
    Path temp;

    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final Topics topics = Topics.withPrefix("");
    private PipelineFixture fixture;
    private TopologyTestDriver driver;

    /** Active: positive; challenger: negative; article level (targets ignored), like an old model directory. */
    static final class TwoModels implements BatchScorer {
        @Override
        public List<Sentiment> scoreInputs(List<SentimentInput> inputs) {
            return inputs.stream().map(i -> Sentiment.of(0.95, 0.02, 0.03, "active-v1")).toList();
        }

        @Override
        public Scores scoreWithChallenger(List<SentimentInput> inputs) {
            return new Scores(scoreInputs(inputs),
                    inputs.stream().map(i -> Sentiment.of(0.02, 0.95, 0.03, "challenger-v2")).toList());
        }

        @Override
        public boolean targetAware() {
            return false;
        }

        @Override
        public void close() {
        }
    }

    @AfterEach
    void stop() {
        if (driver != null) {
            driver.close();
        }
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void theChallengerArmDecidesWithTheChallengerModelAndTheShadowArmWithTheActiveOne() {
        fixture = new PipelineFixture(temp.resolve("prices"), clock);
        // One live arm on the challenger model, and a shadow arm on the active model beside it.
        Experiment experiment = Experiment.parse("models", "next=fusion@challenger,ctl=fusion:shadow");
        PipelineConfig config = PipelineConfig.defaults(topics).withBatching(4, Duration.ofMillis(200))
                .withPlan(SignalPlan.experiment(experiment, FusionSettings.defaults()), "model");
        var services = fixture.services(clock, s -> { }, DedupeSettings.defaults(), TwoModels::new);
        Properties props = StreamsApp.streamsProperties(config, new StreamsSettings(new Properties(), temp.resolve("state"),
                null, 1, 4, (short) 1, "127.0.0.1", -1, Duration.ofSeconds(5)),
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        props.put("bootstrap.servers", "unused:9092");
        props.put(DeadLetterRouting.CLOCK_CONFIG, clock);
        driver = new TopologyTestDriver(SignalTopology.buildTopology(config, services), props, NOW);
        TestInputTopic<String, Article> articles = driver.createInputTopic(topics.articles().name(), new StringSerializer(),
                topics.articles().valueSerde().serializer(), NOW, Duration.ZERO);
        TestOutputTopic<String, Signal> signals = driver.createOutputTopic(topics.signals().name(),
                topics.signals().keySerde().deserializer(), topics.signals().valueSerde().deserializer());
        TestOutputTopic<String, ScoredArticle> scored = driver.createOutputTopic(topics.scored().name(),
                topics.scored().keySerde().deserializer(), topics.scored().valueSerde().deserializer());

        Article a = PipelineFixture.article("Apple Inc. reports quarterly results", "", NOW.minusSeconds(600));
        articles.pipeInput(a.id(), a, NOW);
        driver.advanceWallClockTime(Duration.ofSeconds(1));

        ScoredArticle s = scored.readValuesToList().getFirst();
        assertThat(s.modelVersion()).isEqualTo("active-v1");
        assertThat(s.challenger().modelVersion()).isEqualTo("challenger-v2");
        assertThat(s.challenger().label()).isEqualTo("negative");

        List<Signal> emitted = signals.readValuesToList();
        Signal live = emitted.stream().filter(x -> !x.shadow()).findFirst().orElseThrow();
        Signal shadow = emitted.stream().filter(Signal::shadow).findFirst().orElseThrow();
        assertThat(live.arm()).isEqualTo("models/next");
        assertThat(live.direction()).isEqualTo(Direction.SELL);
        assertThat(live.modelVersion()).isEqualTo("challenger-v2");
        assertThat(shadow.arm()).isEqualTo("models/ctl");
        assertThat(shadow.direction()).isEqualTo(Direction.BUY);
        assertThat(shadow.modelVersion()).isEqualTo("active-v1");
        assertThat(fixture.history.find(live.signalId()).orElseThrow().modelVersion()).isEqualTo("challenger-v2");
    }
}
