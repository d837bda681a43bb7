package io.tickertape.ingest.parsing;

/** The body is not a feed we can read. The message is one line, fit for an operator; {@link #kind()} is a metric tag. */
public final class FeedParseException extends Exception {

    public enum Kind { EMPTY, HTML, NOT_A_FEED, DOCTYPE, MALFORMED }

    private final Kind kind;

    public FeedParseException(Kind kind, String message) {
        this(kind, message, null);
    }

    public FeedParseException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
