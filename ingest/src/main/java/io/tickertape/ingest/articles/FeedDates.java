package io.tickertape.ingest.articles;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the dates feeds actually carry, deterministically (never in the JVM's default zone):
 * <ul>
 *   <li>RFC 822 / 1123 and their variants: optional weekday, 2- or 4-digit year, optional seconds, full month
 *       names, zones as {@code GMT}, {@code UT}, {@code Z}, {@code EST}/{@code EDT}/{@code CST}/..., military
 *       letters or {@code +hhmm}/{@code +hh:mm} (e.g. {@code Fri, 14 Aug 2026 02:51 GMT}, {@code Thu, 23 Jan 2025 19:00:00 EST});</li>
 *   <li>ISO 8601 / W3C-DTF: {@code 2026-08-12T22:17:00Z}, fractional seconds, offsets with or without a colon, a
 *       space instead of {@code T}, a date alone;</li>
 * </ul>
 * A date with no zone at all ({@code 2026-08-14 07:54:20}) is read as UTC.
 */
public final class FeedDates {

    private static final Map<String, Integer> MONTHS = Map.ofEntries(
            Map.entry("jan", 1), Map.entry("feb", 2), Map.entry("mar", 3), Map.entry("apr", 4), Map.entry("may", 5),
            Map.entry("jun", 6), Map.entry("jul", 7), Map.entry("aug", 8), Map.entry("sep", 9), Map.entry("oct", 10),
            Map.entry("nov", 11), Map.entry("dec", 12));

    /** RFC 822 zone names, plus the few others feeds use in practice. */
    private static final Map<String, String> ZONES = Map.ofEntries(
            Map.entry("UT", "+00:00"), Map.entry("UTC", "+00:00"), Map.entry("GMT", "+00:00"), Map.entry("Z", "+00:00"),
            Map.entry("EST", "-05:00"), Map.entry("EDT", "-04:00"), Map.entry("CST", "-06:00"), Map.entry("CDT", "-05:00"),
            Map.entry("MST", "-07:00"), Map.entry("MDT", "-06:00"), Map.entry("PST", "-08:00"), Map.entry("PDT", "-07:00"),
            Map.entry("BST", "+01:00"), Map.entry("CET", "+01:00"), Map.entry("CEST", "+02:00"), Map.entry("JST", "+09:00"),
            Map.entry("IST", "+05:30"), Map.entry("HKT", "+08:00"), Map.entry("SGT", "+08:00"), Map.entry("AEST", "+10:00"),
            Map.entry("AEDT", "+11:00"));

    // [Weekday,] d Month yyyy hh:mm[:ss] [zone]
    private static final Pattern RFC822 = Pattern.compile(
            "^(?:[A-Za-z]{2,9},?\\s+)?(\\d{1,2})[\\s-]+([A-Za-z]{3,9})\\.?[\\s-]+(\\d{2,4})(?:,?\\s+|\\s*T)"
                    + "(\\d{1,2}):(\\d{2})(?::(\\d{2})(?:\\.\\d{1,9})?)?\\s*([A-Za-z]{1,5}|[+-]\\d{2}:?\\d{2}|[+-]\\d{2})?"
                    + "(?:\\s*\\([^)]*\\))?$");

    // ISO 8601 with a space or T; zone optional.
    private static final Pattern ISO = Pattern.compile(
            "^(\\d{4})-(\\d{2})-(\\d{2})(?:[Tt\\s]+(\\d{2}):(\\d{2})(?::(\\d{2})(?:[.,](\\d{1,9}))?)?\\s*"
                    + "(Z|z|UTC|GMT|[+-]\\d{2}(?::?\\d{2})?)?)?$");

    private FeedDates() {
    }

    public static Optional<Instant> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String s = text.strip().replaceAll("\\s+", " ");
        if (s.isEmpty() || s.length() > 80) {
            return Optional.empty();
        }
        try {
            Matcher iso = ISO.matcher(s);
            if (iso.matches()) {
                return Optional.of(fromIso(iso));
            }
            Matcher rfc = RFC822.matcher(s);
            if (rfc.matches()) {
                return Optional.of(fromRfc822(rfc));
            }
            return Optional.of(OffsetDateTime.parse(s, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
        } catch (DateTimeException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Instant fromIso(Matcher m) {
        LocalDate date = LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
        if (m.group(4) == null) {
            return date.atStartOfDay(ZoneOffset.UTC).toInstant();
        }
        int nanos = 0;
        if (m.group(7) != null) {
            String f = (m.group(7) + "000000000").substring(0, 9);
            nanos = Integer.parseInt(f);
        }
        LocalTime time = LocalTime.of(Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)),
                m.group(6) == null ? 0 : Integer.parseInt(m.group(6)), nanos);
        return LocalDateTime.of(date, time).toInstant(offset(m.group(8)));
    }

    private static Instant fromRfc822(Matcher m) {
        Integer month = MONTHS.get(m.group(2).substring(0, 3).toLowerCase(Locale.ROOT));
        if (month == null) {
            throw new DateTimeParseException("unknown month", m.group(2), 0);
        }
        int year = Integer.parseInt(m.group(3));
        if (m.group(3).length() == 2) {
            year += year < 70 ? 2000 : 1900; // RFC 2822's rule for two-digit years
        } else if (m.group(3).length() == 3) {
            year += 1900;
        }
        LocalDateTime local = LocalDateTime.of(year, month, Integer.parseInt(m.group(1)),
                Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)), m.group(6) == null ? 0 : Integer.parseInt(m.group(6)));
        return local.toInstant(offset(m.group(7)));
    }

    private static ZoneOffset offset(String zone) {
        if (zone == null || zone.isEmpty()) {
            return ZoneOffset.UTC;
        }
        String z = zone.toUpperCase(Locale.ROOT);
        String named = ZONES.get(z);
        if (named != null) {
            return ZoneOffset.of(named);
        }
        if (z.length() == 1 && Character.isLetter(z.charAt(0))) {
            return militaryZone(z.charAt(0));
        }
        if (z.startsWith("+") || z.startsWith("-")) {
            String digits = z.substring(1).replace(":", "");
            int hours = Integer.parseInt(digits.substring(0, 2));
            int minutes = digits.length() >= 4 ? Integer.parseInt(digits.substring(2, 4)) : 0;
            int sign = z.charAt(0) == '-' ? -1 : 1;
            return ZoneOffset.ofHoursMinutes(sign * hours, sign * minutes);
        }
        throw new DateTimeParseException("unknown zone", zone, 0);
    }

    /** RFC 822 military zones (A–I, K–M east, N–Y west). RFC 2822 notes they were often misused; still better than nothing. */
    private static ZoneOffset militaryZone(char c) {
        if (c == 'Z') {
            return ZoneOffset.UTC;
        }
        if (c >= 'A' && c <= 'I') {
            return ZoneOffset.ofHours(c - 'A' + 1);
        }
        if (c >= 'K' && c <= 'M') {
            return ZoneOffset.ofHours(c - 'K' + 10);
        }
        if (c >= 'N' && c <= 'Y') {
            return ZoneOffset.ofHours(-(c - 'N' + 1));
        }
        throw new DateTimeParseException("unknown military zone", String.valueOf(c), 0);
    }
}
