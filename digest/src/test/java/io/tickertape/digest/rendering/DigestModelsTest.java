package io.tickertape.digest.rendering;

import io.tickertape.digest.testing.SignalFixtures;
import io.tickertape.signals.fusion.Direction;
import io.tickertape.signals.fusion.Signal;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What the reader sees for one signal: exact formatting, and a stale price never shown as current. */
class DigestModelsTest {

    private static final Instant AS_OF = Instant.parse("2026-11-21T13:30:00Z"); // 06:30 in Phoenix
    private final DigestModels models = new DigestModels(RenderSettings.defaults());
    private final DigestRenderer renderer = new DigestRenderer();

    private Signal signal(Instant priceAt) {
        Signal s = SignalFixtures.signal("NVDA", Direction.SELL, -0.6234, 0.914, "NVIDIA warns", "https://n.example/1",
                AS_OF.minus(Duration.ofHours(3)));
        return new Signal(s.schemaVersion(), s.signalId(), s.ticker(), "NVIDIA Corporation", s.direction(), s.signalAt(),
                s.articleId(), s.headline(), s.link(), s.source(), AS_OF.minus(Duration.ofMinutes(200)), s.score(),
                -0.7, -0.4, s.confidence(), s.relevance(), s.modelVersion(), 1234.5, priceAt, "USD", 1234.5, 1296.2,
                1111.05, List.of("RSI(14) 74: overbought"));
    }

    @Test
    void aSignalShowsItsScorePartsConfidenceAgeAndPriceTime() {
        Instant priceAt = Instant.parse("2026-11-20T20:59:00Z"); // Friday's close, 13:59 in Phoenix
        SignalView v = models.digest(LocalDate.of(2026, 11, 21), AS_OF.minus(Duration.ofDays(1)), AS_OF,
                List.of(signal(priceAt)), 1, Map.of()).signals().getFirst();
        assertThat(v.score()).isEqualTo("-0.62");
        assertThat(v.sentiment()).isEqualTo("-0.70");
        assertThat(v.technical()).isEqualTo("-0.40");
        assertThat(v.confidence()).isEqualTo("91%");
        assertThat(v.age()).isEqualTo("3 h ago");
        assertThat(v.price()).isEqualTo("$1,234.50");
        assertThat(v.priceTime()).isEqualTo("Fri, Nov 20, 1:59 PM MST");
        assertThat(v.priceAge()).isEqualTo("16 h");
        assertThat(v.priceStale()).isFalse();
        assertThat(v.stop()).isEqualTo("$1,296.20");
        assertThat(v.target()).isEqualTo("$1,111.05");
        assertThat(v.buy()).isFalse();
    }

    @Test
    void aPriceOlderThanTheLimitIsFlaggedStaleInBothParts() {
        Instant weekOld = AS_OF.minus(Duration.ofDays(6));
        DigestModel model = models.digest(LocalDate.of(2026, 11, 21), AS_OF.minus(Duration.ofDays(1)), AS_OF,
                List.of(signal(weekOld)), 1, Map.of());
        assertThat(model.signals().getFirst().priceStale()).isTrue();
        DigestRenderer.RenderedEmail email = renderer.render(model);
        assertThat(email.html()).contains("Stale price").contains("6 d before this email").contains("Check a live quote");
        assertThat(email.text()).contains("STALE PRICE: $1,234.50 as of Sun, Nov 15, 6:30 AM MST").contains("Check a live quote");
        assertThat(email.text()).doesNotContain("   Price $1,234.50");
    }
}
