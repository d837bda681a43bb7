package io.tickertape.signals.backtest;

import io.tickertape.signals.fusion.DropReason;
import io.tickertape.signals.fusion.SentimentScores;
import io.tickertape.signals.prices.DailyBar;
import io.tickertape.signals.prices.PriceSource;
import io.tickertape.signals.prices.PriceUnavailableException;
import io.tickertape.signals.prices.Quote;
import io.tickertape.signals.tickers.TickerResolver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class BacktestEngineTest {

    /** Tesla rises 1% every trading day; Ford falls 1% every trading day. */
    static final class Drift implements PriceSource {
        @Override
        public Quote quote(String symbol) throws PriceUnavailableException {
            throw new PriceUnavailableException(PriceUnavailableException.Reason.NOT_FOUND, symbol, "history only");
        }

        @Override
        public List<DailyBar> dailyHistory(String symbol, LocalDate from, LocalDate to) throws PriceUnavailableException {
            double step = switch (symbol) {
                case "TSLA" -> 1.01;
                case "F" -> 0.99;
                default -> throw new PriceUnavailableException(PriceUnavailableException.Reason.NOT_FOUND, symbol, "");
            };
            List<DailyBar> out = new ArrayList<>();
            double c = 100;
            for (LocalDate d = LocalDate.of(2015, 1, 1); !d.isAfter(to); d = d.plusDays(1)) {
                if (d.getDayOfWeek() == DayOfWeek.SATURDAY || d.getDayOfWeek() == DayOfWeek.SUNDAY) {
                    continue;
                }
                c *= d.getDayOfMonth() % 4 == 0 ? 1 / step : step * step; // net drift with pullbacks
                if (!d.isBefore(from)) {
                    out.add(new DailyBar(d, c, c * 1.01, c * 0.99, c, 1000));
                }
            }
            return out;
        }
    }

    private static final SentimentScorer SCORER = texts -> texts.stream().map(t -> t.contains("beats")
            ? new SentimentScores(0.95, 0.02, 0.03, 0.95, "stub")
            : t.contains("recall") ? new SentimentScores(0.02, 0.95, 0.03, 0.95, "stub")
            : new SentimentScores(0.1, 0.1, 0.8, 0.8, "stub")).toList();

    @Test
    void scoresSignalsAgainstLaterPricesAndDedupesWithinSevenDays() {
        List<NewsItem> news = List.of(
                new NewsItem("1", LocalDate.of(2016, 3, 1), "Tesla beats delivery estimates", null),
                new NewsItem("2", LocalDate.of(2016, 3, 3), "Tesla beats again on margins", null),
                new NewsItem("3", LocalDate.of(2016, 3, 15), "Tesla beats forecasts once more", null),
                new NewsItem("4", LocalDate.of(2016, 3, 2), "Ford announces recall of 100,000 trucks", null),
                new NewsItem("5", LocalDate.of(2016, 3, 2), "Ford names a new design chief", null),
                new NewsItem("6", LocalDate.of(2016, 3, 2), "Acme Widgets beats estimates", null));
        BacktestReport r = new BacktestEngine(TickerResolver.loadDefault(), SCORER, new Drift(),
                BacktestEngine.Settings.defaults()).run(news);
        assertThat(r.articles()).isEqualTo(6);
        assertThat(r.signals()).isEqualTo(3);
        assertThat(r.duplicates()).isEqualTo(1);
        assertThat(r.buys()).isEqualTo(2);
        assertThat(r.drops()).containsEntry(DropReason.BELOW_THRESHOLD, 1);
        // Every signal was on the right side of its drift: BUY Tesla, SELL Ford.
        assertThat(r.strategy().hitRate5()).isEqualTo(1.0);
        assertThat(r.strategy().mean5()).isPositive();
        // Always-long (same dedupe): Tesla on the 1st and the 15th win, Ford on the 2nd loses.
        assertThat(r.alwaysLong().trades()).isEqualTo(3);
        assertThat(r.alwaysLong().hitRate5()).isCloseTo(2.0 / 3, within(1e-9));
        assertThat(r.toMarkdown()).contains("fusion signals").contains("always long");
        assertThat(r.multiCompanyArticles()).as("each headline names one company").isZero();
        assertThat(r.multiCompany().trades()).isZero();
    }

    /** Toward a target: positive for Tesla, negative for Ford, whatever the headline says as a whole. */
    private static final SentimentScorer ENTITY_SCORER = new SentimentScorer() {
        @Override
        public List<SentimentScores> scoreBatch(List<String> texts) {
            return texts.stream().map(t -> new SentimentScores(0.95, 0.02, 0.03, 0.95, "stub")).toList();
        }

        @Override
        public List<SentimentScores> scoreToward(List<String> texts, List<String> targets) {
            return targets.stream().map(t -> t.equals("Ford")
                    ? new SentimentScores(0.02, 0.95, 0.03, 0.95, "stub", t, null)
                    : new SentimentScores(0.95, 0.02, 0.03, 0.95, "stub", t, null)).toList();
        }
    };

    @Test
    void entityLevelScoresEachTickerTowardItsOwnName() {
        List<NewsItem> news = List.of(new NewsItem("1", LocalDate.of(2016, 3, 1), "Tesla beats Ford on deliveries", null));
        BacktestReport article = new BacktestEngine(TickerResolver.loadDefault(), ENTITY_SCORER, new Drift(),
                BacktestEngine.Settings.defaults()).run(news);
        BacktestReport entity = new BacktestEngine(TickerResolver.loadDefault(), ENTITY_SCORER, new Drift(),
                BacktestEngine.Settings.defaults(), true).run(news);
        assertThat(article.signals()).isEqualTo(2);
        assertThat(article.buys()).as("article-level: both names get the headline's BUY").isEqualTo(2);
        assertThat(entity.signals()).isEqualTo(2);
        assertThat(entity.buys()).as("entity-level: BUY Tesla, SELL Ford").isEqualTo(1);
        assertThat(entity.strategy().hitRate5()).isEqualTo(1.0);
        // The headline names both, so both runs count it and its two signals as multi-company.
        assertThat(article.multiCompanyArticles()).isEqualTo(1);
        assertThat(entity.multiCompanyArticles()).isEqualTo(1);
        assertThat(article.multiCompany().trades()).isEqualTo(2);
        assertThat(article.multiCompany().hitRate5()).as("BUY Ford loses on Ford's downward drift").isEqualTo(0.5);
        assertThat(entity.multiCompany().hitRate5()).isEqualTo(1.0);
        assertThat(entity.toMarkdown()).contains("of which multi-company articles")
                .contains("multi-company articles (two or more tickers at the relevance floor): 1");
    }

    @Test
    void readsReutersAndBenzingaStyleCsv(@TempDir Path dir) throws Exception {
        Path reuters = dir.resolve("reuters.csv");
        Files.writeString(reuters, """
                ticker,company,date,headline,summary,news_type,source_file
                TSLA,Tesla Inc,2016-03-01,Tesla beats estimates,"Tesla said, with ""record"" demand",normal,x
                F,Ford Motor Co,2016-03-01,Tesla beats estimates,"Tesla said, with ""record"" demand",normal,x
                F,Ford Motor Co,not-a-date,Ford something,,normal,x
                """);
        NewsCsv.Read read = NewsCsv.read(reuters, 100);
        assertThat(read.items()).hasSize(1);
        assertThat(read.items().getFirst().summary()).isEqualTo("Tesla said, with \"record\" demand");
        assertThat(read.skipped()).isEqualTo(1);
        Path benzinga = dir.resolve("benzinga.csv");
        Files.writeString(benzinga, """
                ,title,date,stock
                0,Stocks That Hit 52-Week Highs On Friday,2020-06-05 10:30:00-04:00,A
                1,Agilent shares rise,2020-06-04 21:30:00-04:00,A
                """);
        assertThat(NewsCsv.read(benzinga, 100).items()).extracting(NewsItem::date)
                .containsExactly(LocalDate.of(2020, 6, 5), LocalDate.of(2020, 6, 4));
    }
}
