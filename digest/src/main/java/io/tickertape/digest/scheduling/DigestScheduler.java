package io.tickertape.digest.scheduling;

import io.tickertape.digest.DigestRun;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Runs the digest every day at the schedule's time, in this process (for local use; production uses an ECS
 * scheduled task calling {@code digest --date}). On start, a digest whose time has passed today and that has not
 * run is sent at once (the ledger makes a second send impossible, so catching up is always safe). A run that
 * fails, or finds the date claimed by another scheduler, is retried a bounded number of times with a doubling
 * delay (2 min to about an hour by default), which also takes over a run whose holder died.
 */
public final class DigestScheduler implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DigestScheduler.class);

    private final DailySchedule schedule;
    private final Function<LocalDate, DigestRun> job;
    private final Clock clock;
    private final Duration catchUpWithin;
    private final int maxRetries;
    private final Duration firstRetryDelay;
    private final ScheduledExecutorService executor =
            Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("digest-scheduler").factory());

    /**
     * @param catchUpWithin   on start, run today's missed digest only if its time passed less than this ago
     * @param maxRetries      retries of a failed run per date
     * @param firstRetryDelay delay before the first retry; doubled for each further one
     */
    public DigestScheduler(DailySchedule schedule, Function<LocalDate, DigestRun> job, Clock clock,
                           Duration catchUpWithin, int maxRetries, Duration firstRetryDelay) {
        this.schedule = schedule;
        this.job = job;
        this.clock = clock;
        this.catchUpWithin = catchUpWithin;
        this.maxRetries = maxRetries;
        this.firstRetryDelay = firstRetryDelay;
    }

    public static DigestScheduler daily(Function<LocalDate, DigestRun> job) {
        return new DigestScheduler(DailySchedule.DIGEST, job, Clock.systemUTC(), Duration.ofHours(6), 6,
                Duration.ofMinutes(2));
    }

    /** Schedules the next run (and today's catch-up, if due). Returns the instant of the next regular run. */
    public Instant start() {
        Instant now = clock.instant();
        LocalDate today = schedule.dateOf(now);
        Instant todays = schedule.on(today);
        if (!now.isBefore(todays) && Duration.between(todays, now).compareTo(catchUpWithin) < 0) {
            LOG.info("digest for {} was due at {}; running it now (a completed digest is not sent again)", today, todays);
            executor.execute(() -> attempt(today, 0));
        }
        return scheduleNext();
    }

    private Instant scheduleNext() {
        Instant now = clock.instant();
        Instant next = schedule.next(now);
        LocalDate date = schedule.dateOf(next);
        executor.schedule(() -> {
            attempt(date, 0);
            scheduleNext();
        }, Math.max(0, Duration.between(now, next).toMillis()), TimeUnit.MILLISECONDS);
        LOG.info("next digest: {} at {}", date, next);
        return next;
    }

    private void attempt(LocalDate date, int retry) {
        DigestRun run;
        try {
            run = job.apply(date);
        } catch (RuntimeException e) {
            LOG.error("digest for {} failed: {}", date, e.toString(), e);
            run = null;
        }
        if (run != null && (run.outcome() == DigestRun.Outcome.COMPLETED
                || run.outcome() == DigestRun.Outcome.ALREADY_COMPLETED)) {
            return;
        }
        // FAILED and LOST_LEASE resume; CLAIMED_ELSEWHERE is checked again in case the holder died (its lease
        // then expires and the retry takes the run over).
        if (retry >= maxRetries) {
            LOG.error("digest for {} still not complete after {} retries; giving up until an operator reruns it", date, retry);
            return;
        }
        Duration delay = firstRetryDelay.multipliedBy(1L << Math.min(retry, 10));
        LOG.warn("digest for {} not complete; retry {} of {} in {}", date, retry + 1, maxRetries, delay);
        executor.schedule(() -> attempt(date, retry + 1), delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Blocks until {@link #close()} is called from another thread or the thread is interrupted. */
    public void awaitTermination() throws InterruptedException {
        executor.awaitTermination(Long.MAX_VALUE, TimeUnit.NANOSECONDS);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
