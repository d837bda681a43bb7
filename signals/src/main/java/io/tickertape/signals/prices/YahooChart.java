package io.tickertape.signals.prices;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tickertape.signals.prices.PriceUnavailableException.Reason;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;

/**
 * Reads Yahoo's v8 chart JSON ({@code {"chart":{"result":[{"meta":…,"timestamp":[…],"indicators":…}],"error":…}}}).
 * Handles what real responses contain: null bars (halts, holidays), duplicate timestamps, a separate live row for
 * today on top of today's daily bar, an empty result (no {@code timestamp}), the error body, and minor-unit
 * currencies (GBp, ZAc, ILA are divided by 100 and reported as GBP, ZAR, ILS).
 */
public final class YahooChart {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One parsed chart.
     *
     * @param symbol    the symbol Yahoo answered for
     * @param currency  ISO currency after minor-unit conversion, may be null
     * @param lastPrice regularMarketPrice in major units, NaN when absent
     * @param lastTime  regularMarketTime, null when absent
     * @param bars      daily bars by exchange-local date, oldest first, one per date, no null prices
     */
    public record Chart(String symbol, String currency, double lastPrice, Instant lastTime, List<DailyBar> bars) { }

    private YahooChart() {
    }

    /** Parses a response body; {@code status} is the HTTP status it came with. */
    public static Chart parse(String symbol, int status, String body) throws PriceUnavailableException {
        if (status == 429 || (body != null && body.contains("Too Many Requests"))) {
            throw new PriceUnavailableException(Reason.RATE_LIMITED, symbol, "HTTP " + status);
        }
        JsonNode root;
        try {
            root = body == null || body.isBlank() ? null : JSON.readTree(body);
        } catch (JsonProcessingException e) {
            if (status == 404) {
                throw new PriceUnavailableException(Reason.NOT_FOUND, symbol, "HTTP 404");
            }
            throw new PriceUnavailableException(status >= 500 ? Reason.UNAVAILABLE : Reason.MALFORMED, symbol,
                    "HTTP " + status + ", unreadable body", e);
        }
        JsonNode chart = root == null ? null : root.get("chart");
        if (chart == null || !chart.isObject()) {
            if (status == 404) {
                throw new PriceUnavailableException(Reason.NOT_FOUND, symbol, "HTTP 404");
            }
            throw new PriceUnavailableException(status >= 500 ? Reason.UNAVAILABLE : Reason.MALFORMED, symbol,
                    "HTTP " + status + ", no chart object");
        }
        JsonNode error = chart.get("error");
        if (error != null && !error.isNull()) {
            String code = error.path("code").asText("");
            String description = error.path("description").asText("");
            Reason reason = status == 404 || code.equalsIgnoreCase("Not Found") ? Reason.NOT_FOUND
                    : status >= 500 ? Reason.UNAVAILABLE : Reason.MALFORMED;
            throw new PriceUnavailableException(reason, symbol, code + ": " + description);
        }
        if (status == 404) {
            throw new PriceUnavailableException(Reason.NOT_FOUND, symbol, "HTTP 404");
        }
        if (status >= 500) {
            throw new PriceUnavailableException(Reason.UNAVAILABLE, symbol, "HTTP " + status);
        }
        if (status >= 400) {
            throw new PriceUnavailableException(Reason.UNAVAILABLE, symbol, "HTTP " + status);
        }
        JsonNode result = chart.path("result");
        if (!result.isArray() || result.isEmpty() || !result.get(0).isObject()) {
            throw new PriceUnavailableException(Reason.NOT_FOUND, symbol, "empty result");
        }
        JsonNode r = result.get(0);
        JsonNode meta = r.path("meta");
        String rawCurrency = meta.path("currency").isTextual() ? meta.get("currency").asText() : null;
        double divisor = minorUnitDivisor(rawCurrency);
        String currency = majorCurrency(rawCurrency);
        ZoneId zone = zone(meta);

        double lastPrice = meta.path("regularMarketPrice").isNumber()
                ? meta.get("regularMarketPrice").asDouble() / divisor : Double.NaN;
        Instant lastTime = meta.path("regularMarketTime").isNumber()
                ? Instant.ofEpochSecond(meta.get("regularMarketTime").asLong()) : null;

        JsonNode ts = r.path("timestamp");
        JsonNode quote = r.path("indicators").path("quote");
        JsonNode q = quote.isArray() && !quote.isEmpty() ? quote.get(0) : null;
        TreeMap<LocalDate, DailyBar> byDate = new TreeMap<>();
        if (ts.isArray() && q != null) {
            JsonNode open = q.path("open");
            JsonNode high = q.path("high");
            JsonNode low = q.path("low");
            JsonNode close = q.path("close");
            JsonNode volume = q.path("volume");
            int n = ts.size();
            for (int i = 0; i < n; i++) {
                if (!ts.get(i).isNumber()) {
                    continue;
                }
                double c = num(close, i);
                if (!(c > 0)) {
                    continue; // a null bar: no trade that day (halt, holiday row)
                }
                double o = orElse(num(open, i), c);
                double h = Math.max(orElse(num(high, i), c), Math.max(o, c));
                double l = Math.min(orElse(num(low, i), c), Math.min(o, c));
                long v = volume.path(i).isNumber() ? volume.get(i).asLong() : 0L;
                LocalDate date = Instant.ofEpochSecond(ts.get(i).asLong()).atZone(zone).toLocalDate();
                // Duplicate dates: the live row for today follows today's bar; the later one is the fresher.
                byDate.put(date, new DailyBar(date, o / divisor, h / divisor, l / divisor, c / divisor, v));
            }
        }
        return new Chart(meta.path("symbol").asText(symbol), currency, lastPrice, lastTime,
                List.copyOf(new ArrayList<>(byDate.values())));
    }

    private static ZoneId zone(JsonNode meta) {
        String name = meta.path("exchangeTimezoneName").asText("");
        if (!name.isEmpty()) {
            try {
                return ZoneId.of(name);
            } catch (DateTimeException ignored) {
                // fall through to the offset
            }
        }
        return meta.path("gmtoffset").isNumber()
                ? ZoneOffset.ofTotalSeconds(Math.max(-64_800, Math.min(64_800, meta.get("gmtoffset").asInt())))
                : ZoneOffset.UTC;
    }

    private static double num(JsonNode array, int i) {
        JsonNode n = array.path(i);
        if (!n.isNumber()) {
            return Double.NaN;
        }
        double d = n.asDouble();
        return Double.isFinite(d) ? d : Double.NaN;
    }

    private static double orElse(double v, double fallback) {
        return v > 0 ? v : fallback;
    }

    /** Pence (GBp), cents (ZAc) and agorot (ILA) are hundredths of the currency. */
    static double minorUnitDivisor(String currency) {
        // Division, not multiplication by 0.01: 290.5 / 100 is exactly the double nearest 2.905.
        return currency != null && (currency.equals("GBp") || currency.equals("ZAc") || currency.equals("ILA"))
                ? 100.0 : 1.0;
    }

    static String majorCurrency(String currency) {
        if (currency == null) {
            return null;
        }
        return switch (currency) {
            case "GBp" -> "GBP";
            case "ZAc" -> "ZAR";
            case "ILA" -> "ILS";
            default -> currency.toUpperCase(Locale.ROOT);
        };
    }
}
