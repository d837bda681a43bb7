package io.tickertape.signals.fusion;

import io.tickertape.signals.prices.Quote;
import io.tickertape.signals.technicals.TechnicalView;
import io.tickertape.signals.tickers.TickerMatch;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class SignalFusionTest {

    private static final Instant NOW = Instant.parse("2025-03-03T15:00:00Z");
    private static final TickerMatch TSLA = new TickerMatch("TSLA", "Tesla, Inc.", "Tesla", 0.9);
    private static final SentimentScores BULLISH = new SentimentScores(0.9, 0.05, 0.05, 0.9, "finbert-test");
    private static final SentimentScores BEARISH = new SentimentScores(0.05, 0.9, 0.05, 0.9, "finbert-test");
    private static final TechnicalView UP = new TechnicalView(0.5, 4.0, 200, List.of("RSI(14) 45.0: neutral zone"),
            Map.of("atr14", 4.0));

    private static FusionInput input(SentimentScores s, TechnicalView tech, Instant published, Instant priced) {
        return new FusionInput("article-1", "Tesla beats delivery estimates", "https://example.com/a", "test",
                published, published, NOW, TSLA, s, new Quote("TSLA", 200.0, "USD", priced), tech);
    }

    @Test
    void combinesSeventyThirtyAndSetsAtrLevels() {
        SignalFusion fusion = new SignalFusion(FusionSettings.defaults());
        Signal s = fusion.fuse(input(BULLISH, UP, NOW.minusSeconds(600), NOW.minusSeconds(10))).emitted().orElseThrow();
        double sentiment = (0.9 - 0.05) * 0.9 * 0.9;
        assertThat(s.sentimentScore()).isCloseTo(sentiment, within(1e-9));
        assertThat(s.score()).isCloseTo(0.7 * sentiment + 0.3 * 0.5, within(1e-9));
        assertThat(s.direction()).isEqualTo(Direction.BUY);
        assertThat(s.entry()).isEqualTo(200.0);
        assertThat(s.stop()).isEqualTo(200.0 - 2 * 4.0);
        assertThat(s.target()).isEqualTo(200.0 + 3 * 4.0);
        assertThat(s.signalAt()).isEqualTo(NOW);
        assertThat(s.signalId()).isEqualTo(Signal.idFor("article-1", "TSLA", Direction.BUY));
        assertThat(s.explanation()).anySatisfy(l -> assertThat(l).contains("RSI(14)"))
                .anySatisfy(l -> assertThat(l).startsWith("score 0.70 x"));
    }

    @Test
    void bearishNewsMakesASellWithMirroredLevels() {
        Signal s = new SignalFusion(FusionSettings.defaults())
                .fuse(input(BEARISH, UP, NOW.minusSeconds(60), NOW)).emitted().orElseThrow();
        assertThat(s.direction()).isEqualTo(Direction.SELL);
        assertThat(s.stop()).isEqualTo(208.0);
        assertThat(s.target()).isEqualTo(188.0);
    }

    @Test
    void weightsAreConfigurable() {
        SignalFusion techOnly = new SignalFusion(FusionSettings.defaults().withWeights(0.0, 1.0).withThreshold(0.4));
        Signal s = techOnly.fuse(input(BEARISH, UP, NOW, NOW)).emitted().orElseThrow();
        assertThat(s.score()).isEqualTo(0.5);
        assertThat(s.direction()).isEqualTo(Direction.BUY);
    }

    @Test
    void dropsWithAReason() {
        SignalFusion fusion = new SignalFusion(FusionSettings.defaults());
        SentimentScores mild = new SentimentScores(0.4, 0.3, 0.3, 0.4, "m");
        assertThat(fusion.fuse(input(mild, null, NOW, NOW))).isInstanceOfSatisfying(FusionOutcome.Dropped.class,
                d -> assertThat(d.reason()).isEqualTo(DropReason.NO_TECHNICALS));
        assertThat(fusion.fuse(input(mild, UP, NOW, NOW))).isInstanceOfSatisfying(FusionOutcome.Dropped.class, d -> {
            assertThat(d.reason()).isEqualTo(DropReason.BELOW_THRESHOLD);
            assertThat(d.score()).isBetween(-1.0, 0.3);
        });
        assertThat(fusion.fuse(input(BULLISH, UP, NOW.minus(Duration.ofHours(7)), NOW)))
                .isInstanceOfSatisfying(FusionOutcome.Dropped.class,
                        d -> assertThat(d.reason()).isEqualTo(DropReason.STALE_ARTICLE));
        assertThat(fusion.fuse(input(BULLISH, UP, NOW.plus(Duration.ofHours(1)), NOW)))
                .isInstanceOfSatisfying(FusionOutcome.Dropped.class,
                        d -> assertThat(d.reason()).isEqualTo(DropReason.FUTURE_ARTICLE));
        assertThat(fusion.fuse(input(BULLISH, UP, NOW, NOW.minusSeconds(61))))
                .isInstanceOfSatisfying(FusionOutcome.Dropped.class,
                        d -> assertThat(d.reason()).isEqualTo(DropReason.STALE_PRICE));
        FusionInput noPrice = new FusionInput("a", "h", null, null, NOW, NOW, NOW, TSLA, BULLISH, null, UP);
        assertThat(fusion.fuse(noPrice)).isInstanceOfSatisfying(FusionOutcome.Dropped.class,
                d -> assertThat(d.reason()).isEqualTo(DropReason.NO_PRICE));
        FusionInput faint = new FusionInput("a", "h", null, null, NOW, NOW, NOW,
                new TickerMatch("TSLA", "Tesla, Inc.", "Tesla", 0.3), BULLISH, new Quote("TSLA", 1, "USD", NOW), UP);
        assertThat(fusion.fuse(faint)).isInstanceOfSatisfying(FusionOutcome.Dropped.class,
                d -> assertThat(d.reason()).isEqualTo(DropReason.LOW_RELEVANCE));
    }

    @Test
    void replayMeasuresAgeAgainstTheArticlesOwnTimeNotTheWallClock() {
        Instant published = Instant.parse("2016-05-04T13:00:00Z");
        Instant observed = published.plus(Duration.ofMinutes(30));
        FusionInput old = new FusionInput("a", "Tesla beats", null, null, published, observed, NOW, TSLA, BULLISH,
                new Quote("TSLA", 200, "USD", observed.minusSeconds(20)), UP);
        assertThat(new SignalFusion(FusionSettings.defaults()).fuse(old))
                .isInstanceOfSatisfying(FusionOutcome.Dropped.class,
                        d -> assertThat(d.reason()).isEqualTo(DropReason.STALE_ARTICLE));
        Signal s = new SignalFusion(FusionSettings.defaults().withMode(FreshnessGate.Mode.REPLAY)).fuse(old)
                .emitted().orElseThrow();
        assertThat(s.signalAt()).isEqualTo(published);
        FusionInput lateReplay = new FusionInput("a", "Tesla beats", null, null, published,
                published.plus(Duration.ofHours(7)), NOW, TSLA, BULLISH,
                new Quote("TSLA", 200, "USD", published.plus(Duration.ofHours(7))), UP);
        assertThat(new SignalFusion(FusionSettings.defaults().withMode(FreshnessGate.Mode.REPLAY)).fuse(lateReplay))
                .isInstanceOfSatisfying(FusionOutcome.Dropped.class,
                        d -> assertThat(d.reason()).isEqualTo(DropReason.STALE_ARTICLE));
    }

    @Test
    void withoutRequiredTechnicalsTheLevelsUseTheFallbackAtr() {
        SignalFusion fusion = new SignalFusion(FusionSettings.defaults().withRequireTechnicals(false));
        Signal s = fusion.fuse(input(BULLISH, null, NOW, NOW)).emitted().orElseThrow();
        assertThat(s.technicalScore()).isZero();
        assertThat(s.stop()).isEqualTo(200 - 2 * 200 * 0.02);
        assertThat(s.explanation()).anySatisfy(l -> assertThat(l).contains("fallback 2% of price"));
    }
}
