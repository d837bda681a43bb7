package io.tickertape.topology.errors;

/**
 * The record is fine but a dependency (the database) is not: the task must fail and retry rather than
 * dead-letter the record.
 */
public class TransientInfrastructureException extends RuntimeException {
    public TransientInfrastructureException(String message, Throwable cause) {
        super(message, cause);
    }
}
