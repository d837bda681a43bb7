package io.tickertape.topology.sentiment;

import io.tickertape.finbert.Sentiment;
import io.tickertape.finbert.SentimentInput;
import io.tickertape.signals.backtest.LexiconScorer;
import io.tickertape.signals.fusion.SentimentScores;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What scores sentiment when the model cannot be trusted: `run --scorer lexicon` (the word list) or
 * `--scorer technical` (no sentiment at all: every text is neutral, and the technical-only strategy decides).
 * Neither loads a model, so the rollback works even when the model directory is what broke.
 */
public final class RollbackScorers {

    /** The scorers `run --scorer` accepts. */
    public enum Kind {
        MODEL, LEXICON, TECHNICAL;

        /** As recorded with each signal and tagged on metrics. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The model version signals carry when no model scored them. */
    public static final String NO_SENTIMENT_VERSION = "none";

    private RollbackScorers() {
    }

    /** The finance word list (article-level: targets are ignored). Stateless, so tasks may share it. */
    public static BatchScorer.Factory lexicon() {
        LexiconScorer lexicon = new LexiconScorer();
        return () -> new BatchScorer() {
            @Override
            public List<Sentiment> scoreInputs(List<SentimentInput> inputs) {
                List<SentimentScores> scores = lexicon.scoreBatch(inputs.stream().map(SentimentInput::text).toList());
                List<Sentiment> out = new ArrayList<>(scores.size());
                for (SentimentScores s : scores) {
                    out.add(Sentiment.of(s.positive(), s.negative(), s.neutral(), LexiconScorer.VERSION));
                }
                return out;
            }

            @Override
            public boolean targetAware() {
                return false;
            }

            @Override
            public void close() {
            }
        };
    }

    /** Every text neutral: sentiment contributes nothing. */
    public static BatchScorer.Factory neutral() {
        return () -> new BatchScorer() {
            @Override
            public List<Sentiment> scoreInputs(List<SentimentInput> inputs) {
                Sentiment neutral = Sentiment.of(0.0, 0.0, 1.0, NO_SENTIMENT_VERSION);
                return inputs.stream().map(i -> neutral).toList();
            }

            @Override
            public boolean targetAware() {
                return false;
            }

            @Override
            public void close() {
            }
        };
    }
}
