package io.tickertape.ingest.fetch;

import java.time.Duration;
import java.util.Objects;

/**
 * Bounds on one fetch.
 *
 * @param connectTimeout  TCP/TLS connect
 * @param timeout         the whole fetch: every redirect hop, headers and body (a server that drips bytes is cut off)
 * @param maxRedirects    hops followed before giving up
 * @param maxBodyBytes    cap on the body, both as sent and after gzip decompression
 * @param userAgent       sent on every request; SEC EDGAR asks for a contact address in it
 */
public record FetchLimits(Duration connectTimeout, Duration timeout, int maxRedirects, long maxBodyBytes, String userAgent) {

    public static final String DEFAULT_USER_AGENT =
            "tickertape-ingest/0.1 (news-sentiment research; +https://github.com/tickertape/tickertape)";

    public FetchLimits {
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(userAgent, "userAgent");
        if (connectTimeout.isNegative() || connectTimeout.isZero() || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeouts must be positive");
        }
        if (maxRedirects < 0 || maxRedirects > 20) {
            throw new IllegalArgumentException("maxRedirects must be within 0..20: " + maxRedirects);
        }
        if (maxBodyBytes < 1024) {
            throw new IllegalArgumentException("maxBodyBytes must be at least 1 KiB: " + maxBodyBytes);
        }
        if (userAgent.isBlank() || userAgent.chars().anyMatch(c -> c < 0x20 || c > 0x7e)) {
            throw new IllegalArgumentException("userAgent must be printable ASCII");
        }
    }

    /** 5 s connect, 20 s per fetch, 5 redirects, 10 MiB body. */
    public static FetchLimits defaults() {
        return new FetchLimits(Duration.ofSeconds(5), Duration.ofSeconds(20), 5, 10L * 1024 * 1024, DEFAULT_USER_AGENT);
    }

    public FetchLimits withUserAgent(String agent) {
        return new FetchLimits(connectTimeout, timeout, maxRedirects, maxBodyBytes, agent);
    }

    public FetchLimits withMaxBodyBytes(long bytes) {
        return new FetchLimits(connectTimeout, timeout, maxRedirects, bytes, userAgent);
    }

    public FetchLimits withTimeout(Duration total) {
        return new FetchLimits(connectTimeout, total, maxRedirects, maxBodyBytes, userAgent);
    }
}
