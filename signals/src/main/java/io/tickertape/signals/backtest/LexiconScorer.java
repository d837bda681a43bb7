package io.tickertape.signals.backtest;

import io.tickertape.signals.fusion.SentimentScores;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A deterministic word-list scorer: the stand-in for the model in tests and when no model is installed. It is a
 * baseline, not a sentiment model: P(pos) and P(neg) grow with the count of positive and negative finance words.
 */
public final class LexiconScorer implements SentimentScorer {

    public static final String VERSION = "lexicon-1";

    private static final Set<String> POSITIVE = Set.of("beat", "beats", "surge", "surges", "soar", "soars", "jump",
            "jumps", "rally", "rallies", "record", "gain", "gains", "rise", "rises", "raises", "upgrade", "upgrades",
            "upgraded", "profit", "growth", "strong", "wins", "win", "approval", "approved", "boost", "boosts",
            "tops", "higher", "buyback", "outperform", "bullish", "expands", "climbs");
    private static final Set<String> NEGATIVE = Set.of("miss", "misses", "fall", "falls", "drop", "drops", "plunge",
            "plunges", "slump", "slumps", "cut", "cuts", "downgrade", "downgrades", "downgraded", "loss", "losses",
            "weak", "probe", "lawsuit", "sues", "recall", "recalls", "fine", "fined", "decline", "declines", "lower",
            "warns", "layoffs", "bankruptcy", "slides", "sinks", "tumbles", "bearish", "investigation", "halts");

    @Override
    public List<SentimentScores> scoreBatch(List<String> texts) {
        List<SentimentScores> out = new ArrayList<>(texts.size());
        for (String text : texts) {
            int pos = 0;
            int neg = 0;
            for (String w : text.toLowerCase(Locale.ROOT).split("[^a-z]+")) {
                if (POSITIVE.contains(w)) {
                    pos++;
                } else if (NEGATIVE.contains(w)) {
                    neg++;
                }
            }
            double p = 0.1 + 0.8 * pos / (pos + neg + 1.0);
            double n = 0.1 + 0.8 * neg / (pos + neg + 1.0);
            double neutral = Math.max(0, 1 - p - n);
            out.add(new SentimentScores(p, n, neutral, Math.max(p, Math.max(n, neutral)), VERSION));
        }
        return out;
    }
}
