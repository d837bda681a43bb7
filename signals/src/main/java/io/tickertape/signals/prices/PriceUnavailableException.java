package io.tickertape.signals.prices;

import java.util.Objects;

/** A price could not be had; {@link #reason()} says why and {@link #retryable()} whether trying later may help. */
public class PriceUnavailableException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Why no price. */
    public enum Reason {
        /** The source said to slow down (HTTP 429 or a "Too Many Requests" body), or our own rate limit is exhausted. */
        RATE_LIMITED(true),
        /** The source did not answer in time. */
        TIMEOUT(true),
        /** The source does not know the symbol (or it is delisted). Cached negatively for a while. */
        NOT_FOUND(false),
        /** A price exists but is older than the configured maximum age. */
        STALE(true),
        /** The circuit breaker is open after repeated failures; no request was sent. */
        CIRCUIT_OPEN(true),
        /** The source answered with something we cannot read. */
        MALFORMED(false),
        /** The source has the symbol but no prices in the requested range (weekend, holiday, no trades). */
        NO_DATA(false),
        /** Any other failure: connection refused, HTTP 5xx, I/O error. */
        UNAVAILABLE(true);

        private final boolean retryable;

        Reason(boolean retryable) {
            this.retryable = retryable;
        }

        public boolean retryable() {
            return retryable;
        }
    }

    private final Reason reason;
    private final String symbol;

    public PriceUnavailableException(Reason reason, String symbol, String message) {
        this(reason, symbol, message, null);
    }

    public PriceUnavailableException(Reason reason, String symbol, String message, Throwable cause) {
        super(symbol + ": " + reason + (message == null || message.isBlank() ? "" : ": " + message), cause);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.symbol = symbol;
    }

    public Reason reason() {
        return reason;
    }

    public String symbol() {
        return symbol;
    }

    /** Whether the same request may succeed later (the signal should be held and retried rather than dropped). */
    public boolean retryable() {
        return reason.retryable();
    }
}
