package io.tickertape.ingest.feeds;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Keeps each feed on its own schedule (its interval, or its backoff after failures). A poll runs on a virtual thread
 * once it holds one of {@code maxConcurrentPolls} permits, and a feed never has two polls at once, so a slow or
 * hostile feed holds at most one permit for at most its fetch timeout. One platform thread keeps time. Feeds can be
 * added and removed while it runs (the feeds an instance owns change with every rebalance).
 */
public final class FeedScheduler implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FeedScheduler.class);
    private static final long NOT_DUE = Long.MAX_VALUE;

    private final Semaphore permits;
    private final ExecutorService workers = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("feed-poll-", 0).factory());
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("ingest-scheduler").daemon(true).factory());
    private final ConcurrentMap<String, Slot> slots = new ConcurrentHashMap<>();
    private volatile boolean running = true;

    /** One scheduled feed. {@code dueNanos} is when its next poll should start; NOT_DUE while it runs. */
    private static final class Slot {
        final FeedPoller poller;
        volatile boolean cancelled;
        volatile long dueNanos = NOT_DUE;
        volatile ScheduledFuture<?> timerTask;
        volatile Future<?> run;

        Slot(FeedPoller poller) {
            this.poller = poller;
        }
    }

    public FeedScheduler(int maxConcurrentPolls) {
        this.permits = new Semaphore(maxConcurrentPolls);
    }

    /** Starts polling {@code poller}'s feed after {@code firstDelay}; a feed of the same name already here is replaced. */
    public void schedule(FeedPoller poller, Duration firstDelay) {
        Slot slot = new Slot(poller);
        Slot previous = slots.put(poller.feed().name(), slot);
        if (previous != null) {
            stop(previous);
        }
        arm(slot, firstDelay);
    }

    /**
     * Stops polling a feed. With a positive {@code waitForRunning} it also waits, at most that long, for a poll in
     * flight to finish (its articles acknowledged or failed), so a feed handed to another instance is not polled here
     * any more once this returns.
     *
     * @return the feed's poller, or null when it was not scheduled here
     */
    public FeedPoller cancel(String feed, Duration waitForRunning) {
        Slot slot = slots.remove(feed);
        if (slot == null) {
            return null;
        }
        stop(slot);
        Future<?> run = slot.run;
        if (run != null && !waitForRunning.isZero() && !waitForRunning.isNegative()) {
            try {
                run.get(waitForRunning.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | java.util.concurrent.CancellationException e) {
                // the poll's own failure; it is over either way
            } catch (TimeoutException e) {
                LOG.warn("feed {}: poll still running {} ms after it was stopped", feed, waitForRunning.toMillis());
            }
        }
        return slot.poller;
    }

    /**
     * Stops polling several feeds, then waits (at most {@code waitForRunning} in all) for their polls in flight.
     *
     * @return the pollers that were scheduled here
     */
    public List<FeedPoller> cancelAll(java.util.Collection<String> feeds, Duration waitForRunning) {
        List<Slot> stopped = new java.util.ArrayList<>();
        for (String feed : feeds) {
            Slot slot = slots.remove(feed);
            if (slot != null) {
                stop(slot);
                stopped.add(slot);
            }
        }
        long deadline = System.nanoTime() + waitForRunning.toNanos();
        for (Slot slot : stopped) {
            Future<?> run = slot.run;
            if (run == null) {
                continue;
            }
            try {
                run.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (ExecutionException | java.util.concurrent.CancellationException e) {
                // over either way
            } catch (TimeoutException e) {
                LOG.warn("feed {}: poll still running after it was stopped", slot.poller.feed().name());
            }
        }
        return stopped.stream().map(s -> s.poller).toList();
    }

    /** The feed's poller while it is scheduled here, else null. */
    public FeedPoller poller(String feed) {
        Slot slot = slots.get(feed);
        return slot == null ? null : slot.poller;
    }

    private static void stop(Slot slot) {
        slot.cancelled = true;
        slot.dueNanos = NOT_DUE;
        ScheduledFuture<?> t = slot.timerTask;
        if (t != null) {
            t.cancel(false);
        }
    }

    public Set<String> feeds() {
        return Set.copyOf(slots.keySet());
    }

    public List<FeedPoller> pollers() {
        return slots.values().stream().map(s -> s.poller).toList();
    }

    public int size() {
        return slots.size();
    }

    /** How late the most overdue feed is: a poll past its start time still waiting for the timer or a permit. */
    public Duration pollLag() {
        long now = System.nanoTime();
        long worst = 0;
        for (Slot slot : slots.values()) {
            long due = slot.dueNanos;
            if (due != NOT_DUE && now - due > worst) {
                worst = now - due;
            }
        }
        return Duration.ofNanos(worst);
    }

    private void arm(Slot slot, Duration delay) {
        if (!running || slot.cancelled) {
            return;
        }
        slot.dueNanos = System.nanoTime() + delay.toNanos();
        try {
            slot.timerTask = timer.schedule(() -> launch(slot), delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // shutting down
        }
    }

    private void launch(Slot slot) {
        if (!running || slot.cancelled) {
            return;
        }
        try {
            slot.run = workers.submit(() -> runScheduled(slot));
        } catch (RejectedExecutionException e) {
            // shutting down
        }
    }

    private void runScheduled(Slot slot) {
        FeedPoller poller = slot.poller;
        long started = System.nanoTime();
        PollOutcome outcome;
        try {
            outcome = pollWithPermit(poller, poller.feed().interval(), slot);
        } catch (RuntimeException | StackOverflowError e) { // whatever happens, the feed stays scheduled
            LOG.error("feed {}: poll crashed", poller.feed().name(), e);
            outcome = new PollOutcome(poller.feed().name(), PollOutcome.Status.FAILED, 0, 0, "internal",
                    e.getClass().getSimpleName(), null, Duration.ofNanos(System.nanoTime() - started));
        }
        if (!running || slot.cancelled) {
            return;
        }
        if (outcome.status() == PollOutcome.Status.FAILED) {
            LOG.warn("feed {} failed ({}): {}", outcome.feed(), outcome.reason(), outcome.message());
        } else if (outcome.status() == PollOutcome.Status.SKIPPED && poller.consecutiveFailures() > 0) {
            LOG.debug("feed {} skipped: {}", outcome.feed(), outcome.message());
        }
        arm(slot, poller.nextDelay(outcome, Duration.ofNanos(System.nanoTime() - started)));
    }

    private PollOutcome pollWithPermit(FeedPoller poller, Duration maxWait, Slot slot) {
        long started = System.nanoTime();
        boolean acquired = false;
        try {
            acquired = permits.tryAcquire(maxWait.toMillis(), TimeUnit.MILLISECONDS);
            if (slot != null) {
                slot.dueNanos = NOT_DUE;
            }
            if (!acquired) {
                return new PollOutcome(poller.feed().name(), PollOutcome.Status.SKIPPED, 0, 0, "busy",
                        "no poll slot free within " + maxWait.toMillis() + " ms", null, Duration.ofNanos(System.nanoTime() - started));
            }
            if (slot != null && slot.cancelled) {
                return new PollOutcome(poller.feed().name(), PollOutcome.Status.SKIPPED, 0, 0, "stopped", "no longer polled here",
                        null, Duration.ofNanos(System.nanoTime() - started));
            }
            return poller.poll();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new PollOutcome(poller.feed().name(), PollOutcome.Status.SKIPPED, 0, 0, "shutdown", "interrupted", null,
                    Duration.ofNanos(System.nanoTime() - started));
        } finally {
            if (acquired) {
                permits.release();
            }
        }
    }

    /** Polls one feed now, within the same permits (for {@code --once}); not scheduled afterwards. */
    public Future<PollOutcome> pollNow(FeedPoller poller, Duration maxWait) {
        return workers.submit(() -> pollWithPermit(poller, maxWait, null));
    }

    /** Stops scheduling and waits, at most {@code timeout}, for running polls; then interrupts them. Idempotent. */
    public void close(Duration timeout) {
        running = false;
        slots.values().forEach(FeedScheduler::stop);
        timer.shutdownNow();
        workers.shutdown();
        try {
            if (!workers.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("polls still running at shutdown; interrupting them");
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            workers.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(15));
    }
}
