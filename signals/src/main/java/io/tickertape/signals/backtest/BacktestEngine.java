package io.tickertape.signals.backtest;

import io.tickertape.signals.fusion.Direction;
import io.tickertape.signals.fusion.DropReason;
import io.tickertape.signals.fusion.FreshnessGate;
import io.tickertape.signals.fusion.FusionInput;
import io.tickertape.signals.fusion.FusionOutcome;
import io.tickertape.signals.fusion.FusionSettings;
import io.tickertape.signals.fusion.SentimentScores;
import io.tickertape.signals.fusion.Signal;
import io.tickertape.signals.fusion.SignalFusion;
import io.tickertape.signals.prices.DailyBar;
import io.tickertape.signals.prices.PriceSource;
import io.tickertape.signals.prices.PriceUnavailableException;
import io.tickertape.signals.prices.Quote;
import io.tickertape.signals.technicals.TechnicalAnalyzer;
import io.tickertape.signals.technicals.TechnicalView;
import io.tickertape.signals.tickers.TickerMatch;
import io.tickertape.signals.tickers.TickerResolver;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Runs dated historical headlines through the live path — ticker resolution, the sentiment scorer, technicals and
 * {@link SignalFusion} in REPLAY mode — with historical daily prices, and measures what the signals would have earned.
 * <p>
 * Timing: the corpus has dates, not times, so an article is taken as known at the close of its date (or of the next
 * trading day when it falls on a holiday or weekend); that close is the entry price and the end of the technicals'
 * history. Returns are close-to-close after 1 and 5 trading days, signed by direction (a SELL earns when the price
 * falls). The 7-day dedupe is applied in memory with the same rule as signal_history.
 */
public final class BacktestEngine {

    /**
     * @param fusion       fusion settings; the engine forces REPLAY mode
     * @param dedupeWindow no second signal per ticker and direction within this window
     * @param lookbackDays calendar days of history before the entry for technicals (≥ 35 trading days needed)
     * @param batchSize    headlines per scorer call
     */
    public record Settings(FusionSettings fusion, Duration dedupeWindow, int lookbackDays, int batchSize) {
        public Settings {
            Objects.requireNonNull(fusion, "fusion");
            Objects.requireNonNull(dedupeWindow, "dedupeWindow");
            if (lookbackDays < 60 || batchSize < 1) {
                throw new IllegalArgumentException("lookbackDays must be ≥ 60 and batchSize ≥ 1");
            }
        }

        public static Settings defaults() {
            return new Settings(FusionSettings.defaults(), Duration.ofDays(7), 200, 64);
        }
    }

    static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    /** An article whose next trading day is further away than this has no usable price (data gap). */
    static final int MAX_ENTRY_DELAY_DAYS = 4;

    private final TickerResolver resolver;
    private final SentimentScorer scorer;
    private final PriceSource prices;
    private final Settings settings;
    private final SignalFusion fusion;
    private final TechnicalAnalyzer analyzer = new TechnicalAnalyzer();
    private final boolean entityLevel;

    public BacktestEngine(TickerResolver resolver, SentimentScorer scorer, PriceSource prices, Settings settings) {
        this(resolver, scorer, prices, settings, false);
    }

    /**
     * @param entityLevel score each headline toward each of its tickers (the matched name as the target, like the
     *                    live topology) instead of once per headline
     */
    public BacktestEngine(TickerResolver resolver, SentimentScorer scorer, PriceSource prices, Settings settings,
                          boolean entityLevel) {
        this.entityLevel = entityLevel;
        this.resolver = Objects.requireNonNull(resolver, "resolver");
        this.scorer = Objects.requireNonNull(scorer, "scorer");
        this.prices = Objects.requireNonNull(prices, "prices");
        this.settings = Objects.requireNonNull(settings, "settings");
        // Price and article are both "at the entry close": no age to speak of, whatever the wall clock says.
        this.fusion = new SignalFusion(settings.fusion().withMode(FreshnessGate.Mode.REPLAY));
    }

    private static final class Acc {
        int trades1;
        int hits1;
        double sum1;
        int trades5;
        int hits5;
        double sum5;
        int trades;

