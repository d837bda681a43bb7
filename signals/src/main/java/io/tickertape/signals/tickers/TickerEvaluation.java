package io.tickertape.signals.tickers;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Precision and recall of {@link TickerResolver} on Reuters headlines (see signals/README.md, "Evaluation").
 * <p>
 * The labelled set is built from the Reuters company-news CSV: rows are grouped by (date, headline); the labels
 * are the tickers the crawler filed the headline under, mapped to today's symbols (FB→META, GOOG→GOOGL, …), keeping
 * only tickers the headline actually names (by the Reuters company name, or a name in our table). A filed ticker
 * the headline does not name at all (a Samsung story filed under AAPL) cannot be found from the text and is not a
 * label. A predicted ticker is correct when it is a label, or when it is another company whose Reuters name the
 * headline contains in exactly that case (headlines naming two companies are often filed under one).
 */
public final class TickerEvaluation {

    /** Reuters-era symbols and share classes mapped to the symbol the resolver reports. */
    public static final Map<String, String> SUCCESSORS = Map.ofEntries(
            Map.entry("FB", "META"), Map.entry("GOOG", "GOOGL"), Map.entry("PCLN", "BKNG"), Map.entry("UTX", "RTX"),
            Map.entry("TOT", "TTE"), Map.entry("RDS-B", "SHEL"), Map.entry("RDS-A", "SHEL"), Map.entry("BBL", "BHP"),
            Map.entry("UN", "UL"), Map.entry("BRK-A", "BRK-B"), Map.entry("SQ", "XYZ"), Map.entry("ABC", "COR"),
            Map.entry("ANTM", "ELV"), Map.entry("HRS", "LHX"), Map.entry("KORS", "CPRI"), Map.entry("WLTW", "WTW"));

    public record Result(int headlines, int labels, int predictions, int truePositives, int unlabelledCorrect,
                         List<String> falsePositives, List<String> falseNegatives) {
        public double precision() {
            return predictions == 0 ? 1.0 : (double) (truePositives + unlabelledCorrect) / predictions;
        }

        public double recall() {
            return labels == 0 ? 1.0 : (double) truePositives / labels;
        }
    }

    private static final Set<String> VAGUE_FIRST_WORDS = Set.of("china", "united", "taiwan", "american", "general",
            "first", "national", "international", "global", "royal", "banco", "bank", "southern", "public", "crown",
            "union", "steel", "compass", "agrofresh", "new", "great", "china's", "japan", "korea", "india", "brazil");

    private record Item(String headline, Set<String> filed) { }

