package io.tickertape.digest.delivery;

/**
 * A message could not be handed to the SMTP server. {@link #definitelyNotSent()} separates failures where the
 * message certainly did not leave (no connection, authentication refused, the server answered with an error
 * code) from those where it may have (the connection broke while the message was being transmitted or before
 * the server's final reply). Only the first kind is retried automatically.
 */
public final class DeliveryException extends Exception {

    private static final long serialVersionUID = 1L;

    private final boolean definitelyNotSent;

    public DeliveryException(String message, boolean definitelyNotSent, Throwable cause) {
        super(message, cause);
        this.definitelyNotSent = definitelyNotSent;
    }

    public boolean definitelyNotSent() {
        return definitelyNotSent;
    }
}
