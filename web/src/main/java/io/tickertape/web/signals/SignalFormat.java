package io.tickertape.web.signals;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How numbers, money and times read on the pages; the same conventions as the digest. */
final class SignalFormat {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("MMM d, uuuu h:mm a z", Locale.US);

    private final ZoneId zone;

    SignalFormat(ZoneId zone) {
        this.zone = zone;
    }

    String time(Instant t) {
        return t == null ? "" : TIME.format(t.atZone(zone));
    }

    static String signed(double v) {
        return Double.isFinite(v) ? String.format(Locale.US, "%+.2f", v) : "n/a";
    }

    static String percent(double v) {
        return Double.isFinite(v) ? String.format(Locale.US, "%.0f%%", v * 100.0) : "n/a";
    }

    static String money(double v, String currency) {
        if (!Double.isFinite(v)) {
            return "n/a";
        }
        String number = String.format(Locale.US, Math.abs(v) >= 1.0 ? "%,.2f" : "%,.4f", v);
        return "USD".equalsIgnoreCase(currency) || currency == null ? "$" + number : number + " " + currency;
    }

    static String href(String signalId) {
        return "/signals/" + URLEncoder.encode(signalId, StandardCharsets.UTF_8);
    }
}
