package io.tickertape.signals.tickers;

import io.tickertape.signals.tickers.CompanyTables.Company;
import io.tickertape.signals.tickers.CompanyTables.Hit;
import org.ahocorasick.trie.PayloadEmit;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Finds the company mentions in a text: names and aliases from the {@link CompanyTables} trie (longest leftmost
 * match; a blocking phrase suppresses the names inside it; ambiguous names are checked against capitalisation, the
 * text's case style and corroboration), cashtags ({@code $AAPL}), exchange patterns ({@code (NASDAQ: AAPL)},
 * {@code NYSE:F}) and the feed's own ticker hints, and records them in {@link Mentions}. Thread-safe.
 */
final class NameScanner {

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

    private enum CaseStyle { SENTENCE, TITLE, UPPER }

    private final CompanyTables tables;

    NameScanner(CompanyTables tables) {
        this.tables = tables;
    }

    /** Adds the mentions in one field of the article (0 title, 1 summary). */
    void scan(String rawText, int field, Mentions m) {
        String text = normalise(rawText);
        int len = text.length();
        CaseStyle style = caseStyle(text);
        List<PayloadEmit<Hit>> emits = new ArrayList<>(8);
        tables.trie.parseText(text, emit -> {
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

    /** Tickers the feed itself attached to the article. */
    void hints(List<String> tickerHints, Mentions m) {
        if (tickerHints != null) {
            for (String hint : tickerHints) {
                Company c = hint == null ? null : tables.bySymbol.get(CompanyTables.normaliseSymbol(hint));
                if (c != null) {
                    m.agg(c).hinted = true;
                    m.agg(c).matchedOr(c.symbol);
                }
            }
        }
    }

    private static String normalise(String text) {
        return text.indexOf('\u2019') >= 0 || text.indexOf('\u00a0') >= 0
                ? text.replace('\u2019', '\'').replace('\u00a0', ' ') : text;
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
                    m.pending.add(new Mentions.Pending(hit.company(), field, relPos, matched, corroborated(text, end, true)));
                }
            }
            case CORROBORATE -> {
                if (Character.isUpperCase(text.charAt(start))) {
                    // Market words do not help here: "stocks" is exactly the context the Dow index appears in.
                    m.pending.add(new Mentions.Pending(hit.company(), field, relPos, matched, corroborated(text, end, false)));
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
            Company c = tables.bySymbol.get(text.substring(i + 1, end).replace('.', '-'));
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
                Company c = tables.bySymbol.get(sym.trim().replace('.', '-'));
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
}
