package io.tickertape.signals.tickers;

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
import java.util.Set;

/**
 * The tables {@link TickerResolver} works from, loaded once: the companies by every symbol they trade under, and one
 * Aho-Corasick trie of their names (each with the {@link Kind} of trust it needs) and of the curated phrases that
 * block a name ("price target", "Harrison Ford"). Built from {@code companies.tsv} (generated), {@code ambiguous.tsv}
 * and {@code aliases.tsv} (curated, which win). Immutable and thread-safe.
 */
final class CompanyTables {

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

    static final Hit BLOCKER = new Hit(null, Kind.PLAIN, 0, "");

    /** Names and blocking phrases, matched case-insensitively. */
    final PayloadTrie<Hit> trie;
    /** Every symbol (primary or other share class) to its company. */
    final Map<String, Company> bySymbol;
    final int companyCount;
    final Map<String, List<String>> namesBySymbol;

    private CompanyTables(PayloadTrie<Hit> trie, Map<String, Company> bySymbol, int companyCount,
                          Map<String, List<String>> namesBySymbol) {
        this.trie = trie;
        this.bySymbol = bySymbol;
        this.companyCount = companyCount;
        this.namesBySymbol = namesBySymbol;
    }

    /** The shipped compact company table plus curated aliases and ambiguity rules (classpath resources). */
    static CompanyTables loadDefault() {
        return load(resource("tickers/companies.tsv"), resource("tickers/aliases.tsv"), resource("tickers/ambiguous.tsv"));
    }

    private static Reader resource(String name) {
        InputStream in = CompanyTables.class.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException("missing classpath resource " + name);
        }
        return new InputStreamReader(in, StandardCharsets.UTF_8);
    }

    /** Reads a company table, curated aliases and ambiguity rules (formats: see the shipped files). */
    static CompanyTables load(Reader companiesTsv, Reader aliasesTsv, Reader ambiguousTsv) {
        try (BufferedReader companies = new BufferedReader(companiesTsv);
             BufferedReader aliases = new BufferedReader(aliasesTsv);
             BufferedReader ambiguous = new BufferedReader(ambiguousTsv)) {
            return new Builder().companies(companies).ambiguity(ambiguous).aliases(aliases).build();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the ticker tables", e);
        }
    }

    /** The company of a symbol as a user or a feed writes it ("$aapl", "BRK.B"), or null. */
    Company company(String symbol) {
        return symbol == null ? null : bySymbol.get(normaliseSymbol(symbol));
    }

    static String normaliseSymbol(String s) {
        String t = s.trim().toUpperCase(Locale.ROOT);
        if (t.startsWith("$")) {
            t = t.substring(1);
        }
        return t.replace('.', '-');
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

        CompanyTables build() {
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
            return new CompanyTables(b.build(), Collections.unmodifiableMap(new HashMap<>(bySymbol)),
                    primaries.size(), Map.copyOf(namesBySymbol));
        }
    }
}
