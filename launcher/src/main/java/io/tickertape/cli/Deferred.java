package io.tickertape.cli;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Something the app loads in the background at start-up (database, model, company table). {@link #get()} waits
 * for it, for at most {@link #MAX_WAIT}, and turns a failed load into an exception that names what failed.
 */
final class Deferred<T> {

    /** Longer than any healthy load (the model takes about a second), short enough that a hang is an error. */
    static final Duration MAX_WAIT = Duration.ofMinutes(3);

    private final String what;
    private final Future<T> future;

    private Deferred(String what, Future<T> future) {
        this.what = what;
        this.future = future;
    }

    static <T> Deferred<T> submit(ExecutorService executor, String what, Callable<T> load) {
        return new Deferred<>(what, executor.submit(load));
    }

    /** The loaded value; throws {@link StartupException} if its load failed or did not finish in time. */
    T get() {
        try {
            return future.get(MAX_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof StartupException se) {
                throw se;
            }
            throw new StartupException(what, cause);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new StartupException(what, new TimeoutException("not loaded within " + MAX_WAIT));
        } catch (CancellationException e) {
            throw new StartupException(what, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StartupException(what, e);
        }
    }

    /**
     * Waits for every load; on the first failure rethrows its cause as it was thrown (so a usage error stays a
     * usage error), else a {@link StartupException}.
     */
    static void awaitAll(List<Deferred<?>> loads) throws Exception {
        for (Deferred<?> d : loads) {
            try {
                d.get();
            } catch (StartupException e) {
                if (e.getCause() instanceof Exception cause && !(cause instanceof TimeoutException)
                        && !(cause instanceof InterruptedException) && !(cause instanceof CancellationException)) {
                    throw cause;
                }
                throw e;
            }
        }
    }

    /** Closes whichever of these loaded successfully (and are closeable); failures were reported elsewhere. */
    static void closeAll(List<Deferred<?>> loads) {
        for (Deferred<?> d : loads) {
            d.future.cancel(true);
            if (!d.future.isCancelled() && d.future.isDone()) {
                try {
                    if (d.future.get() instanceof AutoCloseable c) {
                        c.close();
                    }
                } catch (Exception ignored) {
                    // that load failed, or closing failed: nothing more to release here
                }
            }
        }
    }

    /** A start-up load failed. */
    static final class StartupException extends RuntimeException {
        StartupException(String what, Throwable cause) {
            super(what + " failed to load: " + cause.getMessage(), cause);
        }
    }
}