        void add(double r1, double r5) {
            trades++;
            if (!Double.isNaN(r1)) {
                trades1++;
                sum1 += r1;
                hits1 += r1 > 0 ? 1 : 0;
            }
            if (!Double.isNaN(r5)) {
                trades5++;
                sum5 += r5;
                hits5 += r5 > 0 ? 1 : 0;
            }
        }

        BacktestReport.Stats stats() {
            return new BacktestReport.Stats(trades, trades1 == 0 ? Double.NaN : (double) hits1 / trades1,
                    trades1 == 0 ? Double.NaN : sum1 / trades1, trades5 == 0 ? Double.NaN : (double) hits5 / trades5,
                    trades5 == 0 ? Double.NaN : sum5 / trades5);
        }
    }

    /** Dedupe with signal_history's rule: a slot per (ticker, direction), held for the window. */
    private static final class Dedupe {
        final Map<String, Instant> last = new HashMap<>();
        final Duration window;

        Dedupe(Duration window) {
            this.window = window;
        }

        boolean claim(String ticker, Direction direction, Instant at) {
            String key = ticker + '/' + direction;
            Instant prev = last.get(key);
            if (prev != null && prev.isAfter(at.minus(window))) {
                return false;
            }
            last.put(key, at);
            return true;
        }
    }

