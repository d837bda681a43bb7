package io.tickertape.signals.tickers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Derives the compact company table ({@code tickers/companies.tsv}) from SEC's {@code company_tickers_exchange.json}.
 * See signals/README.md for how to refresh it. Usage:
 * <pre>
 *   CompanyTableGenerator --sec company_tickers_exchange.json --words /usr/share/dict/words \
 *       [--sp500 sp500_constituents.csv] --ambiguous signals/src/main/resources/tickers/ambiguous.tsv \
 *       --out signals/src/main/resources/tickers/companies.tsv
 * </pre>
 * Precision comes first: only US exchange-listed operating companies (no OTC, funds, SPACs, warrants, units,
 * preferreds), and a name variant survives only when it is unlikely to mean anything else.
 */
public final class CompanyTableGenerator {

    private static final Set<String> EXCHANGES = Set.of("Nasdaq", "NYSE", "CBOE");
    private static final Pattern NOT_AN_OPERATING_COMPANY = Pattern.compile(
            "(?i)\\b(fund|funds|etf|etfs|trust i{1,3}|municipal|portfolio|proshares|ishares|spdr|acquisition|"
                    + "capital trust|income trust|closed[- ]end|target term|opportunities trust|royalty trust|"
                    + "blank check|spac|merger corp|ventures acquisition|invesco db|grayscale|bitcoin trust|"
                    + "ether trust|exchange[- ]traded|index|etn|notes due|debentures)\\b");
    /** A CIK with this many listed tickers is a fund family (ProShares, Direxion), not a company. */
    private static final int MAX_TICKERS_PER_COMPANY = 6;

    enum Source { FULL, SHORT, FIRST_TOKEN }

    /** Industry words that are not in the dictionary but never name one company on their own. */
    private static final Set<String> GENERIC = Set.of("telecom", "fintech", "biotech", "medtech", "pharma",
            "petro", "petroleo", "bancorp", "bancshares", "financial", "holdco", "reit", "realty", "biopharma",
            "therapeutics", "genomics", "diagnostics", "biosciences", "semiconductor", "semiconductors", "nasdaq",
            "latam", "intl", "energy", "airlines", "tech", "infra", "cannabis", "crypto", "bitcoin", "hldgs");

    record Company(long cik, String symbol, String name, List<String> otherTickers, boolean sp500) { }

    record Variant(String name, Source source, char flag) { }

    private CompanyTableGenerator() {
    }

