package io.tickertape.signals.tickers;

import org.ahocorasick.trie.PayloadEmit;
import org.ahocorasick.trie.PayloadTrie;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Finds the companies an article is about: company names and aliases (one Aho-Corasick pass over title and
 * summary), cashtags ({@code $AAPL}) and exchange patterns ({@code (NASDAQ: AAPL)}, {@code NYSE:F}), and the feed's
 * own ticker hints. Bare symbols in text are never matched: "IT", "ALL", "F" are words far more often than tickers.
 * <p>
 * Ambiguity: a name that is also an ordinary word ("Apple", "Target") counts only when capitalised in sentence-case
 * text, and only with corroboration (a corporate suffix, a market word such as "shares", or another unambiguous
 * mention) in title-case or all-caps text; curated phrases ("price target", "Harrison Ford", "Dow Jones") block
 * the name they contain. Immutable and thread-safe.
 */
public final class TickerResolver implements TickerLookup {

    /** Where a name may be trusted. */
    enum Kind {
        /** Distinctive: "Nvidia", "Exxon Mobil". */
        PLAIN,
        /** Also a person or place ("Ford", "Amazon"): needs a capital letter. */
        AMBIGUOUS,
        /** Also an ordinary word ("Apple", "Target"): capital letter; corroboration outside sentence case. */
        COMMON,
        /** Needs corroboration everywhere ("Dow"). */
        CORROBORATE,
        /** Exactly this case: acronyms ("GE", "BP", "AT&amp;T"). */
        EXACT
    }

    static final class Company {
        final String symbol;
        final String name;
        final int index;

        Company(String symbol, String name, int index) {
            this.symbol = symbol;
            this.name = name;
            this.index = index;
        }
    }

    /** What a trie keyword stands for: a company name, or a phrase that blocks the names inside it. */
    record Hit(Company company, Kind kind, int tokens, String form) {
        boolean isBlocker() {
            return company == null;
        }
    }

    private static final Hit BLOCKER = new Hit(null, Kind.PLAIN, 0, "");

    /** Words that corroborate an ambiguous name in title-case text: it is about a listed company. */
    private static final Set<String> MARKET_WORDS = Set.of("shares", "share", "stock", "stocks", "earnings",
            "revenue", "revenues", "sales", "profit", "profits", "quarter", "quarterly", "analyst", "analysts",
            "upgrade", "upgrades", "upgraded", "downgrade", "downgrades", "downgraded", "ceo", "investors",
            "dividend", "buyback", "ipo", "nyse", "nasdaq", "inc", "corp", "rating", "outperform", "underperform",
            "overweight", "underweight", "results", "guidance", "outlook", "forecast", "q1", "q2", "q3", "q4", "eps",
            "merger", "acquire", "acquires", "acquisition", "stake", "chairman", "executive", "executives",
            "employees", "workers", "stores", "recall", "recalls", "lawsuit", "sues", "sued", "maintains",
            "initiates", "reiterates", "coverage", "unveils", "launches", "announces", "reports", "beats", "misses",
            "trading", "higher", "lower", "shareholders", "valuation", "market", "deal", "supplier", "iphone",
            "ipad", "retailer", "automaker", "bank", "insurer", "drugmaker", "chipmaker", "airline", "company's",
            "price", "target", "raises", "cuts", "lowers", "buy", "sell", "hold", "neutral");

    /** Corporate suffixes that, right after a name, prove it is the company ("Target Corp", "Apple Inc."). */
    private static final Set<String> SUFFIX_WORDS = Set.of("inc", "corp", "co", "plc", "ltd", "llc", "company",
            "corporation", "incorporated", "group", "holdings", "sa", "ag", "nv", "se");

    private static final String EXCHANGES_UPPER = "NYSE|NASDAQ|AMEX|CBOE|BATS|ARCA|NYSEARCA|NYSEAMERICAN|NYSEMKT|"
            + "OTC|OTCQX|OTCQB|NASDAQGS|NASDAQGM|NASDAQCM";
    private static final java.util.regex.Pattern EXCHANGE_PATTERN = java.util.regex.Pattern.compile(
            "(?i:\\b(?:" + EXCHANGES_UPPER + "|NYSE American|NYSE Arca|NYSE MKT|Nasdaq Global Select|"
                    + "Nasdaq Global Market|Nasdaq Capital Market|Nasdaq Global)\\s*:\\s*)"
                    + "([A-Z]{1,5}(?:[.\\-][A-Z])?(?:\\s*,\\s*[A-Z]{1,5}(?:[.\\-][A-Z])?){0,4})\\b");

