package io.tickertape.signals.prices;

import io.tickertape.signals.prices.PriceUnavailableException.Reason;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class YahooChartClientTest {

    private FakeYahoo yahoo;
    private YahooChartClient client;

    @BeforeEach
    void start() throws IOException {
        yahoo = new FakeYahoo();
        client = new YahooChartClient(yahoo.settings().withRequestTimeout(Duration.ofMillis(1_500)));
    }

    @AfterEach
    void stop() {
        client.close();
        yahoo.close();
    }

    static String sharedChart(String file) throws IOException {
        String root = System.getProperty("tickertape.shared.data");
        Path p = root == null ? null : Path.of(root, "prices", "yahoo_chart_api", file);
        assumeTrue(p != null && Files.isRegularFile(p),
                "shared data not found (tickertape.shared.data): skipping the replay of recorded Yahoo responses");
        return Files.readString(p);
    }

    static String fixture(String name) throws IOException {
        try (InputStream in = YahooChartClientTest.class.getResourceAsStream("/prices/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void replaysARecordedDailyHistoryWithSplitAndDividends() throws Exception {
        yahoo.charts.put("AAPL", new FakeYahoo.Reply(200, sharedChart("yahoo_chart_AAPL-2020-08-31-to-2020-11-07.json"), 0));
        List<DailyBar> bars = client.dailyHistory("AAPL", LocalDate.of(2020, 8, 31), LocalDate.of(2020, 11, 7));
        assertThat(bars).hasSize(49);
        assertThat(bars.getFirst().date()).isEqualTo(LocalDate.of(2020, 8, 31));
        assertThat(bars).isSortedAccordingTo(java.util.Comparator.comparing(DailyBar::date));
        assertThat(bars).allSatisfy(b -> assertThat(b.low()).isPositive().isLessThanOrEqualTo(b.high()));
        // The session was bootstrapped once: a crumb request, then the chart request carrying it.
        assertThat(yahoo.crumbRequests.get()).isEqualTo(1);

        Quote q = client.quote("AAPL");
        assertThat(q.price()).isEqualTo(244.87);
        assertThat(q.currency()).isEqualTo("USD");
        assertThat(q.time()).isEqualTo(Instant.ofEpochSecond(1739998801));
        assertThat(yahoo.crumbRequests.get()).isEqualTo(1);
    }

    @Test
    void replaysTheFullTeslaHistoryAndTheHolidayRange() throws Exception {
        yahoo.charts.put("TSLA", new FakeYahoo.Reply(200, sharedChart("yahoo_chart_TSLA-full-history-1970-01-01-to-2023-08-12.json"), 0));
        yahoo.charts.put("GOOG", new FakeYahoo.Reply(200, sharedChart("yahoo_chart_GOOG-2020-01-01-to-2020-01-03.json"), 0));
        assertThat(client.dailyHistory("TSLA", LocalDate.of(1970, 1, 1), LocalDate.of(2023, 8, 12))).hasSize(3303);
        assertThat(client.dailyHistory("GOOG", LocalDate.of(2020, 1, 1), LocalDate.of(2020, 1, 3)))
                .extracting(DailyBar::date).containsExactly(LocalDate.of(2020, 1, 2));
    }

    @Test
    void anEmptyResultIsNoBarsNotAnError() throws Exception {
        yahoo.charts.put("AAPL", new FakeYahoo.Reply(200,
                sharedChart("yahoo_chart_AAPL-2025-02-01-to-2025-02-02-includePrePost-false-interval-1m.json"), 0));
        assertThat(client.dailyHistory("AAPL", LocalDate.of(2025, 2, 1), LocalDate.of(2025, 2, 2))).isEmpty();
    }

    @Test
    void theRecorded404BodyIsNotFoundAndNotRetryable() throws Exception {
        yahoo.charts.put("INVALID.BO", new FakeYahoo.Reply(404, sharedChart("yahoo_chart_error_404_INVALID.BO.json"), 0));
        assertThatThrownBy(() -> client.quote("INVALID.BO"))
                .isInstanceOfSatisfying(PriceUnavailableException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND);
                    assertThat(e.retryable()).isFalse();
                });
    }

    @Test
    void penceAreConvertedNullBarsSkippedAndTheLiveRowWins() throws Exception {
        yahoo.charts.put("TSCO.L", new FakeYahoo.Reply(200, fixture("chart-gbp-null-bar-live-row.json"), 0));
        List<DailyBar> bars = client.dailyHistory("TSCO.L", LocalDate.of(2024, 1, 1), LocalDate.of(2024, 1, 31));
        assertThat(bars).extracting(DailyBar::date).containsExactly(
                LocalDate.of(2024, 1, 2), LocalDate.of(2024, 1, 4), LocalDate.of(2024, 1, 5));
        assertThat(bars.getLast().close()).isEqualTo(2.905);
        assertThat(bars.getFirst().close()).isEqualTo(2.87);
        Quote q = client.quote("TSCO.L");
        assertThat(q.price()).isEqualTo(2.905);
        assertThat(q.currency()).isEqualTo("GBP");
    }

    @Test
    void http429AndATooManyRequestsBodyAreRateLimiting() {
        yahoo.charts.put("A", new FakeYahoo.Reply(429, "Too Many Requests", 0));
        yahoo.charts.put("B", new FakeYahoo.Reply(200, "Edge: Too Many Requests", 0));
        for (String s : List.of("A", "B")) {
            assertThatThrownBy(() -> client.quote(s)).isInstanceOfSatisfying(PriceUnavailableException.class, e -> {
                assertThat(e.reason()).isEqualTo(Reason.RATE_LIMITED);
                assertThat(e.retryable()).isTrue();
            });
        }
    }

    @Test
    void aSlowServerTimesOutAndMalformedJsonIsMalformed() {
        yahoo.charts.put("SLOW", new FakeYahoo.Reply(200, "{}", 6_000));
        yahoo.charts.put("BAD", new FakeYahoo.Reply(200, "{\"chart\":{\"result\":[{\"meta\":", 0));
        long start = System.nanoTime();
        assertThatThrownBy(() -> client.quote("SLOW")).isInstanceOfSatisfying(PriceUnavailableException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.TIMEOUT));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(4_500));
        assertThatThrownBy(() -> client.quote("BAD")).isInstanceOfSatisfying(PriceUnavailableException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED));
    }

    @Test
    void anExpiredCrumbIsRenewedOnce() throws Exception {
        yahoo.charts.put("TSCO.L", new FakeYahoo.Reply(200, fixture("chart-gbp-null-bar-live-row.json"), 0));
        client.quote("TSCO.L");
        yahoo.crumb = "crumb-2";
        assertThat(client.quote("TSCO.L").price()).isEqualTo(2.905);
        assertThat(yahoo.crumbRequests.get()).isEqualTo(2);
    }
}
