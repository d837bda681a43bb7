package io.tickertape.finbert.registry;

/** What the registry does when the requested model version cannot be loaded or fails at inference. */
public enum FallbackPolicy {
    /** Propagate the {@link io.tickertape.finbert.SentimentModelException}; nothing is scored. */
    FAIL,
    /** Keep (or go back to) the previously active version, log it and count it in {@code finbert.registry.fallbacks}. */
    USE_PREVIOUS_VERSION
}
