package io.tickertape.topology.sentiment;

import io.tickertape.events.Article;
import io.tickertape.signals.tickers.TickerMatch;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which companies an article is scored toward: of the tickers resolved for it, every one at or above the relevance
 * floor (one per symbol, the strongest match), the alias that matched as the target, and {@link TargetText} as the
 * text.
 */
public final class ScoringTargets {
    /** One (ticker, target name, text) the model scores. */
    public record Target(String symbol, String target, String text) {}

    private final double minRelevance;

    public ScoringTargets(double minRelevance) {
        this.minRelevance = minRelevance;
    }

    /** The targets of {@code article}, given the tickers resolved for it (most relevant first). */
    public List<Target> of(Article article, List<TickerMatch> matches) {
        List<Target> out = new ArrayList<>(matches.size());
        Set<String> symbols = new HashSet<>();
        for (TickerMatch m : matches) {
            if (m.relevance() < minRelevance || !symbols.add(m.symbol())) {
                continue;
            }
            String alias = m.matched().startsWith("$") ? m.matched().substring(1) : m.matched();
            String whole = article.title() + " " + (article.summary() == null ? "" : article.summary());
            // a ticker known only from feed metadata is not in the text: score toward the company name
            String target = TargetText.mentions(whole, alias) ? alias : m.name();
            out.add(new Target(m.symbol(), target, TargetText.of(article.title(), article.summary(), alias)));
        }
        return out;
    }
}