    private final PayloadTrie<Hit> trie;
    private final Map<String, Company> bySymbol;
    private final int companyCount;
    private final Map<String, List<String>> namesBySymbol;

    private TickerResolver(PayloadTrie<Hit> trie, Map<String, Company> bySymbol, int companyCount,
                           Map<String, List<String>> namesBySymbol) {
        this.trie = trie;
        this.bySymbol = bySymbol;
        this.companyCount = companyCount;
        this.namesBySymbol = namesBySymbol;
    }

    /** The names the resolver matches for a primary symbol (empty for unknown symbols). */
    public List<String> namesOf(String symbol) {
        return namesBySymbol.getOrDefault(symbol, List.of());
    }

    /** The shipped compact company table plus curated aliases and ambiguity rules (classpath resources). */
    public static TickerResolver loadDefault() {
        return Holder.DEFAULT;
    }

    private static final class Holder {
        static final TickerResolver DEFAULT = load(resource("tickers/companies.tsv"),
                resource("tickers/aliases.tsv"), resource("tickers/ambiguous.tsv"));
    }

    private static Reader resource(String name) {
        InputStream in = TickerResolver.class.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException("missing classpath resource " + name);
        }
        return new InputStreamReader(in, StandardCharsets.UTF_8);
    }

    /** Builds a resolver from a company table, curated aliases and ambiguity rules (formats: see the shipped files). */
    public static TickerResolver load(Reader companiesTsv, Reader aliasesTsv, Reader ambiguousTsv) {
        try (BufferedReader companies = new BufferedReader(companiesTsv);
             BufferedReader aliases = new BufferedReader(aliasesTsv);
             BufferedReader ambiguous = new BufferedReader(ambiguousTsv)) {
            return new Builder().companies(companies).ambiguity(ambiguous).aliases(aliases).build();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the ticker tables", e);
        }
    }

    /** How many companies the resolver knows. */
    public int size() {
        return companyCount;
    }

    /** The display name of a known symbol (primary or other share class), if any. */
    public java.util.Optional<String> nameOf(String symbol) {
        Company c = symbol == null ? null : bySymbol.get(normaliseSymbol(symbol));
        return c == null ? java.util.Optional.empty() : java.util.Optional.of(c.name);
    }

    /** The primary symbol for a known symbol ("GOOG" → "GOOGL"), if any. */
    public java.util.Optional<String> primarySymbol(String symbol) {
        Company c = symbol == null ? null : bySymbol.get(normaliseSymbol(symbol));
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
            scan(normalise(title), 0, m);
        }
        if (summary != null && !summary.isEmpty()) {
            scan(normalise(summary), 1, m);
        }
        if (tickerHints != null) {
            for (String hint : tickerHints) {
                Company c = hint == null ? null : bySymbol.get(normaliseSymbol(hint));
                if (c != null) {
                    m.agg(c).hinted = true;
                    m.agg(c).matchedOr(c.symbol);
                }
            }
        }
        // Ambiguous mentions that need corroboration: keep them only if something else vouches for the company.
        for (Pending p : m.pending) {
            Agg a = m.byCompany.get(p.company);
            if ((a != null && (a.sure || a.hinted)) || p.contextOk) {
                m.add(p.company, p.field, p.relPos, p.matched, false);
            }
        }
        if (m.byCompany.isEmpty()) {
            return List.of();
        }
        int titleCompanies = 0;
        for (Agg a : m.byCompany.values()) {
            if (a.titleCount > 0) {
                titleCompanies++;
            }
        }
        List<TickerMatch> out = new ArrayList<>(m.byCompany.size());
        List<Agg> order = new ArrayList<>(m.byCompany.values());
        for (Agg a : order) {
            if (a.titleCount == 0 && a.summaryCount == 0 && !a.hinted && !a.strong) {
                continue;
            }
            a.relevance = relevance(a, titleCompanies);
            out.add(new TickerMatch(a.company.symbol, a.company.name, a.matched, a.relevance));
        }
        out.sort((x, y) -> {
            int c = Double.compare(y.relevance(), x.relevance());
            if (c != 0) {
                return c;
            }
            Agg ax = m.byCompany.get(bySymbol.get(x.symbol()));
            Agg ay = m.byCompany.get(bySymbol.get(y.symbol()));
            c = Double.compare(ax.firstPos(), ay.firstPos());
            return c != 0 ? c : x.symbol().compareTo(y.symbol());
        });
        return out;
    }

    /**
     * Relevance in [0, 1]:
     * title mention 0.65 + 0.15·(1 − position) + 0.05 per extra mention (max 2);
     * summary mention 0.30 + 0.10·(1 − position) + 0.05 per extra mention (max 3), worth half when the title
     * also mentions it; +0.10 for a cashtag or exchange pattern, +0.10 for a feed hint (a hint alone is 0.50);
     * ×0.85 when three or more companies share the title. Position is the first mention's offset / text length.
     */
    static double relevance(Agg a, int titleCompanies) {
        double title = a.titleCount == 0 ? 0
                : 0.65 + 0.15 * (1 - a.titlePos) + 0.05 * Math.min(a.titleCount - 1, 2);
        double summary = a.summaryCount == 0 ? 0
                : 0.30 + 0.10 * (1 - a.summaryPos) + 0.05 * Math.min(a.summaryCount - 1, 3);
        double r = title > 0 ? title + 0.5 * summary : summary;
        if (r == 0 && a.hinted) {
            r = 0.5;
        } else if (a.hinted) {
            r += 0.10;
        }
        if (a.strong) {
            r = r == 0 ? 0.6 : r + 0.10;
        }
        if (a.titleCount > 0 && titleCompanies >= 3) {
            r *= 0.85;
        }
        r = Math.max(0, Math.min(1, r));
        return Math.round(r * 100) / 100.0;
    }

    // ---------------------------------------------------------------------------------------------------------

    private enum CaseStyle { SENTENCE, TITLE, UPPER }

    private record Pending(Company company, int field, double relPos, String matched, boolean contextOk) { }

    static final class Agg {
        final Company company;
        int titleCount;
        int summaryCount;
        double titlePos = 1;
        double summaryPos = 1;
        boolean strong;
        boolean sure;
        boolean hinted;
        String matched;
        double relevance;

        Agg(Company company) {
            this.company = company;
        }

        void matchedOr(String text) {
            if (matched == null) {
                matched = text;
            }
        }

        double firstPos() {
            return titleCount > 0 ? titlePos : summaryCount > 0 ? 1 + summaryPos : 3;
        }
    }

    private static final class Mentions {
        final Map<Company, Agg> byCompany = new LinkedHashMap<>();
        final List<Pending> pending = new ArrayList<>(2);

        Agg agg(Company c) {
            return byCompany.computeIfAbsent(c, Agg::new);
        }

        void add(Company c, int field, double relPos, String matched, boolean sure) {
            Agg a = agg(c);
            if (field == 0) {
                if (a.titleCount++ == 0 || relPos < a.titlePos) {
                    a.titlePos = Math.min(a.titlePos, relPos);
                }
                if (a.matched == null || a.titleCount == 1) {
                    a.matched = a.titleCount == 1 ? matched : a.matched;
                }
            } else {
                if (a.summaryCount++ == 0) {
                    a.summaryPos = relPos;
                }
                a.matchedOr(matched);
            }
            a.sure |= sure;
        }
    }

    private static String normalise(String text) {
        return text.indexOf('\u2019') >= 0 || text.indexOf('\u00a0') >= 0
                ? text.replace('\u2019', '\'').replace('\u00a0', ' ') : text;
    }

    private static String normaliseSymbol(String s) {
        String t = s.trim().toUpperCase(Locale.ROOT);
        if (t.startsWith("$")) {
            t = t.substring(1);
        }
        return t.replace('.', '-');
    }

    private void scan(String text, int field, Mentions m) {
        int len = text.length();
        CaseStyle style = caseStyle(text);
        List<PayloadEmit<Hit>> emits = new ArrayList<>(8);
        trie.parseText(text, emit -> {
            emits.add(emit);
            return true;
        });
        if (!emits.isEmpty()) {
            // Longest leftmost wins; a blocking phrase that wins suppresses the names inside it.
            emits.sort((a, b) -> a.getStart() != b.getStart() ? Integer.compare(a.getStart(), b.getStart())
                    : Integer.compare(b.getEnd(), a.getEnd()));
            int coveredTo = -1;
            int blockedTo = -1;
            for (PayloadEmit<Hit> e : emits) {
                int start = e.getStart();
                int end = e.getEnd() + 1; // exclusive
                if (!boundary(text, start, end)) {
                    continue;
                }
                Hit hit = e.getPayload();
                if (hit.isBlocker()) {
                    blockedTo = Math.max(blockedTo, end);
                    coveredTo = Math.max(coveredTo, end);
                    continue;
                }
                if (start < coveredTo || start < blockedTo) {
                    continue;
                }
                coveredTo = end;
                accept(text, start, end, hit, field, style, m, len);
            }
        }
        if (text.indexOf('$') >= 0) {
            cashtags(text, field, m, len);
        }
        if (text.indexOf(':') >= 0) {
            exchangePatterns(text, field, m, len);
        }
    }

    private void accept(String text, int start, int end, Hit hit, int field, CaseStyle style, Mentions m, int len) {
        String matched = text.substring(start, end);
        double relPos = (double) start / Math.max(1, len);
        switch (hit.kind()) {
            case PLAIN -> m.add(hit.company(), field, relPos, matched, true);
            case EXACT -> {
                if (end - start == hit.form().length() && text.startsWith(hit.form(), start)) {
                    m.add(hit.company(), field, relPos, matched, true);
                }
            }
            case AMBIGUOUS -> {
                if (Character.isUpperCase(text.charAt(start))) {
                    m.add(hit.company(), field, relPos, matched, true);
                }
            }
            case COMMON -> {
                if (!Character.isUpperCase(text.charAt(start))) {
                    return;
                }
                if (hit.tokens() > 1 && style == CaseStyle.SENTENCE && !everyWordCapitalised(text, start, end)) {
                    return; // "Beyond air show" is not Beyond Air
                }
                boolean shouted = end - start > 1 && CompanyNamesCase.allUpper(text, start, end);
                if ((style == CaseStyle.SENTENCE && !shouted) || hit.tokens() > 1) {
                    m.add(hit.company(), field, relPos, matched, false);
                } else {
                    m.pending.add(new Pending(hit.company(), field, relPos, matched, corroborated(text, end, true)));
                }
            }
            case CORROBORATE -> {
                if (Character.isUpperCase(text.charAt(start))) {
                    // Market words do not help here: "stocks" is exactly the context the Dow index appears in.
                    m.pending.add(new Pending(hit.company(), field, relPos, matched, corroborated(text, end, false)));
                }
            }
        }
    }

    private static boolean everyWordCapitalised(String text, int start, int end) {
        boolean wordStart = true;
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            if (Character.isLetter(c)) {
                if (wordStart && Character.isLowerCase(c)) {
                    return false;
                }
                wordStart = false;
            } else {
                wordStart = c == ' ';
            }
        }
        return true;
    }

    /** Case checks on a span of text. */
    private static final class CompanyNamesCase {
        static boolean allUpper(String text, int start, int end) {
            for (int i = start; i < end; i++) {
                if (Character.isLowerCase(text.charAt(i))) {
                    return false;
                }
            }
            return true;
        }
    }

    /** A corporate suffix right after the name, or a market word anywhere in the text. */
    private static boolean corroborated(String text, int end, boolean marketWords) {
        int i = end;
        if (i < text.length() && text.charAt(i) == '\'') {
            i += 1;
            if (i < text.length() && (text.charAt(i) == 's' || text.charAt(i) == 'S')) {
                i += 1;
            }
        }
        while (i < text.length() && (text.charAt(i) == ' ' || text.charAt(i) == ',')) {
            i++;
        }
        int j = i;
        while (j < text.length() && Character.isLetter(text.charAt(j))) {
            j++;
        }
        if (j > i && SUFFIX_WORDS.contains(text.substring(i, j).toLowerCase(Locale.ROOT))) {
            return true;
        }
        if (!marketWords) {
            return false;
        }
        int n = text.length();
        int k = 0;
        while (k < n) {
            while (k < n && !Character.isLetterOrDigit(text.charAt(k))) {
                k++;
            }
            int s = k;
            while (k < n && (Character.isLetterOrDigit(text.charAt(k)) || text.charAt(k) == '\'')) {
                k++;
            }
            if (k > s && k - s <= 13 && MARKET_WORDS.contains(text.substring(s, k).toLowerCase(Locale.ROOT))) {
                return true;
            }
        }
        return false;
    }

    private static boolean boundary(String text, int start, int end) {
        if (start > 0) {
            char before = text.charAt(start - 1);
            if (Character.isLetterOrDigit(before) || before == '$' || before == '@' || before == '#') {
                return false;
            }
        }
        if (end < text.length()) {
            char after = text.charAt(end);
            if (Character.isLetterOrDigit(after)) {
                return false;
            }
            // "Apple.com" is a website, not the company; "Apple." ending a sentence is the company.
            if ((after == '.' || after == '-') && end + 1 < text.length() && Character.isLetter(text.charAt(end + 1))
                    && after == '.') {
                return false;
            }
        }
        return true;
    }

    private void cashtags(String text, int field, Mentions m, int len) {
        for (int i = text.indexOf('$'); i >= 0 && i < len; i = text.indexOf('$', i + 1)) {
            if (i > 0 && Character.isLetterOrDigit(text.charAt(i - 1))) {
                continue;
            }
            int j = i + 1;
            while (j < len && j - i <= 5 && text.charAt(j) >= 'A' && text.charAt(j) <= 'Z') {
                j++;
            }
            if (j == i + 1 || j - i > 6) {
                continue;
            }
            int end = j;
            if (end + 1 < len && (text.charAt(end) == '.' || text.charAt(end) == '-')
                    && Character.isUpperCase(text.charAt(end + 1))
                    && (end + 2 >= len || !Character.isLetterOrDigit(text.charAt(end + 2)))) {
                end += 2;
            }
            if (end < len && Character.isLetterOrDigit(text.charAt(end))) {
                continue;
            }
            Company c = bySymbol.get(text.substring(i + 1, end).replace('.', '-'));
            if (c != null) {
                m.add(c, field, (double) i / Math.max(1, len), text.substring(i, end), true);
                m.agg(c).strong = true;
            }
        }
    }

    private void exchangePatterns(String text, int field, Mentions m, int len) {
        java.util.regex.Matcher mt = EXCHANGE_PATTERN.matcher(text);
        int guard = 0;
        while (mt.find() && guard++ < 32) {
            for (String sym : mt.group(1).split("\\s*,\\s*")) {
                Company c = bySymbol.get(sym.trim().replace('.', '-'));
                if (c != null) {
                    m.add(c, field, (double) mt.start() / Math.max(1, len), mt.group(), true);
                    m.agg(c).strong = true;
                }
            }
        }
    }

    private static CaseStyle caseStyle(String text) {
        int words = 0;
        int capitalised = 0;
        int letters = 0;
        int upper = 0;
        int n = text.length();
        int i = 0;
        boolean first = true;
        while (i < n) {
            while (i < n && !Character.isLetter(text.charAt(i))) {
                i++;
            }
            int s = i;
            while (i < n && Character.isLetter(text.charAt(i))) {
                char c = text.charAt(i);
                letters++;
                if (Character.isUpperCase(c)) {
                    upper++;
                }
                i++;
            }
            if (i - s >= 4) {
                if (!first) {
                    words++;
                    if (Character.isUpperCase(text.charAt(s))) {
                        capitalised++;
                    }
                }
                first = false;
            } else if (i > s) {
                first = false;
            }
        }
        if (letters >= 8 && upper >= 0.9 * letters) {
            return CaseStyle.UPPER;
        }
        if (words >= 3 && capitalised >= 0.75 * words) {
            return CaseStyle.TITLE;
        }
        return CaseStyle.SENTENCE;
    }

    // ---------------------------------------------------------------------------------------------------------

    /** Assembles the tables: generated names, then ambiguity rules, then curated aliases (which win). */
    private static final class Builder {
        final Map<String, Company> bySymbol = new HashMap<>();
        final Map<String, Company> primaries = new LinkedHashMap<>();
        /** match key -> (company, kind, original form) */
        final Map<String, Object[]> names = new HashMap<>();
        final Set<String> curatedKeys = new HashSet<>();
        final Set<String> ambiguousKeys = new HashSet<>();
        final Set<String> blockers = new HashSet<>();

        Builder companies(BufferedReader r) throws IOException {
            String line;
            int n = 0;
            while ((line = r.readLine()) != null && n++ < 1_000_000) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t", -1);
                if (f.length < 4) {
                    throw new IllegalArgumentException("companies.tsv: bad line: " + line);
                }
                Company c = company(f[0], f[1]);
                if (!f[2].isEmpty()) {
                    for (String other : f[2].split(",")) {
                        bySymbol.putIfAbsent(other.trim(), c);
                    }
                }
                if (!f[3].isEmpty()) {
                    for (String name : f[3].split("\\|")) {
                        Kind kind = Kind.PLAIN;
                        if (name.startsWith("~")) {
                            kind = Kind.COMMON;
                            name = name.substring(1);
                        } else if (name.startsWith("!")) {
                            kind = Kind.AMBIGUOUS;
                            name = name.substring(1);
                        } else if (name.startsWith("^")) {
                            kind = Kind.EXACT;
                            name = name.substring(1);
                        }
                        names.putIfAbsent(CompanyNames.matchKey(name), new Object[]{c, kind, name});
                    }
                }
            }
            return this;
        }

        private Company company(String symbol, String name) {
            Company existing = bySymbol.get(symbol);
            if (existing != null && existing.symbol.equals(symbol)) {
                return existing;
            }
            Company c = new Company(symbol, name, primaries.size());
            bySymbol.put(symbol, c);
            primaries.put(symbol, c);
            return c;
        }

        Builder ambiguity(BufferedReader r) throws IOException {
            String line;
            int n = 0;
            while ((line = r.readLine()) != null && n++ < 100_000) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t");
                switch (f[0]) {
                    case "ambiguous" -> ambiguousKeys.add(CompanyNames.matchKey(f[1]));
                    case "block" -> {
                        for (String phrase : f[2].split("\\|")) {
                            if (!phrase.isBlank()) {
                                blockers.add(CompanyNames.matchKey(phrase));
                            }
                        }
                    }
                    case "never-alone" -> { }
                    default -> throw new IllegalArgumentException("ambiguous.tsv: unknown kind: " + line);
                }
            }
            return this;
        }

        Builder aliases(BufferedReader r) throws IOException {
            String line;
            int n = 0;
            while ((line = r.readLine()) != null && n++ < 100_000) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t");
                if (f.length < 2) {
                    throw new IllegalArgumentException("aliases.tsv: bad line: " + line);
                }
                String symbol = f[0].trim();
                String value = f[1].trim();
                if (value.startsWith("=")) {
                    Company c = company(symbol, value.substring(1));
                    if (f.length > 2) {
                        for (String other : f[2].split(",")) {
                            bySymbol.putIfAbsent(other.trim(), c);
                        }
                    }
                    continue;
                }
                Company c = bySymbol.get(symbol);
                if (c == null) {
                    throw new IllegalArgumentException("aliases.tsv: unknown symbol " + symbol + " (declare it with ="
                            + " or regenerate companies.tsv): " + line);
                }
                if (value.startsWith("-")) {
                    names.remove(CompanyNames.matchKey(value.substring(1)));
                    continue;
                }
                Kind kind = f.length > 2 ? switch (f[2].trim()) {
                    case "common" -> Kind.COMMON;
                    case "ambiguous" -> Kind.AMBIGUOUS;
                    case "corroborate" -> Kind.CORROBORATE;
                    case "exact" -> Kind.EXACT;
                    case "" -> Kind.PLAIN;
                    default -> throw new IllegalArgumentException("aliases.tsv: unknown flag: " + line);
                } : Kind.PLAIN;
                String key = CompanyNames.matchKey(value);
                names.put(key, new Object[]{c, kind, value});
                curatedKeys.add(key);
            }
            return this;
        }

        TickerResolver build() {
            PayloadTrie.PayloadTrieBuilder<Hit> b = PayloadTrie.<Hit>builder().ignoreCase();
            Map<String, List<String>> namesBySymbol = new HashMap<>();
            for (Map.Entry<String, Object[]> e : names.entrySet()) {
                String key = e.getKey();
                Company c = (Company) e.getValue()[0];
                Kind kind = (Kind) e.getValue()[1];
                String form = (String) e.getValue()[2];
                if (kind == Kind.PLAIN && ambiguousKeys.contains(key)) {
                    kind = Kind.AMBIGUOUS;
                }
                Hit hit = new Hit(c, kind, key.split(" ").length, form);
                namesBySymbol.computeIfAbsent(c.symbol, k -> new ArrayList<>()).add(form);
                b.addKeyword(key, hit);
            }
            for (String blocker : blockers) {
                if (!names.containsKey(blocker)) {
                    b.addKeyword(blocker, BLOCKER);
                }
            }
            namesBySymbol.replaceAll((k, v) -> List.copyOf(v));
            return new TickerResolver(b.build(), Collections.unmodifiableMap(new HashMap<>(bySymbol)),
                    primaries.size(), Map.copyOf(namesBySymbol));
        }
    }

    @Override
    public String toString() {
        return "TickerResolver[" + companyCount + " companies]";
    }

    static boolean sameCompany(TickerMatch a, TickerMatch b) {
        return Objects.equals(a.symbol(), b.symbol());
    }
}
