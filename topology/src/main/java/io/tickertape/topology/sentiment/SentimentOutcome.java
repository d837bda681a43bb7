package io.tickertape.topology.sentiment;

import io.tickertape.events.DeadLetter;
import io.tickertape.events.ScoredArticle;
import io.tickertape.signals.tickers.TickerMatch;

import java.util.List;

/**
 * What the sentiment stage makes of one article: it was {@link Scored}, or the model could not score it on its own
 * and it {@link Failed} (a dead letter). Sealed, so the topology splits the two with an exhaustive {@code switch}.
 * Lives only between processors of one task (never on a topic or in a store), so it carries no schema version.
 */
public sealed interface SentimentOutcome permits SentimentOutcome.Scored, SentimentOutcome.Failed {

    /**
     * A scored article, with the tickers the ticker gate resolved for it (most relevant first, including those
     * below the relevance floor), so no later stage resolves them again.
     */
    record Scored(ScoredArticle article, List<TickerMatch> tickers) implements SentimentOutcome {
        public Scored {
            tickers = List.copyOf(tickers);
        }
    }

    /** An article the model could not score: the dead letter for {@code news.dlq}. */
    record Failed(DeadLetter letter) implements SentimentOutcome {
    }
}
