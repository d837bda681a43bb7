package io.tickertape.cli;

/** Bad input found while running (a malformed file, an impossible combination): one-line error, exit 2. */
public class UsageException extends RuntimeException {
    public UsageException(String message) {
        super(message);
    }

    public UsageException(String message, Throwable cause) {
        super(message, cause);
    }
}
