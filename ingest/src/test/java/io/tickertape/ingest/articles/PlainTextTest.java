package io.tickertape.ingest.articles;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PlainTextTest {

    @Test
    void stripsMarkupAndDecodesEntities() {
        assertThat(PlainText.of("<p>Shares <b>rose</b>&nbsp;5%&#8230;</p>\n\n  <br/>AT&amp;T", 100)).isEqualTo("Shares rose 5%… AT&T");
        assertThat(PlainText.of("S&P 500 < 4000 as yields > 5%", 100)).isEqualTo("S&P 500 < 4000 as yields > 5%");
        assertThat(PlainText.of(null, 10)).isEmpty();
    }

    @Test
    void nothingExecutableSurvivesEvenDoubleEscaped() {
        for (String hostile : List.of("<script>alert(1)</script>Hi", "&lt;script&gt;alert(1)&lt;/script&gt;Hi",
                "&amp;lt;script&amp;gt;alert(1)&amp;lt;/script&amp;gt;Hi", "<img src=x onerror=alert(1)>Hi",
                "<a href=\"javascript:alert(1)\">Hi</a>", "<style>body{}</style>Hi")) {
            String text = PlainText.of(hostile, 200);
            assertThat(text).as(hostile).doesNotContainIgnoringCase("<script").doesNotContainIgnoringCase("onerror")
                    .doesNotContainIgnoringCase("javascript:").endsWith("Hi");
        }
    }

    @Test
    void truncatesAtAWordBoundary() {
        assertThat(PlainText.of("Apple shares jump after record iPhone sales", 20)).isEqualTo("Apple shares jump…");
    }

    @Test
    void tickerHintsComeFromTheFeedTheItemAndCashtags() {
        assertThat(TickerHints.collect(List.of("aapl"), List.of("NVDA", "not a ticker!"), "Buy $MSFT and $BRK.B, not $5bn or $bn"))
                .containsExactly("AAPL", "NVDA", "MSFT", "BRK.B");
    }
}
