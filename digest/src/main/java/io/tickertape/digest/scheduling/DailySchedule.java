package io.tickertape.digest.scheduling;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Objects;

/**
 * A time of day in a zone: 06:30 America/Phoenix by default, which is 13:30 UTC all year (Arizona keeps no
 * daylight saving time). The digest's date is the local date of its send time.
 */
public record DailySchedule(LocalTime time, ZoneId zone) {

    public static final DailySchedule DIGEST = new DailySchedule(LocalTime.of(6, 30), ZoneId.of("America/Phoenix"));

    public DailySchedule {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(zone, "zone");
    }

    /** The first occurrence strictly after {@code now}. */
    public Instant next(Instant now) {
        ZonedDateTime local = now.atZone(zone);
        ZonedDateTime today = local.toLocalDate().atTime(time).atZone(zone);
        return (today.toInstant().isAfter(now) ? today : today.plusDays(1).toLocalDate().atTime(time).atZone(zone))
                .toInstant();
    }

    /** The occurrence on {@code date}. */
    public Instant on(LocalDate date) {
        return date.atTime(time).atZone(zone).toInstant();
    }

    /** The local date of an instant: which digest a run at that instant belongs to. */
    public LocalDate dateOf(Instant instant) {
        return instant.atZone(zone).toLocalDate();
    }
}
