package io.tickertape.topology.ledger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.tickertape.signals.fusion.Direction;
import io.tickertape.signals.fusion.Signal;
import io.tickertape.signals.history.SignalHistory;
import io.tickertape.topology.dedupe.SignalLedger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Keeps a database outage from reaching the stream threads. Every call runs on a small bounded pool with a hard
 * timeout, so a stream thread never waits longer than {@code callTimeout} (the pool's connection timeout and the
 * driver's socket timeout are longer). The first failure marks the ledger unavailable: from then on calls fail at
 * once with {@link LedgerUnavailableException} (the processors hold their records in a changelogged store) while a
 * background probe checks the database with backoff, and the first successful probe makes it available again.
 * A stream thread thus spends at most one call timeout per outage waiting on the database.
 */
public final class GuardedSignalLedger implements SignalLedger, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GuardedSignalLedger.class);
    private static final Duration FIRST_PROBE_DELAY = Duration.ofMillis(500);

    private final SignalLedger delegate;
    private final Duration callTimeout;
    private final Duration maxBackoff;
    private final Clock clock;
    private final ThreadPoolExecutor calls;
    private final ScheduledExecutorService prober;
    private final AtomicReference<Instant> unavailableSince = new AtomicReference<>();
    private final Counter failures;
    private final Counter outages;
    private volatile Duration backoff = FIRST_PROBE_DELAY;

    /**
     * @param callTimeout longest a caller waits for one database call
     * @param maxBackoff  longest pause between two probes while the database is away
     */
    public GuardedSignalLedger(SignalLedger delegate, Duration callTimeout, Duration maxBackoff, MeterRegistry registry,
                               Clock clock) {
        this.delegate = delegate;
        this.callTimeout = callTimeout;
        this.maxBackoff = maxBackoff;
        this.clock = clock;
        // One call per stream thread at most, plus slack; a call stuck past its timeout keeps its worker, and once
        // all are stuck new calls are refused at once instead of queueing behind them.
        this.calls = new ThreadPoolExecutor(0, 8, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> daemon(r, "ledger-call"));
        ScheduledThreadPoolExecutor probe = new ScheduledThreadPoolExecutor(1, r -> daemon(r, "ledger-probe"));
        probe.setRemoveOnCancelPolicy(true);
        this.prober = probe;
        this.failures = Counter.builder("tickertape_ledger_call_failures")
                .description("Database calls of the signal ledger that failed or timed out").register(registry);
        this.outages = Counter.builder("tickertape_ledger_outages")
                .description("Times the signal ledger (PostgreSQL) became unreachable").register(registry);
        Gauge.builder("tickertape_ledger_unavailable", this, l -> l.unavailableSince.get() == null ? 0 : 1)
                .description("1 while the signal ledger (PostgreSQL) is unreachable and signals wait for it").register(registry);
    }

    /** Defaults for the pipeline: 3 s per call (well inside the 10 s transaction timeout), probes up to 5 s apart. */
    public static GuardedSignalLedger around(SignalLedger delegate, MeterRegistry registry) {
        return new GuardedSignalLedger(delegate, Duration.ofSeconds(3), Duration.ofSeconds(5), registry, Clock.systemUTC());
    }

    @Override
    public Optional<Entry> latest(Signal candidate) {
        return call("look up " + candidate.ticker(), () -> delegate.latest(candidate));
    }

    @Override
    public SignalHistory.RecordResult record(Signal signal) {
        return call("record " + signal.signalId(), () -> delegate.record(signal));
    }

    @Override
    public void check() {
        call("check", () -> {
            delegate.check();
            return Boolean.TRUE;
        });
    }

    @Override
    public Optional<Instant> unavailableSince() {
        return Optional.ofNullable(unavailableSince.get());
    }

    private <T> T call(String what, Callable<T> work) {
        Instant since = unavailableSince.get();
        if (since != null) {
            throw new LedgerUnavailableException("signal ledger unavailable since " + since + " (" + what + ")", null);
        }
        try {
            return timed(work);
        } catch (LedgerUnavailableException e) {
            markUnavailable(e);
            throw e;
        }
    }

    private <T> T timed(Callable<T> work) {
        Future<T> future;
        try {
            future = calls.submit(work);
        } catch (RejectedExecutionException e) {
            throw new LedgerUnavailableException("every ledger call is still waiting on the database", e);
        }
        try {
            return future.get(callTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new LedgerUnavailableException("the database did not answer within " + callTimeout.toMillis() + " ms", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Error error) {
                throw error;
            }
            throw new LedgerUnavailableException(String.valueOf(cause.getMessage()), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.cancel(true);
            throw new LedgerUnavailableException("interrupted while waiting on the database", e);
        }
    }

    private void markUnavailable(LedgerUnavailableException cause) {
        failures.increment();
        if (unavailableSince.compareAndSet(null, clock.instant())) {
            outages.increment();
            backoff = FIRST_PROBE_DELAY;
            LOG.warn("signal ledger unavailable, holding signals until the database answers: {}", cause.getMessage());
            scheduleProbe();
        }
    }

    private void scheduleProbe() {
        try {
            prober.schedule(this::probe, backoff.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closed) {
            // closing: nobody is waiting for the database any more
        }
    }

    private void probe() {
        try {
            timed(() -> {
                delegate.check();
                return Boolean.TRUE;
            });
        } catch (LedgerUnavailableException e) {
            failures.increment();
            Duration doubled = backoff.multipliedBy(2);
            backoff = doubled.compareTo(maxBackoff) > 0 ? maxBackoff : doubled;
            LOG.debug("signal ledger still unavailable (next probe in {} ms): {}", backoff.toMillis(), e.getMessage());
            scheduleProbe();
            return;
        }
        Instant since = unavailableSince.getAndSet(null);
        if (since != null) {
            LOG.info("signal ledger available again after {} s; releasing held signals",
                    Duration.between(since, clock.instant()).toSeconds());
        }
    }

    @Override
    public void close() {
        prober.shutdownNow();
        calls.shutdownNow();
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
