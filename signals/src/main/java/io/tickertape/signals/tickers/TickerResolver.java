package io.tickertape.signals.tickers;

import java.io.Reader;
import java.util.List;
import java.util.Objects;

/**
 * Finds the companies an article is about: company names and aliases (one Aho-Corasick pass over title and
 * summary), cashtags ({@code $AAPL}) and exchange patterns ({@code (NASDAQ: AAPL)}, {@code NYSE:F}), and the feed's
 * own ticker hints. Bare symbols in text are never matched: "IT", "ALL", "F" are words far more often than tickers.
 * <p>
 * Ambiguity: a name that is also an ordinary word ("Apple", "Target") counts only when capitalised in sentence-case
 * text, and only with corroboration (a corporate suffix, a market word such as "shares", or another unambiguous
 * mention) in title-case or all-caps text; curated phrases ("price target", "Harrison Ford", "Dow Jones") block
 * the name they contain. Immutable and thread-safe.
 * <p>
 * Three parts do the work: {@link CompanyTables} loads the tables, {@link NameScanner} finds the mentions in the
 * text, {@link RelevanceScorer} decides which count and ranks them.
 */
public final class TickerResolver implements TickerLookup {

    private final CompanyTables tables;
    private final NameScanner scanner;

    private TickerResolver(CompanyTables tables) {
        this.tables = tables;
        this.scanner = new NameScanner(tables);
    }

    /** The names the resolver matches for a primary symbol (empty for unknown symbols). */
    public List<String> namesOf(String symbol) {
        return tables.namesBySymbol.getOrDefault(symbol, List.of());
    }

    /** The shipped compact company table plus curated aliases and ambiguity rules (classpath resources). */
    public static TickerResolver loadDefault() {
        return Holder.DEFAULT;
    }

    private static final class Holder {
        static final TickerResolver DEFAULT = new TickerResolver(CompanyTables.loadDefault());
    }

    /** Builds a resolver from a company table, curated aliases and ambiguity rules (formats: see the shipped files). */
    public static TickerResolver load(Reader companiesTsv, Reader aliasesTsv, Reader ambiguousTsv) {
        return new TickerResolver(CompanyTables.load(companiesTsv, aliasesTsv, ambiguousTsv));
    }

    /** How many companies the resolver knows. */
    public int size() {
        return tables.companyCount;
    }

    /** The display name of a known symbol (primary or other share class), if any. */
    public java.util.Optional<String> nameOf(String symbol) {
        CompanyTables.Company c = tables.company(symbol);
        return c == null ? java.util.Optional.empty() : java.util.Optional.of(c.name);
    }

    /** The primary symbol for a known symbol ("GOOG" → "GOOGL"), if any. */
    public java.util.Optional<String> primarySymbol(String symbol) {
        CompanyTables.Company c = tables.company(symbol);
        return c == null ? java.util.Optional.empty() : java.util.Optional.of(c.symbol);
    }

    /**
     * Companies mentioned in an article, most relevant first.
     *
     * @param title       the headline (mentions here weigh most)
     * @param summary     the lead or summary, may be null
     * @param tickerHints tickers the feed itself attached to the article, may be null or empty
     */
    @Override
    public List<TickerMatch> resolve(String title, String summary, List<String> tickerHints) {
        Mentions m = new Mentions();
        if (title != null && !title.isEmpty()) {
            scanner.scan(title, 0, m);
        }
        if (summary != null && !summary.isEmpty()) {
            scanner.scan(summary, 1, m);
        }
        scanner.hints(tickerHints, m);
        return RelevanceScorer.rank(m, tables);
    }

    @Override
    public String toString() {
        return "TickerResolver[" + tables.companyCount + " companies]";
    }

    static boolean sameCompany(TickerMatch a, TickerMatch b) {
        return Objects.equals(a.symbol(), b.symbol());
    }
}