    /** The headline's sentiment toward each relevant ticker, keyed "index|symbol". */
    private Map<String, SentimentScores> scoreTowardEach(List<NewsItem> batch, List<List<TickerMatch>> matches) {
        List<String> keys = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        List<String> targets = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            for (TickerMatch m : matches.get(i)) {
                if (m.relevance() >= settings.fusion().minRelevance()) {
                    keys.add(i + "|" + m.symbol());
                    texts.add(batch.get(i).headline());
                    targets.add(m.matched().startsWith("$") ? m.matched().substring(1) : m.matched());
                }
            }
        }
        if (keys.isEmpty()) {
            return Map.of();
        }
        List<SentimentScores> scored = scorer.scoreToward(texts, targets);
        if (scored.size() != keys.size()) {
            throw new IllegalStateException("scorer returned " + scored.size() + " results for " + keys.size() + " targets");
        }
        Map<String, SentimentScores> out = new HashMap<>();
        for (int k = 0; k < keys.size(); k++) {
            out.putIfAbsent(keys.get(k), scored.get(k));
        }
        return out;
    }

    public BacktestReport run(List<NewsItem> news) {
        List<NewsItem> items = new ArrayList<>(news);
        items.sort(Comparator.comparing(NewsItem::date));
        Map<DropReason, Integer> drops = new EnumMap<>(DropReason.class);
        Acc strategy = new Acc();
        Acc alwaysLong = new Acc();
        Acc sentimentSign = new Acc();
        Acc multiCompany = new Acc();
        int multiCompanyArticles = 0;
        Dedupe dedupe = new Dedupe(settings.dedupeWindow());
        Dedupe longDedupe = new Dedupe(settings.dedupeWindow());
        Dedupe signDedupe = new Dedupe(settings.dedupeWindow());
        int mentions = 0;
        int priced = 0;
        int signals = 0;
        int buys = 0;
        int duplicates = 0;
        for (int from = 0; from < items.size(); from += settings.batchSize()) {
            List<NewsItem> batch = items.subList(from, Math.min(items.size(), from + settings.batchSize()));
            List<List<TickerMatch>> matches = batch.stream()
                    .map(item -> resolver.resolve(item.headline(), item.summary(), List.of())).toList();
            // Entity level scores only the (headline, ticker) pairs at the relevance floor: a headline's own score would
            // never be used, so it is not computed.
            List<SentimentScores> scores = entityLevel ? List.of() : scorer.scoreBatch(batch.stream().map(NewsItem::headline).toList());
            if (!entityLevel && scores.size() != batch.size()) {
                throw new IllegalStateException("scorer returned " + scores.size() + " results for " + batch.size());
            }
            Map<String, SentimentScores> toward = entityLevel ? scoreTowardEach(batch, matches) : Map.of();
            for (int i = 0; i < batch.size(); i++) {
                NewsItem item = batch.get(i);
                boolean multi = matches.get(i).stream().filter(m -> m.relevance() >= settings.fusion().minRelevance())
                        .map(TickerMatch::symbol).distinct().count() >= 2;
                multiCompanyArticles += multi ? 1 : 0;
                for (TickerMatch match : matches.get(i)) {
                    mentions++;
                    if (match.relevance() < settings.fusion().minRelevance()) {
                        drops.merge(DropReason.LOW_RELEVANCE, 1, Integer::sum);
                        continue;
                    }
                    SentimentScores sentiment = entityLevel ? toward.get(i + "|" + match.symbol()) : scores.get(i);
                    Window w = window(match.symbol(), item.date());
                    if (w == null) {
                        drops.merge(DropReason.NO_PRICE, 1, Integer::sum);
                        continue;
                    }
                    priced++;
                    DailyBar entry = w.history().getLast();
                    Instant at = entry.date().atTime(LocalTime.of(16, 0)).atZone(NEW_YORK).toInstant();
                    double r1 = forward(w, 1);
                    double r5 = forward(w, 5);
                    if (longDedupe.claim(match.symbol(), Direction.BUY, at)) {
                        alwaysLong.add(r1, r5);
                    }
                    double polarity = sentiment.polarity();
                    if (polarity != 0 && !"neutral".equals(label(sentiment))) {
                        Direction d = polarity > 0 ? Direction.BUY : Direction.SELL;
                        if (signDedupe.claim(match.symbol(), d, at)) {
                            sentimentSign.add(signed(r1, d), signed(r5, d));
                        }
                    }
                    TechnicalView tech = analyzer.analyze(w.history()).orElse(null);
                    Quote quote = new Quote(match.symbol(), entry.close(), "USD", at);
                    FusionOutcome outcome = fusion.fuse(new FusionInput(item.id(), item.headline(), null, "backtest",
                            at, at, at, match, sentiment, quote, tech));
                    switch (outcome) {
                        case FusionOutcome.Dropped d -> drops.merge(d.reason(), 1, Integer::sum);
                        case FusionOutcome.Emitted(Signal s) -> {
                            if (!dedupe.claim(s.ticker(), s.direction(), at)) {
                                duplicates++;
                                continue;
                            }
                            signals++;
                            buys += s.direction() == Direction.BUY ? 1 : 0;
                            strategy.add(signed(r1, s.direction()), signed(r5, s.direction()));
                            if (multi) {
                                multiCompany.add(signed(r1, s.direction()), signed(r5, s.direction()));
                            }
                        }
                    }
                }
            }
        }
        return new BacktestReport(items.size(), mentions, priced, signals, buys, duplicates, Map.copyOf(drops),
                strategy.stats(), alwaysLong.stats(), sentimentSign.stats(), multiCompanyArticles, multiCompany.stats());
    }

    private static String label(SentimentScores s) {
        double max = Math.max(s.positive(), Math.max(s.negative(), s.neutral()));
        return max == s.neutral() ? "neutral" : max == s.positive() ? "positive" : "negative";
    }

    private static double signed(double r, Direction d) {
        return d == Direction.SELL ? -r : r;
    }

    private record Window(List<DailyBar> history, List<DailyBar> future) { }

    /** Bars up to and including the entry day, and the trading days after it; null when there is no entry bar. */
    private Window window(String symbol, LocalDate date) {
        List<DailyBar> bars;
        try {
            bars = prices.dailyHistory(symbol, date.minusDays(settings.lookbackDays()), date.plusDays(MAX_ENTRY_DELAY_DAYS + 14));
        } catch (PriceUnavailableException e) {
            return null;
        }
        int entry = -1;
        for (int i = 0; i < bars.size(); i++) {
            if (!bars.get(i).date().isBefore(date)) {
                entry = i;
                break;
            }
        }
        if (entry < 0 || bars.get(entry).date().isAfter(date.plusDays(MAX_ENTRY_DELAY_DAYS)) || entry + 1 >= bars.size()) {
            return null;
        }
        return new Window(bars.subList(0, entry + 1), bars.subList(entry + 1, bars.size()));
    }

    private static double forward(Window w, int days) {
        if (w.future().size() < days) {
            return Double.NaN;
        }
        return w.future().get(days - 1).close() / w.history().getLast().close() - 1.0;
    }
}
