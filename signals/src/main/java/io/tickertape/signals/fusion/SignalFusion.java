package io.tickertape.signals.fusion;

import io.tickertape.signals.prices.Quote;
import io.tickertape.signals.technicals.TechnicalView;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Turns a scored, resolved article plus price and technicals into a {@link Signal}, or says why not.
 * <pre>
 *   sentiment = (P(pos) − P(neg)) × confidence × relevance                ∈ [-1, 1]
 *   score     = w_s × sentiment + w_t × technical      (0.7 / 0.3)         ∈ [-1, 1]
 *   BUY when score ≥ threshold, SELL when score ≤ −threshold
 *   entry = last price;  BUY: stop = entry − k_stop·ATR, target = entry + k_target·ATR  (SELL mirrored)
 * </pre>
 * Stateless and thread-safe; it allocates only for the explanation of an emitted signal.
 */
public final class SignalFusion {

    /** Levels never reach zero or below: a short target or a long stop is floored at 1% of the entry. */
    static final double MIN_LEVEL_FRACTION = 0.01;

    private final FusionSettings settings;
    private final FreshnessGate gate;

    public SignalFusion(FusionSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.gate = new FreshnessGate(settings.mode(), settings.maxArticleAge());
    }

    public FusionSettings settings() {
        return settings;
    }

    public FreshnessGate gate() {
        return gate;
    }

    /** sentiment = (P(pos) − P(neg)) × confidence × relevance, clamped to [-1, 1]. */
    public static double sentimentScore(SentimentScores s, double relevance) {
        return clamp(s.polarity() * s.confidence() * relevance);
    }

    public FusionOutcome fuse(FusionInput in) {
        double relevance = in.ticker().relevance();
        if (relevance < settings.minRelevance()) {
            return drop(DropReason.LOW_RELEVANCE, "relevance %.2f < %.2f", relevance, settings.minRelevance());
        }
        Instant now = gate.now(in.observedAt(), in.processedAt());
        switch (gate.check(in.publishedAt(), now)) {
            case STALE -> {
                return drop(DropReason.STALE_ARTICLE, "article age %s > %s (%s clock)",
                        FreshnessGate.age(in.publishedAt(), now), settings.maxArticleAge(), gate.mode());
            }
            case FUTURE -> {
                return drop(DropReason.FUTURE_ARTICLE, "article published %s after now",
                        FreshnessGate.age(now, in.publishedAt()));
            }
            case FRESH -> { }
        }
        Quote quote = in.quote();
        if (quote == null) {
            return drop(DropReason.NO_PRICE, "no price for %s", in.ticker().symbol());
        }
        Duration priceAge = FreshnessGate.age(quote.time(), now);
        if (priceAge.compareTo(settings.maxPriceAge()) > 0) {
            return drop(DropReason.STALE_PRICE, "price age %s > %s", priceAge, settings.maxPriceAge());
        }
        TechnicalView tech = in.technicals();
        if (tech == null && settings.requireTechnicals()) {
            return drop(DropReason.NO_TECHNICALS, "fewer daily bars than technicals need for %s",
                    in.ticker().symbol());
        }

        double sentiment = sentimentScore(in.sentiment(), relevance);
        double technical = tech == null ? 0.0 : tech.score();
        double score = clamp(settings.sentimentWeight() * sentiment + settings.technicalWeight() * technical);
        if (Math.abs(score) < settings.threshold()) {
            return new FusionOutcome.Dropped(DropReason.BELOW_THRESHOLD,
                    String.format(Locale.ROOT, "|score| %.3f < %.2f", Math.abs(score), settings.threshold()), score);
        }

        Direction direction = score > 0 ? Direction.BUY : Direction.SELL;
        double entry = quote.price();
        boolean realAtr = tech != null && tech.atr() > 0 && Double.isFinite(tech.atr());
        double atr = realAtr ? tech.atr() : entry * FusionSettings.FALLBACK_ATR_FRACTION;
        double floor = entry * MIN_LEVEL_FRACTION;
        double stop;
        double target;
        if (direction == Direction.BUY) {
            stop = Math.max(floor, entry - settings.atrStopMultiple() * atr);
            target = entry + settings.atrTargetMultiple() * atr;
        } else {
            stop = entry + settings.atrStopMultiple() * atr;
            target = Math.max(floor, entry - settings.atrTargetMultiple() * atr);
        }

        SentimentScores s = in.sentiment();
        List<String> why = new ArrayList<>(8 + (tech == null ? 0 : tech.explanation().size()));
        why.add(fmt("ticker %s matched \"%s\", relevance %.2f", in.ticker().symbol(), in.ticker().matched(), relevance));
        if (s.target() != null) { // entity-level: the score is toward this company, not the article's mood
            why.add(fmt("sentiment toward %s (%.2f - %.2f) x conf %.2f x rel %.2f = %+.3f",
                    s.target(), s.positive(), s.negative(), s.confidence(), relevance, sentiment));
            if (s.scoredText() != null) {
                why.add("scored text: \"" + abbreviate(s.scoredText(), 240) + "\"");
            }
        } else {
            why.add(fmt("sentiment (%.2f - %.2f) x conf %.2f x rel %.2f = %+.3f",
                    s.positive(), s.negative(), s.confidence(), relevance, sentiment));
        }
        if (tech == null) {
            why.add("technicals: not enough daily bars, technical score 0");
        } else {
            why.add(fmt("technical score %+.3f", technical));
            why.addAll(tech.explanation());
        }
        why.add(fmt("score %.2f x %+.3f + %.2f x %+.3f = %+.3f -> %s (threshold %.2f)",
                settings.sentimentWeight(), sentiment, settings.technicalWeight(), technical, score, direction,
                settings.threshold()));
        why.add(fmt("levels: entry %.4f, stop %.4f (%.1f x ATR), target %.4f (%.1f x ATR), ATR %.4f%s",
                entry, stop, settings.atrStopMultiple(), target, settings.atrTargetMultiple(), atr,
                realAtr ? "" : " (fallback 2% of price)"));

        Instant signalAt = gate.mode() == FreshnessGate.Mode.LIVE ? in.processedAt() : in.publishedAt();
        Signal signal = new Signal(Signal.SCHEMA_VERSION, Signal.idFor(in.articleId(), in.ticker().symbol(), direction),
                in.ticker().symbol(), in.ticker().name(), direction, signalAt, in.articleId(), in.headline(),
                in.link(), in.source(), in.publishedAt(), score, sentiment, technical, s.confidence(), relevance,
                s.modelVersion(), entry, quote.time(), quote.currency(), round(entry), round(stop), round(target), why);
        return new FusionOutcome.Emitted(signal);
    }

    private static String abbreviate(String text, int max) {
        String t = text.strip();
        return t.length() <= max ? t : t.substring(0, max - 1) + "…";
    }

    private static FusionOutcome.Dropped drop(DropReason reason, String format, Object... args) {
        return new FusionOutcome.Dropped(reason, fmt(format, args), Double.NaN);
    }

    private static String fmt(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }

    /** Six decimals, as signal_history stores them (numeric(18, 6)). */
    private static double round(double price) {
        return Math.round(price * 1e6) / 1e6;
    }

    private static double clamp(double v) {
        return Math.max(-1.0, Math.min(1.0, v));
    }
}
