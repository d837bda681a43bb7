package io.tickertape.topology.ledger;

/** The signal ledger (PostgreSQL) cannot be reached now; the record is fine and waits for it. */
public final class LedgerUnavailableException extends RuntimeException {
    public LedgerUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