    public static void main(String[] args) throws IOException {
        Map<String, String> opts = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            opts.put(args[i], args[i + 1]);
        }
        if (!opts.containsKey("--sec") || !opts.containsKey("--words") || !opts.containsKey("--out")) {
            System.err.println("usage: CompanyTableGenerator --sec company_tickers_exchange.json --words "
                    + "/usr/share/dict/words [--sp500 sp500_constituents.csv] [--ambiguous ambiguous.tsv] --out companies.tsv");
            System.exit(2);
        }
        Set<String> words = new HashSet<>(Files.readAllLines(Path.of(opts.get("--words")), StandardCharsets.UTF_8));
        Map<String, String> sp500 = opts.containsKey("--sp500") ? readSp500(Path.of(opts.get("--sp500"))) : Map.of();
        Set<String> neverAlone = new HashSet<>();
        if (opts.containsKey("--ambiguous")) {
            for (String line : Files.readAllLines(Path.of(opts.get("--ambiguous")), StandardCharsets.UTF_8)) {
                String[] f = line.split("\t");
                if (f.length >= 2 && f[0].equals("never-alone")) {
                    neverAlone.add(f[1].trim().toLowerCase(Locale.ROOT));
                }
            }
        }
        List<Company> companies;
        try (InputStream in = Files.newInputStream(Path.of(opts.get("--sec")))) {
            companies = readSec(in, sp500.keySet());
        }
        String table = generate(companies, sp500, words, neverAlone);
        Files.writeString(Path.of(opts.get("--out")), table, StandardCharsets.UTF_8);
        System.out.println("wrote " + companies.size() + " companies to " + opts.get("--out"));
    }

    static Map<String, String> readSp500(Path csv) throws IOException {
        Map<String, String> out = new HashMap<>();
        try (CsvLines r = CsvLines.open(csv)) {
            r.next(); // Symbol,Security,...
            List<String> f;
            while ((f = r.next()) != null) {
                if (f.size() >= 2) {
                    out.put(f.get(0).replace('.', '-'), f.get(1));
                }
            }
        }
        return out;
    }

    /** US-listed operating companies, one per CIK, the first acceptable ticker in SEC order as the primary. */
    static List<Company> readSec(InputStream json, Set<String> sp500) throws IOException {
        JsonNode root = new ObjectMapper().readTree(json);
        Map<Long, String> names = new LinkedHashMap<>();
        Map<Long, List<String>> tickers = new LinkedHashMap<>();
        Map<Long, Integer> allTickers = new HashMap<>();
        for (JsonNode row : root.path("data")) {
            long cik = row.get(0).asLong();
            String name = row.get(1).asText();
            String ticker = row.get(2).asText();
            String exchange = row.get(3).isNull() ? "" : row.get(3).asText();
            if (!EXCHANGES.contains(exchange) || isDerivative(ticker)) {
                continue;
            }
            allTickers.merge(cik, 1, Integer::sum);
            names.putIfAbsent(cik, name);
            tickers.computeIfAbsent(cik, k -> new ArrayList<>()).add(ticker);
        }
        List<Company> out = new ArrayList<>();
        for (Map.Entry<Long, List<String>> e : tickers.entrySet()) {
            String name = names.get(e.getKey());
            if (NOT_AN_OPERATING_COMPANY.matcher(name).find() || allTickers.get(e.getKey()) > MAX_TICKERS_PER_COMPANY) {
                continue;
            }
            List<String> t = e.getValue();
            boolean inSp = t.stream().anyMatch(sp500::contains);
            out.add(new Company(e.getKey(), t.getFirst(), name, List.copyOf(t.subList(1, t.size())), inSp));
        }
        return out;
    }

    /** Warrants, units, rights (5-letter W/U/R) and preferreds or other dash series; class shares (BRK-B) stay. */
    static boolean isDerivative(String ticker) {
        int dash = ticker.indexOf('-');
        if (dash >= 0) {
            String suffix = ticker.substring(dash + 1);
            return !(suffix.length() == 1 && "ABC".contains(suffix));
        }
        return ticker.length() == 5 && "WUR".indexOf(ticker.charAt(4)) >= 0;
    }

    static String generate(List<Company> companies, Map<String, String> sp500, Set<String> words,
                           Set<String> neverAlone) {
        // name key -> (best source level, owners)
        Map<Company, List<Variant>> variants = new LinkedHashMap<>();
        Map<String, Map<Source, Set<Long>>> owners = new HashMap<>();
        for (Company c : companies) {
            List<Variant> vs = new ArrayList<>();
            String full = CompanyNames.cleanLegalName(c.name());
            addCandidate(vs, full, Source.FULL, c, words, neverAlone);
            String spName = sp500.get(c.symbol());
            if (spName != null) {
                addCandidate(vs, CompanyNames.cleanLegalName(spName), Source.FULL, c, words, neverAlone);
            }
            for (String base : spName == null ? List.of(full) : List.of(full, CompanyNames.cleanLegalName(spName))) {
                String shortName = CompanyNames.withoutTail(base);
                if (shortName != null) {
                    addCandidate(vs, shortName, Source.SHORT, c, words, neverAlone);
                }
                String[] tokens = base.split(" ");
                if (tokens.length >= 2) {
                    addCandidate(vs, tokens[0], Source.FIRST_TOKEN, c, words, neverAlone);
                }
            }
            variants.put(c, vs);
            for (Variant v : vs) {
                owners.computeIfAbsent(CompanyNames.matchKey(v.name()), k -> new java.util.EnumMap<>(Source.class))
                        .computeIfAbsent(v.source(), k -> new HashSet<>()).add(c.cik());
            }
        }
        StringBuilder out = new StringBuilder(512 * 1024);
        out.append("# Generated by io.tickertape.signals.tickers.CompanyTableGenerator from SEC company_tickers_exchange.json;\n")
                .append("# do not edit: curate aliases.tsv and ambiguous.tsv instead, see signals/README.md.\n")
                .append("# symbol\tname\tother share-class tickers (,)\tmatch names (|); ~ = common words, ! = capitalised, ^ = exact case\n");
        TreeMap<String, String> lines = new TreeMap<>();
        for (Map.Entry<Company, List<Variant>> e : variants.entrySet()) {
            Company c = e.getKey();
            Map<String, Variant> kept = new LinkedHashMap<>();
            for (Variant v : e.getValue()) {
                String key = CompanyNames.matchKey(v.name());
                if (kept.containsKey(key) || !ownsName(owners.get(key), v.source(), c.cik())) {
                    continue;
                }
                kept.put(key, v);
            }
            String display = CompanyNames.displayName(c.name());
            StringBuilder names = new StringBuilder();
            for (Variant v : kept.values()) {
                if (!names.isEmpty()) {
                    names.append('|');
                }
                if (v.flag() != ' ') {
                    names.append(v.flag());
                }
                names.append(v.name());
            }
            lines.put(c.symbol(), c.symbol() + '\t' + display.replace('\t', ' ') + '\t'
                    + String.join(",", c.otherTickers()) + '\t' + names);
        }
        lines.values().forEach(l -> out.append(l).append('\n'));
        return out.toString();
    }

    /** A name belongs to a company only if no other company has it at the same or a stronger source level. */
    private static boolean ownsName(Map<Source, Set<Long>> bySource, Source mine, long cik) {
        for (Source s : Source.values()) {
            Set<Long> o = bySource.get(s);
            if (o != null && !o.isEmpty()) {
                // The strongest level that has owners decides: a sole owner keeps it, everyone else loses it.
                return s == mine && o.size() == 1 && o.contains(cik);
            }
        }
        return false;
    }

    private static void addCandidate(List<Variant> out, String name, Source source, Company c, Set<String> words,
                                     Set<String> neverAlone) {
        if (name == null || name.isBlank()) {
            return;
        }
        String[] tokens = name.split(" ");
        String letters = name.replaceAll("[^A-Za-z]", "");
        if (tokens.length == 1) {
            String t = tokens[0];
            String lower = t.toLowerCase(Locale.ROOT);
            if (letters.length() < 4) {
                // Acronyms ("BP", "3M", "ABB") only as the company's own name, matched in exact case.
                if (source != Source.FIRST_TOKEN && letters.length() >= 2 && CompanyNames.isAllCaps(t) && c.sp500()) {
                    out.add(new Variant(t, source, '^'));
                }
                return;
            }
            if (neverAlone.contains(lower)) {
                return;
            }
            boolean common = words.contains(lower);
            boolean proper = !common && words.contains(capitalised(lower));
            if (common) {
                // "Apple", "Target": only well-known companies are worth the ambiguity rules; "Power REIT" is not.
                if (source == Source.FULL && c.sp500()) {
                    out.add(new Variant(t, source, '~'));
                }
                return;
            }
            if (proper && !c.sp500()) {
                // The dictionary knows famous brands (Mattel, Nokia, Xerox) as well as people and places: a
                // company's own one-word name is kept but needs a capital letter; a first word alone is too risky.
                if (source != Source.FIRST_TOKEN && letters.length() >= 5) {
                    out.add(new Variant(t, source, '!'));
                }
                return;
            }
            if (!c.sp500() && (source == Source.FIRST_TOKEN || letters.length() < 5 || GENERIC.contains(lower))) {
                // "Tencent" alone is the parent, not Tencent Music; "Telecom" is an industry, not Telecom Argentina.
                return;
            }
            out.add(new Variant(t, source, ' '));
            return;
        }
        // Multi-word: "General Electric" is only the company when capitalised; "Exxon Mobil" always is.
        boolean allCommon = true;
        for (String t : tokens) {
            String w = t.toLowerCase(Locale.ROOT).replaceAll("[^a-z]", "");
            if (!w.isEmpty() && !words.contains(w) && !CompanyNames.DROPPABLE_TAILS.contains(w)) {
                allCommon = false;
            }
        }
        if (neverAlone.contains(tokens[0].toLowerCase(Locale.ROOT)) && tokens.length == 2
                && CompanyNames.DROPPABLE_TAILS.contains(tokens[1].toLowerCase(Locale.ROOT))) {
            return;
        }
        if (allCommon && source != Source.FULL && !c.sp500()) {
            // "Fast Track" (of Fast Track Group), "Clean Energy" (of Clean Energy Technologies): ordinary phrases.
            return;
        }
        out.add(new Variant(name, source, allCommon ? '~' : ' '));
    }

    private static String capitalised(String lower) {
        return Character.toUpperCase(lower.charAt(0)) + lower.substring(1);
    }

    @SuppressWarnings("unused")
    private static UncheckedIOException unchecked(IOException e) {
        return new UncheckedIOException(e);
    }
}
