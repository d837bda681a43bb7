package io.tickertape.digest.rendering;

import io.tickertape.digest.testing.SignalFixtures;
import io.tickertape.signals.fusion.Signal;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The HTML part stays at most 100 KB (images excluded) for 50 signals, whatever the articles contain. */
class HtmlBudgetTest {

    private static final Instant AS_OF = Instant.parse("2026-11-21T13:30:00Z");
    private final DigestModels models = new DigestModels(RenderSettings.defaults());
    private final DigestRenderer renderer = new DigestRenderer();

    private static Map<String, String> cids(List<Signal> signals) {
        Map<String, String> out = new HashMap<>();
        for (int i = 0; i < signals.size(); i++) {
            out.put(signals.get(i).signalId(), "chart-" + (i + 1) + ".x@tickertape");
        }
        return out;
    }

    @Test
    void fiftyTypicalSignalsFitWithEverythingShown() {
        List<Signal> signals = SignalFixtures.signals(50, AS_OF, 11);
        DigestModel model = models.digest(LocalDate.of(2026, 11, 21), AS_OF.minus(Duration.ofDays(1)), AS_OF, signals, 50, cids(signals))
                .withUnsubscribeUrl("https://tickertape.example/unsubscribe?token=" + "x".repeat(43));
        DigestRenderer.RenderedEmail email = renderer.render(model);
        assertThat(email.htmlBytes()).isLessThanOrEqualTo(100_000);
        assertThat(email.model().signals()).hasSize(50).allSatisfy(s -> assertThat(s.reasons()).isNotEmpty());
        assertThat(email.html()).doesNotContain("not shown");
    }

    @Test
    void pathologicalArticlesAreTrimmedToTheBudgetAndTheEmailSaysWhatWasLeftOut() {
        String nasty = "&<>\"'".repeat(100); // every character expands when escaped
        List<Signal> signals = SignalFixtures.signals(50, AS_OF, 12).stream().map(s -> new Signal(s.schemaVersion(),
                s.signalId(), s.ticker(), "C".repeat(200), s.direction(), s.signalAt(), s.articleId(), nasty,
                "https://news.example/" + "p".repeat(580), nasty, s.publishedAt(), s.score(), s.sentimentScore(),
                s.technicalScore(), s.confidence(), s.relevance(), s.modelVersion(), s.price(), s.priceAt(), s.currency(),
                s.entry(), s.stop(), s.target(), List.of(nasty, nasty, nasty, nasty))).toList();
        DigestModel model = models.digest(LocalDate.of(2026, 11, 21), AS_OF.minus(Duration.ofDays(1)), AS_OF, signals, 50, cids(signals));
        DigestRenderer.RenderedEmail email = renderer.render(model);

        assertThat(email.html().getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(100_000);
        int shown = email.model().signals().size();
        assertThat(shown).isBetween(10, 49);
        assertThat(email.model().signals()).allSatisfy(s -> assertThat(s.reasons()).isEmpty());
        assertThat(email.html()).contains((50 - shown) + " weaker ones are not shown.");
        assertThat(email.text()).contains((50 - shown) + " weaker ones are not shown.");
        // The strongest ones are the ones kept.
        assertThat(email.model().signals().getFirst().rank()).isEqualTo(1);
    }
}
