package io.tickertape.digest.testing;

import io.tickertape.digest.charts.PriceHistory;
import io.tickertape.signals.fusion.Direction;
import io.tickertape.signals.fusion.Signal;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Realistic signals and a deterministic random-walk price history, for tests, previews and the benchmark. */
public final class SignalFixtures {

    private static final String[][] COMPANIES = {
            {"NVDA", "NVIDIA Corporation"}, {"AAPL", "Apple Inc."}, {"MSFT", "Microsoft Corporation"},
            {"AMZN", "Amazon.com, Inc."}, {"TSLA", "Tesla, Inc."}, {"META", "Meta Platforms, Inc."},
            {"GOOGL", "Alphabet Inc."}, {"AMD", "Advanced Micro Devices, Inc."}, {"NFLX", "Netflix, Inc."},
            {"JPM", "JPMorgan Chase & Co."}, {"XOM", "Exxon Mobil Corporation"}, {"BA", "The Boeing Company"},
            {"INTC", "Intel Corporation"}, {"DIS", "The Walt Disney Company"}, {"PFE", "Pfizer Inc."},
            {"KO", "The Coca-Cola Company"}, {"NKE", "NIKE, Inc."}, {"ORCL", "Oracle Corporation"},
            {"CRM", "Salesforce, Inc."}, {"UBER", "Uber Technologies, Inc."}, {"WMT", "Walmart Inc."},
            {"COST", "Costco Wholesale Corporation"}, {"CVX", "Chevron Corporation"}, {"GS", "The Goldman Sachs Group, Inc."},
            {"BRK.B", "Berkshire Hathaway Inc."}};

    private static final String[] GOOD_NEWS = {
            "%s beats quarterly estimates as data-center revenue jumps 40%% and guidance tops forecasts",
            "Analysts upgrade %s to 'buy', citing margin expansion and a stronger product cycle",
            "%s announces $10 billion buyback; CEO says demand \"has never been stronger\"",
            "%s wins a multi-year contract with the U.S. Department of Defense worth up to $2.1 billion"};

    private static final String[] BAD_NEWS = {
            "%s shares slide after regulators open a probe into its accounting & disclosure practices",
            "%s warns of supply-chain disruption that could weigh on next quarter's deliveries",
            "%s cuts full-year outlook as orders slow in Europe and China"};

    private static final String[] SOURCES = {"Reuters", "Bloomberg", "MarketWatch", "CNBC", "Financial Times", "WSJ"};

    private SignalFixtures() {
    }

    /** {@code n} signals made shortly before {@code asOf}, scores spread so that ordering is meaningful. */
    public static List<Signal> signals(int n, Instant asOf, long seed) {
        Random random = new Random(seed);
        List<Signal> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String[] company = COMPANIES[i % COMPANIES.length];
            String ticker = company[0];
            Direction direction = random.nextDouble() < 0.65 ? Direction.BUY : Direction.SELL;
            double sign = direction == Direction.BUY ? 1 : -1;
            double sentiment = sign * (0.35 + 0.6 * random.nextDouble());
            double technical = sign * (0.05 + 0.6 * random.nextDouble());
            double score = 0.7 * sentiment + 0.3 * technical;
            double price = basePrice(ticker);
            double entry = price;
            double stop = direction == Direction.BUY ? price * 0.95 : price * 1.05;
            double target = direction == Direction.BUY ? price * 1.10 : price * 0.90;
            Instant published = asOf.minus(Duration.ofMinutes(30 + random.nextInt(20 * 60)));
            String articleId = "article-" + seed + "-" + i;
            out.add(new Signal(Signal.SCHEMA_VERSION, Signal.idFor(articleId, ticker, direction), ticker, company[1],
                    direction, published.plusSeconds(20), articleId,
                    (direction == Direction.BUY ? GOOD_NEWS[i % GOOD_NEWS.length] : BAD_NEWS[i % BAD_NEWS.length])
                            .formatted(company[1]),
                    "https://news.example.com/markets/" + ticker.toLowerCase() + "/" + i + "?utm_source=rss",
                    SOURCES[i % SOURCES.length], published, score, sentiment, technical,
                    0.62 + 0.37 * random.nextDouble(), 0.5 + 0.5 * random.nextDouble(), "finbert-tone-1.2",
                    price, published.minus(Duration.ofMinutes(random.nextInt(90))), "USD", entry, stop, target,
                    List.of("RSI(14) " + (direction == Direction.BUY ? "rebounding from 31" : "rolling over from 74"),
                            "Price " + (direction == Direction.BUY ? "above" : "below") + " the 50-day moving average",
                            "FinBERT: " + (direction == Direction.BUY ? "positive" : "negative") + " with p=0."
                                    + (80 + random.nextInt(19)))));
        }
        return out;
    }

    /** One fully specified signal, for tests that care about exact values. */
    public static Signal signal(String ticker, Direction direction, double score, double confidence, String headline,
                                String link, Instant signalAt) {
        String articleId = "article-" + ticker + "-" + headline.hashCode();
        double price = basePrice(ticker);
        return new Signal(Signal.SCHEMA_VERSION, Signal.idFor(articleId, ticker, direction), ticker, ticker + " Corp",
                direction, signalAt, articleId, headline, link, "Reuters", signalAt.minusSeconds(600), score,
                score, score, confidence, 0.9, "finbert-tone-1.2", price, signalAt.minusSeconds(300), "USD",
                price, direction == Direction.BUY ? price * 0.95 : price * 1.05,
                direction == Direction.BUY ? price * 1.1 : price * 0.9, List.of("test reason"));
    }

    static double basePrice(String ticker) {
        return 20 + Math.abs(ticker.hashCode() % 400) + 0.37;
    }

    /** A random walk of weekday closes ending near the ticker's fixture price; the same ticker always gives the same walk. */
    public static PriceHistory priceHistory() {
        return (symbol, from, to) -> {
            Random random = new Random(symbol.hashCode());
            List<LocalDate> days = new ArrayList<>();
            for (LocalDate d = from; !d.isAfter(to) && days.size() < 400; d = d.plusDays(1)) {
                if (d.getDayOfWeek() != DayOfWeek.SATURDAY && d.getDayOfWeek() != DayOfWeek.SUNDAY) {
                    days.add(d);
                }
            }
            double[] closes = new double[days.size()];
            double p = basePrice(symbol);
            for (int i = closes.length - 1; i >= 0; i--) {
                closes[i] = p;
                p = p * (1 + (random.nextGaussian() * 0.018 - 0.001));
            }
            List<PriceHistory.DailyClose> out = new ArrayList<>(days.size());
            for (int i = 0; i < days.size(); i++) {
                out.add(new PriceHistory.DailyClose(days.get(i), Math.round(closes[i] * 100) / 100.0));
            }
            return out;
        };
    }
}
