package io.tickertape.signals.prices;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

class FilePriceSourceTest {

    @Test
    void readsCsvAdjustsForSplitsAndAnswersAsOfTheClock(@TempDir Path dir) throws Exception {
        // A 2:1 split between the 3rd and the 4th: raw closes halve, Adj Close does not.
        Files.writeString(dir.resolve("ACME.csv"), """
                Date,Open,High,Low,Close,Adj Close,Volume
                2024-01-02,100,102,99,101,50.5,1000
                2024-01-03,101,104,100,103,51.5,1000
                2024-01-04,52,53,51,52,52,2000
                2024-01-05,null,null,null,null,null,null
                2024-01-08,52,54,51.5,53,53,2000
                """);
        Files.writeString(dir.resolve("README.md"), "not prices");
        Clock jan5 = Clock.fixed(Instant.parse("2024-01-05T20:00:00Z"), ZoneOffset.UTC);
        FilePriceSource source = new FilePriceSource(List.of(dir), jan5, FilePriceSource.QuoteTime.BAR_CLOSE, "USD",
                Map.of("ACME2", List.of("ACME")));
        List<DailyBar> bars = source.dailyHistory("ACME", LocalDate.of(2024, 1, 1), LocalDate.of(2024, 1, 31));
        assertThat(bars).extracting(DailyBar::close).containsExactly(50.5, 51.5, 52.0, 53.0);
        assertThat(bars.getFirst().open()).isEqualTo(50.0);
        Quote q = source.quote("acme");
        assertThat(q.price()).isEqualTo(52.0);
        assertThat(q.time()).isEqualTo(Instant.parse("2024-01-04T21:00:00Z"));
        assertThat(source.quote("ACME2").price()).isEqualTo(52.0);
        assertThatThrownBy(() -> source.quote("NOPE")).isInstanceOfSatisfying(PriceUnavailableException.class,
                e -> assertThat(e.reason()).isEqualTo(PriceUnavailableException.Reason.NOT_FOUND));
        FilePriceSource live = new FilePriceSource(List.of(dir), jan5, FilePriceSource.QuoteTime.CLOCK, "USD", Map.of());
        assertThat(live.quote("ACME").time()).isEqualTo(jan5.instant());
    }

    @Test
    void readsTheSharedDailyFilesAndYahooJson() throws Exception {
        String root = System.getProperty("tickertape.shared.data");
        Path prices = root == null ? null : Path.of(root, "prices");
        assumeThat(prices != null && Files.isDirectory(prices))
                .as("shared data not found (tickertape.shared.data): skipping").isTrue();
        FilePriceSource source = new FilePriceSource(List.of(prices), Clock.systemUTC(),
                FilePriceSource.QuoteTime.BAR_CLOSE, "USD", FilePriceSource.historicalAliases());
        assertThat(source.symbols()).contains("AAPL", "MSFT", "TSLA", "META", "FB", "NVDA");
        // 2013: only the StockNet files cover it; META is answered from FB's file.
        assertThat(source.dailyHistory("META", LocalDate.of(2013, 1, 1), LocalDate.of(2013, 12, 31)))
                .hasSizeGreaterThan(240);
        assertThat(source.dailyHistory("NVDA", LocalDate.of(2021, 7, 1), LocalDate.of(2021, 7, 31))).hasSize(21);
    }
}
