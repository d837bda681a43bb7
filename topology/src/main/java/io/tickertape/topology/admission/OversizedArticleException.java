package io.tickertape.topology.admission;

/** An article past {@link ArticleSizeLimits}: the processing handler dead-letters it with this message. */
public final class OversizedArticleException extends IllegalArgumentException {
    public OversizedArticleException(String message) {
        super(message);
    }
}
