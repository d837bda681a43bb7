package io.tickertape.signals.prices;

import io.tickertape.signals.prices.PriceUnavailableException.Reason;
import io.tickertape.signals.tickers.CsvLines;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Prices from files, for tests, backtests and the demo. Reads every {@code *.csv} with a
 * {@code Date,Open,High,Low,Close[,Adj Close],Volume,…} header (Yahoo/yfinance downloads; the symbol is the file name
 * without {@code .csv} and {@code _historical_data}) and every Yahoo chart {@code *.json} (the symbol is
 * {@code meta.symbol}) under the given directories. With an {@code Adj Close} column, open/high/low/close are scaled
 * by adj/close, so splits and dividends never show up as price jumps in returns or technicals. Rows that do not parse
 * ("null" prices) are gaps; a truncated CSV record makes the whole file {@code MALFORMED}.
 * <p>
 * A symbol found in several files (e.g. one file per period) is answered from the file with the most bars in the
 * requested range. {@link #quote} is the last close on or before the clock's date. Thread-safe.
 */
public final class FilePriceSource implements PriceSource {

    /** What time a file quote claims. */
    public enum QuoteTime {
        /** The bar's market close (16:00 New York): honest; a live freshness check will call it stale. */
        BAR_CLOSE,
        /** The clock's now: for demos that replay files as if they were live. */
        CLOCK
    }

    static final int MAX_FILES = 20_000;
    static final int MAX_DEPTH = 4;
    static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final LocalTime MARKET_CLOSE = LocalTime.of(16, 0);

    private final Map<String, List<Path>> filesBySymbol;
    private final Map<Path, TreeMap<LocalDate, DailyBar>> loaded = new ConcurrentHashMap<>();
    private final Map<String, List<String>> aliases;
    private final Clock clock;
    private final QuoteTime quoteTime;
    private final String currency;

    /**
     * @param roots     directories to index (recursively, a few levels deep)
     * @param clock     "today" for {@link #quote}
     * @param quoteTime what time quotes claim
     * @param currency  currency of the files' prices (CSV files do not say), e.g. USD
     * @param aliases   other file symbols to try for a symbol, e.g. META → [FB]; may be empty
     */
    public FilePriceSource(List<Path> roots, Clock clock, QuoteTime quoteTime, String currency,
                           Map<String, List<String>> aliases) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.quoteTime = Objects.requireNonNull(quoteTime, "quoteTime");
        this.currency = currency;
        this.aliases = Map.copyOf(aliases);
        this.filesBySymbol = index(roots);
    }

    /** Renamed tickers whose old files cover the old years: META was FB, BKNG was PCLN, GOOGL trades with GOOG. */
    public static Map<String, List<String>> historicalAliases() {
        return Map.of("META", List.of("FB"), "FB", List.of("META"), "BKNG", List.of("PCLN"),
                "GOOGL", List.of("GOOG"), "GOOG", List.of("GOOGL"), "RTX", List.of("UTX"), "TTE", List.of("TOT"),
                "SHEL", List.of("RDS-B", "RDS-A"), "BRK-B", List.of("BRK-A"), "UL", List.of("UN"));
    }

    /** The symbols this source has files for. */
    public java.util.Set<String> symbols() {
        return java.util.Collections.unmodifiableSet(filesBySymbol.keySet());
    }

    @Override
    public Quote quote(String symbol) throws PriceUnavailableException {
        LocalDate today = LocalDate.now(clock.withZone(NEW_YORK));
        DailyBar last = null;
        for (Path file : files(symbol)) {
            var entry = bars(file).floorEntry(today);
            if (entry != null && (last == null || entry.getKey().isAfter(last.date()))) {
                last = entry.getValue();
            }
        }
        if (last == null) {
            throw new PriceUnavailableException(Reason.NO_DATA, symbol, "no bar on or before " + today);
        }
        java.time.Instant time = quoteTime == QuoteTime.CLOCK ? clock.instant()
                : last.date().atTime(MARKET_CLOSE).atZone(NEW_YORK).toInstant();
        return new Quote(symbol, last.close(), currency, time);
    }

    @Override
    public List<DailyBar> dailyHistory(String symbol, LocalDate from, LocalDate to) throws PriceUnavailableException {
        List<DailyBar> best = List.of();
        for (Path file : files(symbol)) {
            List<DailyBar> inRange = List.copyOf(bars(file).subMap(from, true, to, true).values());
            if (inRange.size() > best.size()) {
                best = inRange;
            }
        }
        return best;
    }

    private List<Path> files(String symbol) throws PriceUnavailableException {
        String key = symbol == null ? "" : symbol.toUpperCase(Locale.ROOT).replace('.', '-');
        List<Path> out = new ArrayList<>(filesBySymbol.getOrDefault(key, List.of()));
        for (String alias : aliases.getOrDefault(key, List.of())) {
            out.addAll(filesBySymbol.getOrDefault(alias, List.of()));
        }
        if (out.isEmpty()) {
            throw new PriceUnavailableException(Reason.NOT_FOUND, symbol, "no price file");
        }
        return out;
    }

    private TreeMap<LocalDate, DailyBar> bars(Path file) throws PriceUnavailableException {
        try {
            return loaded.computeIfAbsent(file, f -> {
                try {
                    return read(f);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw new PriceUnavailableException(Reason.MALFORMED, file.getFileName().toString(), e.getMessage(), e);
        }
    }

    private static Map<String, List<Path>> index(List<Path> roots) {
        Map<String, List<Path>> out = new HashMap<>();
        int[] count = {0};
        for (Path root : roots) {
            if (!Files.isDirectory(root)) {
                throw new IllegalArgumentException("not a directory: " + root);
            }
            try (Stream<Path> walk = Files.walk(root, MAX_DEPTH)) {
                walk.filter(Files::isRegularFile).sorted().limit(MAX_FILES).forEach(p -> {
                    String symbol = symbolOf(p);
                    if (symbol != null && count[0]++ < MAX_FILES) {
                        out.computeIfAbsent(symbol, k -> new ArrayList<>()).add(p);
                    }
                });
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + root, e);
            }
        }
        out.replaceAll((k, v) -> List.copyOf(v));
        return out;
    }

    /** The symbol a file holds, or null when it is not a price file. */
    static String symbolOf(Path p) {
        String name = p.getFileName().toString();
        try {
            if (name.endsWith(".csv")) {
                try (BufferedReader r = Files.newBufferedReader(p, StandardCharsets.UTF_8)) {
                    String header = r.readLine();
                    if (header == null || !header.startsWith("Date,Open,High,Low,Close")) {
                        return null;
                    }
                }
                return name.substring(0, name.length() - 4).replace("_historical_data", "")
                        .toUpperCase(Locale.ROOT).replace('.', '-');
            }
            if (name.endsWith(".json") && Files.size(p) < 64L << 20) {
                YahooChart.Chart chart = YahooChart.parse(name, 200, Files.readString(p));
                return chart.bars().isEmpty() ? null : chart.symbol().toUpperCase(Locale.ROOT).replace('.', '-');
            }
        } catch (IOException | PriceUnavailableException e) {
            return null; // not a price file we can read (the recorded 404 body, a README, …)
        }
        return null;
    }

    static TreeMap<LocalDate, DailyBar> read(Path file) throws IOException {
        TreeMap<LocalDate, DailyBar> out = new TreeMap<>();
        if (file.getFileName().toString().endsWith(".json")) {
            try {
                for (DailyBar b : YahooChart.parse(file.toString(), 200, Files.readString(file)).bars()) {
                    out.put(b.date(), b);
                }
            } catch (PriceUnavailableException e) {
                throw new IOException(e.getMessage(), e);
            }
            return out;
        }
        try (CsvLines r = CsvLines.open(file)) {
            List<String> first = r.next();
            if (first == null) {
                return out;
            }
            String[] header = first.toArray(String[]::new);
            int date = indexOf(header, "Date");
            int open = indexOf(header, "Open");
            int high = indexOf(header, "High");
            int low = indexOf(header, "Low");
            int close = indexOf(header, "Close");
            int adj = indexOf(header, "Adj Close");
            int volume = indexOf(header, "Volume");
            List<String> row;
            int guard = 0;
            while ((row = r.next()) != null && guard++ < 1_000_000) {
                String[] f = row.toArray(String[]::new);
                try {
                    LocalDate d = LocalDate.parse(f[date].trim());
                    double c = Double.parseDouble(f[close]);
                    double factor = adj >= 0 && c > 0 && !f[adj].isBlank() ? Double.parseDouble(f[adj]) / c : 1.0;
                    double o = Double.parseDouble(f[open]) * factor;
                    double h = Double.parseDouble(f[high]) * factor;
                    double l = Double.parseDouble(f[low]) * factor;
                    long v = volume >= 0 && !f[volume].isBlank() ? (long) Double.parseDouble(f[volume]) : 0L;
                    double cc = c * factor;
                    if (cc > 0 && Double.isFinite(cc) && Double.isFinite(o) && Double.isFinite(h) && Double.isFinite(l)) {
                        out.put(d, new DailyBar(d, o, Math.max(h, Math.max(o, cc)), Math.min(l, Math.min(o, cc)), cc, v));
                    }
                } catch (DateTimeParseException | NumberFormatException | ArrayIndexOutOfBoundsException e) {
                    // "null" rows and malformed lines are skipped: a gap, not a zero price
                }
            }
        }
        return out;
    }

    private static int indexOf(String[] header, String column) {
        for (int i = 0; i < header.length; i++) {
            if (header[i].trim().equals(column)) {
                return i;
            }
        }
        return -1;
    }
}
