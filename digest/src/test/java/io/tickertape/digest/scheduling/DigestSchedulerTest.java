package io.tickertape.digest.scheduling;

import io.tickertape.digest.DigestRun;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class DigestSchedulerTest {

    private static DigestRun run(LocalDate date, DigestRun.Outcome outcome) {
        return new DigestRun(date, outcome, null, null, 0, 0, 0, 0, 0, 0, "");
    }

    @Test
    void startingAfterTodaysTimeCatchesUpAndRetriesAFailedRunUntilItCompletes() {
        Clock at0700 = Clock.fixed(Instant.parse("2026-11-21T14:00:00Z"), ZoneOffset.UTC); // 07:00 in Phoenix
        List<LocalDate> calls = new CopyOnWriteArrayList<>();
        try (DigestScheduler scheduler = new DigestScheduler(DailySchedule.DIGEST, date -> {
            calls.add(date);
            return run(date, calls.size() < 3 ? DigestRun.Outcome.FAILED : DigestRun.Outcome.COMPLETED);
        }, at0700, Duration.ofHours(6), 5, Duration.ofMillis(20))) {
            Instant next = scheduler.start();
            assertThat(next).isEqualTo(Instant.parse("2026-11-22T13:30:00Z"));
            await().atMost(Duration.ofSeconds(10)).until(() -> calls.size() >= 3);
        }
        assertThat(calls).hasSize(3).containsOnly(LocalDate.of(2026, 11, 21));
    }

    @Test
    void startingLongAfterTheTimeDoesNotSendADigestThatIsNoLongerTimely() throws Exception {
        Clock evening = Clock.fixed(Instant.parse("2026-11-22T03:00:00Z"), ZoneOffset.UTC); // 20:00 in Phoenix
        List<LocalDate> calls = new CopyOnWriteArrayList<>();
        try (DigestScheduler scheduler = new DigestScheduler(DailySchedule.DIGEST, date -> {
            calls.add(date);
            return run(date, DigestRun.Outcome.COMPLETED);
        }, evening, Duration.ofHours(6), 5, Duration.ofMillis(20))) {
            assertThat(scheduler.start()).isEqualTo(Instant.parse("2026-11-22T13:30:00Z"));
            Thread.sleep(300); // give a wrongly scheduled catch-up the chance to show itself
        }
        assertThat(calls).isEmpty();
    }
}
