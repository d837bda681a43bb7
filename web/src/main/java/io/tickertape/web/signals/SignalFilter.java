package io.tickertape.web.signals;

import io.helidon.common.uri.UriQuery;
import io.tickertape.web.http.HttpProblem;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * The list filters from the query string: ticker, direction, since (a UTC date) and the page. Values are checked
 * here and then only ever bound as SQL parameters; a ticker is kept as typed (up to 32 characters) so the page can
 * show what was searched for, escaped.
 */
public record SignalFilter(String ticker, String direction, LocalDate since, int page, int pageSize) {

    public static final int MAX_TICKER = 32;
    public static final int MAX_PAGE = 10_000;
    public static final int DEFAULT_PAGE_SIZE = 50;
    public static final int MAX_PAGE_SIZE = 200;

    public static SignalFilter from(UriQuery query) {
        String ticker = value(query, "ticker");
        if (ticker != null && ticker.length() > MAX_TICKER) {
            throw HttpProblem.badRequest("ticker: at most " + MAX_TICKER + " characters");
        }
        String direction = value(query, "direction");
        if (direction != null) {
            direction = direction.toUpperCase(Locale.ROOT);
            if (!direction.equals("BUY") && !direction.equals("SELL")) {
                throw HttpProblem.badRequest("direction: BUY or SELL");
            }
        }
        LocalDate since = null;
        String sinceText = value(query, "since");
        if (sinceText != null) {
            try {
                since = LocalDate.parse(sinceText);
            } catch (DateTimeParseException e) {
                throw HttpProblem.badRequest("since: a date as YYYY-MM-DD");
            }
        }
        int page = number(query, "page", 1, MAX_PAGE, 1);
        int size = number(query, "limit", 1, MAX_PAGE_SIZE, DEFAULT_PAGE_SIZE);
        return new SignalFilter(ticker == null ? null : ticker.toUpperCase(Locale.ROOT), direction, since, page, size);
    }

    public long offset() {
        return (long) (page - 1) * pageSize;
    }

    /** Start of the since day in UTC, or null. */
    public java.time.Instant sinceInstant() {
        return since == null ? null : since.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    public String tickerOrEmpty() {
        return ticker == null ? "" : ticker;
    }

    public String sinceOrEmpty() {
        return since == null ? "" : since.toString();
    }

    /** The query string of these filters on another page (what the page links use). */
    public String queryFor(int otherPage) {
        StringBuilder q = new StringBuilder();
        append(q, "ticker", ticker);
        append(q, "direction", direction);
        append(q, "since", since == null ? null : since.toString());
        if (pageSize != DEFAULT_PAGE_SIZE) {
            append(q, "limit", Integer.toString(pageSize));
        }
        append(q, "page", Integer.toString(otherPage));
        return q.toString();
    }

    private static void append(StringBuilder q, String name, String value) {
        if (value == null) {
            return;
        }
        q.append(q.isEmpty() ? "?" : "&").append(name).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
    }

    private static String value(UriQuery query, String name) {
        if (!query.contains(name)) {
            return null;
        }
        String v = query.first(name).orElse("").strip();
        return v.isEmpty() ? null : v;
    }

    private static int number(UriQuery query, String name, int min, int max, int fallback) {
        String v = value(query, name);
        if (v == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw HttpProblem.badRequest(name + ": a whole number from " + min + " to " + max);
    }
}
