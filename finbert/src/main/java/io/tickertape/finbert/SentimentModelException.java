package io.tickertape.finbert;

/** A model could not be loaded or run: missing/corrupt directory, unreadable metadata, inference failure. */
public class SentimentModelException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SentimentModelException(String message) {
        super(message);
    }

    public SentimentModelException(String message, Throwable cause) {
        super(message, cause);
    }
}
