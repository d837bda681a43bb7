package io.tickertape.signals.fusion;

/** Why fusion made no signal. Each is counted in the {@code tickertape.signals.dropped} metric by the caller. */
public enum DropReason {
    /** The ticker's relevance is below {@link FusionSettings#minRelevance()}. */
    LOW_RELEVANCE,
    /** The article is older than {@link FusionSettings#maxArticleAge()} at the gate's reference time. */
    STALE_ARTICLE,
    /** The article claims a publication time further in the future than the allowed clock skew. */
    FUTURE_ARTICLE,
    /** No price could be had for the ticker. */
    NO_PRICE,
    /** The price is older than {@link FusionSettings#maxPriceAge()} at the gate's reference time. */
    STALE_PRICE,
    /** Too few daily bars for technicals, and the settings require them. */
    NO_TECHNICALS,
    /** |combined score| is below {@link FusionSettings#threshold()}. */
    BELOW_THRESHOLD,
    /** The trend-confirmed strategy: the technicals do not point the way the sentiment does. */
    TREND_DISAGREES
}
