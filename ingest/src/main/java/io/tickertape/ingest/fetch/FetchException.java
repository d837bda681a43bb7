package io.tickertape.ingest.fetch;

import java.time.Duration;
import java.util.Optional;

/** A feed could not be fetched. The message is one line, fit for an operator; {@link #reason()} is a metric tag. */
public final class FetchException extends Exception {

    /** Bounded set of failure kinds, used as the {@code reason} tag of the failure metric. */
    public enum Reason { TIMEOUT, NETWORK, HTTP_STATUS, TOO_LARGE, REDIRECT, NOT_FOUND, REFUSED }

    private final Reason reason;
    private final transient Duration retryAfter;

    public FetchException(Reason reason, String message) {
        this(reason, message, null, null);
    }

    public FetchException(Reason reason, String message, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.reason = reason;
        this.retryAfter = retryAfter;
    }

    public Reason reason() {
        return reason;
    }

    /** What the server asked for in {@code Retry-After} (429/503), if anything. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
