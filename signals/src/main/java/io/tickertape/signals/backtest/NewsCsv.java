package io.tickertape.signals.backtest;

import io.tickertape.signals.tickers.CsvLines;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads dated headlines from CSV: a header with a date column ({@code date}) and a headline column ({@code headline}
 * or {@code title}), optionally {@code summary}. Dates are ISO dates or ISO date-times with an offset (Benzinga:
 * {@code 2020-06-05 10:30:00-04:00}); the local date is used. The same headline on the same date (filed under
 * several tickers) is one article. Rows with no parsable date are skipped and counted; a truncated record (a quoted
 * field never closed) fails the read with the file and line ({@link CsvLines.MalformedCsvException}).
 */
public final class NewsCsv {

    /** What was read. */
    public record Read(List<NewsItem> items, int rows, int skipped) { }

    private static final DateTimeFormatter SPACE_OFFSET = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ssXXX", Locale.ROOT);

    private NewsCsv() {
    }

    public static Read read(Path csv, int maxItems) throws IOException {
        List<NewsItem> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        int rows = 0;
        int skipped = 0;
        try (CsvLines r = CsvLines.open(csv)) {
            List<String> header = r.next();
            if (header == null) {
                return new Read(List.of(), 0, 0);
            }
            List<String> h = header.stream().map(s -> s.trim().toLowerCase(Locale.ROOT)).toList();
            int date = h.indexOf("date");
            int headline = h.contains("headline") ? h.indexOf("headline") : h.indexOf("title");
            int summary = h.indexOf("summary");
            if (date < 0 || headline < 0) {
                throw new IOException(csv + ": needs a 'date' and a 'headline' (or 'title') column, found " + header);
            }
            List<String> row;
            while ((row = r.next()) != null && out.size() < maxItems && rows < 50_000_000) {
                rows++;
                if (row.size() <= Math.max(date, headline)) {
                    skipped++;
                    continue;
                }
                LocalDate d = parseDate(row.get(date).trim());
                String text = row.get(headline).trim();
                if (d == null || text.isEmpty()) {
                    skipped++;
                    continue;
                }
                if (seen.add(d + "\u0000" + text)) {
                    String sum = summary >= 0 && summary < row.size() ? row.get(summary).trim() : null;
                    out.add(new NewsItem(csv.getFileName() + ":" + rows, d, text, sum == null || sum.isEmpty() ? null : sum));
                }
            }
        }
        return new Read(List.copyOf(out), rows, skipped);
    }

    static LocalDate parseDate(String s) {
        if (s.length() < 10) {
            return null;
        }
        try {
            if (s.length() == 10) {
                return LocalDate.parse(s);
            }
            if (s.charAt(10) == ' ') {
                return OffsetDateTime.parse(s, SPACE_OFFSET).toLocalDate();
            }
            return OffsetDateTime.parse(s).toLocalDate();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