    private TickerEvaluation() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: TickerEvaluation NEWS_CSV REUTERS_NAMES_CSV [maxHeadlines] [showErrors]");
            System.exit(2);
        }
        int max = args.length > 2 ? Integer.parseInt(args[2]) : Integer.MAX_VALUE;
        int show = args.length > 3 ? Integer.parseInt(args[3]) : 0;
        Result r = evaluate(TickerResolver.loadDefault(), Path.of(args[0]), Path.of(args[1]), max);
        System.out.printf(Locale.ROOT, "headlines %d, labels %d, predictions %d, precision %.4f, recall %.4f%n",
                r.headlines(), r.labels(), r.predictions(), r.precision(), r.recall());
        r.falsePositives().stream().limit(show).forEach(s -> System.out.println("FP " + s));
        r.falseNegatives().stream().limit(show).forEach(s -> System.out.println("FN " + s));
    }

    public static Result evaluate(TickerResolver resolver, Path newsCsv, Path reutersNames, int maxHeadlines)
            throws IOException {
        Map<String, List<Pattern>> namesByTicker = reutersNames(reutersNames);
        Map<String, List<Pattern>> curated = curatedAliases();
        Map<String, Item> items = new LinkedHashMap<>();
        try (CsvLines r = CsvLines.open(newsCsv)) {
            List<String> header = r.next();
            int tIdx = header.indexOf("ticker");
            int dIdx = header.indexOf("date");
            int hIdx = header.indexOf("headline");
            List<String> row;
            int guard = 0;
            while ((row = r.next()) != null && guard++ < 10_000_000) {
                if (row.size() <= hIdx) {
                    continue;
                }
                String headline = row.get(hIdx);
                String key = row.get(dIdx) + '\u0000' + headline;
                Item item = items.get(key);
                if (item == null) {
                    if (items.size() >= maxHeadlines) {
                        continue;
                    }
                    item = new Item(headline, new HashSet<>());
                    items.put(key, item);
                }
                item.filed().add(row.get(tIdx));
            }
        }
        int labels = 0;
        int predictions = 0;
        int tp = 0;
        int unlabelledOk = 0;
        List<String> fps = new ArrayList<>();
        List<String> fns = new ArrayList<>();
        for (Item item : items.values()) {
            Set<String> gold = new HashSet<>();
            Set<String> filedMapped = new HashSet<>();
            for (String t : item.filed()) {
                String successor = SUCCESSORS.getOrDefault(t, t);
                String mapped = resolver.primarySymbol(successor).orElse(successor);
                filedMapped.add(mapped);
                if (named(item.headline(), namesByTicker.get(mapped), resolver, mapped)) {
                    gold.add(mapped);
                }
            }
            Set<String> predicted = new HashSet<>();
            for (TickerMatch m : resolver.resolve(item.headline(), null, List.of())) {
                predicted.add(m.symbol());
            }
            labels += gold.size();
            predictions += predicted.size();
            for (String p : predicted) {
                if (gold.contains(p)) {
                    tp++;
                } else if (filedMapped.contains(p) || namedExactly(item.headline(), namesByTicker.get(p))
                        || namedExactly(item.headline(), curated.get(p))) {
                    unlabelledOk++;
                } else {
                    fps.add(p + " <- " + item.headline() + "   [filed " + item.filed() + "]");
                }
            }
            for (String g : gold) {
                if (!predicted.contains(g)) {
                    fns.add(g + " <- " + item.headline());
                }
            }
        }
        return new Result(items.size(), labels, predictions, tp, unlabelledOk, fps, fns);
    }

    /** Does the headline name this company at all (any case), by its Reuters name or a name in our table? */
    private static boolean named(String headline, List<Pattern> reuters, TickerResolver resolver, String ticker) {
        if (reuters != null) {
            for (Pattern p : reuters) {
                if (p.matcher(headline).find()) {
                    return true;
                }
            }
        }
        return resolver.namesOf(ticker).stream().anyMatch(n -> Pattern.compile(
                "(?<![\\p{L}\\p{N}])" + Pattern.quote(n) + "(?![\\p{L}\\p{N}])", Pattern.CASE_INSENSITIVE)
                .matcher(headline).find());
    }

    private static boolean namedExactly(String headline, List<Pattern> reuters) {
        if (reuters == null) {
            return false;
        }
        for (Pattern p : reuters) {
            Pattern exact = Pattern.compile(p.pattern());
            if (exact.matcher(headline).find()) {
                return true;
            }
        }
        return false;
    }

    /** The hand-curated aliases (not the generated names), as a second judge of unlabelled predictions. */
    static Map<String, List<Pattern>> curatedAliases() throws IOException {
        Map<String, List<Pattern>> out = new HashMap<>();
        try (var in = TickerEvaluation.class.getClassLoader().getResourceAsStream("tickers/aliases.tsv");
             BufferedReader r = new BufferedReader(new java.io.InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            int guard = 0;
            while ((line = r.readLine()) != null && guard++ < 100_000) {
                String[] f = line.split("\t");
                if (line.startsWith("#") || f.length < 2 || f[1].startsWith("=") || f[1].startsWith("-")) {
                    continue;
                }
                out.computeIfAbsent(f[0], k -> new ArrayList<>()).add(Pattern.compile(
                        "(?<![\\p{L}\\p{N}])" + Pattern.quote(f[1]) + "(?![\\p{L}\\p{N}])"));
            }
        }
        return out;
    }

    /** Reuters company names per (current) ticker: the cleaned name, without tail, and a distinctive first word. */
    static Map<String, List<Pattern>> reutersNames(Path csv) throws IOException {
        Map<String, List<Pattern>> out = new HashMap<>();
        try (CsvLines r = CsvLines.open(csv)) {
            r.next();
            List<String> row;
            int guard = 0;
            while ((row = r.next()) != null && guard++ < 1_000_000) {
                String ticker = SUCCESSORS.getOrDefault(row.get(0), row.get(0));
                Set<String> names = new HashSet<>();
                List<String> raw = new ArrayList<>();
                raw.add(row.get(1));
                if (row.size() > 2 && !row.get(2).isBlank()) {
                    raw.addAll(List.of(row.get(2).split("\\|")));
                }
                for (String name : raw) {
                    String clean = CompanyNames.cleanLegalName(name.replaceAll("(?i)\\b(ord|ads|adr)\\b", ""));
                    names.add(clean);
                    String shortName = CompanyNames.withoutTail(clean);
                    if (shortName != null) {
                        names.add(shortName);
                    }
                    String first = clean.split(" ")[0];
                    // "China" (China Mobile), "United" (United Technologies) name nothing on their own.
                    if (first.replaceAll("[^A-Za-z]", "").length() >= 5 && clean.contains(" ")
                            && !VAGUE_FIRST_WORDS.contains(first.toLowerCase(Locale.ROOT))) {
                        names.add(first);
                    }
                }
                List<Pattern> ps = out.computeIfAbsent(ticker, k -> new ArrayList<>());
                for (String n : names) {
                    if (!n.isBlank()) {
                        ps.add(Pattern.compile("(?<![\\p{L}\\p{N}])" + Pattern.quote(n) + "(?![\\p{L}\\p{N}])",
                                Pattern.CASE_INSENSITIVE));
                    }
                }
            }
        }
        return out;
    }
}
