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
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** --web-base-url: every card links to its signal's page on the web service, in both parts; without it, no link. */
class SignalPageLinkTest {

    private static final Instant AS_OF = Instant.parse("2026-11-21T13:30:00Z");

    @Test
    void eachCardLinksToItsSignalPage() {
        Signal s = SignalFixtures.signal("NVDA", Direction.BUY, 0.8, 0.9, "Nvidia beats", "https://news.example.com/a", AS_OF.minusSeconds(3600));
        RenderSettings settings = RenderSettings.defaults().withWebBaseUrl("https://signals.example.com/");
        DigestModel model = new DigestModels(settings).digest(LocalDate.of(2026, 11, 21), AS_OF.minus(Duration.ofDays(1)),
                AS_OF, List.of(s), 1, Map.of());
        String url = "https://signals.example.com/signals/" + s.signalId();
        assertThat(model.signals().getFirst().pageUrl()).isEqualTo(url);
        DigestRenderer.RenderedEmail email = new DigestRenderer().render(model.withUnsubscribeUrl("https://x.example/u?token=t"));
        assertThat(email.html()).contains("<a href=\"" + url + "\"").contains("View in browser");
        assertThat(email.text()).contains("View in browser: " + url);
    }

    @Test
    void withoutABaseThereIsNoLink() {
        Signal s = SignalFixtures.signal("NVDA", Direction.BUY, 0.8, 0.9, "Nvidia beats", null, AS_OF.minusSeconds(3600));
        DigestModel model = new DigestModels(RenderSettings.defaults()).digest(LocalDate.of(2026, 11, 21),
                AS_OF.minus(Duration.ofDays(1)), AS_OF, List.of(s), 1, Map.of());
        assertThat(model.signals().getFirst().pageUrl()).isNull();
        assertThat(new DigestRenderer().render(model).html()).doesNotContain("View in browser");
    }

    @Test
    void onlyAbsoluteHttpBasesAreAccepted() {
        assertThatThrownBy(() -> RenderSettings.defaults().withWebBaseUrl("javascript:alert(1)"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RenderSettings.defaults().withWebBaseUrl("/relative"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
