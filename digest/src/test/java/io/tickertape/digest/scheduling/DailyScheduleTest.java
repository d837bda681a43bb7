package io.tickertape.digest.scheduling;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;

class DailyScheduleTest {

    private final DailySchedule schedule = DailySchedule.DIGEST;

    @Test
    void sixThirtyInPhoenixIsThirteenThirtyUtcAllYear() {
        assertThat(schedule.on(LocalDate.of(2026, 1, 15))).isEqualTo(Instant.parse("2026-01-15T13:30:00Z"));
        assertThat(schedule.on(LocalDate.of(2026, 7, 15))).isEqualTo(Instant.parse("2026-07-15T13:30:00Z"));
        // The US DST switch days change nothing in Arizona.
        assertThat(schedule.on(LocalDate.of(2026, 3, 8))).isEqualTo(Instant.parse("2026-03-08T13:30:00Z"));
        assertThat(schedule.on(LocalDate.of(2026, 11, 1))).isEqualTo(Instant.parse("2026-11-01T13:30:00Z"));
    }

    @Test
    void nextIsTodayBeforeTheTimeAndTomorrowFromIt() {
        assertThat(schedule.next(Instant.parse("2026-11-21T13:29:59Z"))).isEqualTo(Instant.parse("2026-11-21T13:30:00Z"));
        assertThat(schedule.next(Instant.parse("2026-11-21T13:30:00Z"))).isEqualTo(Instant.parse("2026-11-22T13:30:00Z"));
        // 02:00 UTC on the 22nd is still the evening of the 21st in Phoenix: the next run is the 22nd at 06:30.
        assertThat(schedule.next(Instant.parse("2026-11-22T02:00:00Z"))).isEqualTo(Instant.parse("2026-11-22T13:30:00Z"));
        assertThat(schedule.dateOf(Instant.parse("2026-11-22T02:00:00Z"))).isEqualTo(LocalDate.of(2026, 11, 21));
    }
}
