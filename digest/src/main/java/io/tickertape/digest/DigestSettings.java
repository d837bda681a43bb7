package io.tickertape.digest;

import io.tickertape.digest.delivery.HeaderValues;
import io.tickertape.digest.rendering.RenderSettings;
import io.tickertape.digest.rendering.SafeLinks;
import jakarta.mail.internet.InternetAddress;

import java.time.Duration;
import java.util.Objects;

/**
 * How the daily digest is made and sent.
 *
 * @param maxSignals          at most this many signals per email, strongest first
 * @param sendEmpty           on a day without signals, send a short "no new signals" note (true) or nothing
 * @param from                the From mailbox
 * @param unsubscribeUrlBase  https URL the per-recipient token is appended to ({@code ?token=...}); required to
 *                            send, optional for previews
 * @param lease               how long a claim holds without renewal before another scheduler may take over
 * @param firstWindow         how far back the very first digest looks
 * @param maxAttempts         tries per recipient and date for deliveries that certainly failed
 * @param maxConsecutiveFailures stop a run after this many failed deliveries in a row (the server is down;
 *                            the rest is sent on resume rather than each waiting for its own timeout)
 */
public record DigestSettings(int maxSignals, boolean sendEmpty, InternetAddress from, String unsubscribeUrlBase,
                             RenderSettings render, Duration lease, Duration firstWindow, int maxAttempts,
                             int maxConsecutiveFailures) {

    public static final int DEFAULT_MAX_SIGNALS = 25;

    public DigestSettings {
        if (maxSignals < 1 || maxSignals > 200) {
            throw new IllegalArgumentException("maxSignals must be between 1 and 200: " + maxSignals);
        }
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(render, "render");
        if (unsubscribeUrlBase != null && unsubscribeUrlBase.isBlank()) {
            unsubscribeUrlBase = null;
        }
        if (unsubscribeUrlBase != null && !SafeLinks.isHttps(unsubscribeUrlBase)) {
            throw new IllegalArgumentException("unsubscribe URL base must be an absolute https URL: " + unsubscribeUrlBase);
        }
        if (lease.compareTo(Duration.ofSeconds(30)) < 0) {
            throw new IllegalArgumentException("lease must be at least 30 s: " + lease);
        }
        if (firstWindow.isNegative() || firstWindow.isZero()) {
            throw new IllegalArgumentException("firstWindow must be positive: " + firstWindow);
        }
        if (maxAttempts < 1 || maxAttempts > 20 || maxConsecutiveFailures < 1) {
            throw new IllegalArgumentException("maxAttempts must be 1..20 and maxConsecutiveFailures positive");
        }
    }

    /** Defaults: 25 signals, empty days announced, 10-minute lease, first digest covers 24 h, 3 attempts. */
    public static DigestSettings defaults(String from, String unsubscribeUrlBase) {
        return new DigestSettings(DEFAULT_MAX_SIGNALS, true, HeaderValues.mailbox(from), unsubscribeUrlBase,
                RenderSettings.defaults(), Duration.ofMinutes(10), Duration.ofDays(1), 3, 3);
    }

    public DigestSettings withMaxSignals(int n) {
        return new DigestSettings(n, sendEmpty, from, unsubscribeUrlBase, render, lease, firstWindow, maxAttempts,
                maxConsecutiveFailures);
    }

    public DigestSettings withSendEmpty(boolean send) {
        return new DigestSettings(maxSignals, send, from, unsubscribeUrlBase, render, lease, firstWindow, maxAttempts,
                maxConsecutiveFailures);
    }

    public DigestSettings withRender(RenderSettings r) {
        return new DigestSettings(maxSignals, sendEmpty, from, unsubscribeUrlBase, r, lease, firstWindow, maxAttempts,
                maxConsecutiveFailures);
    }

    public DigestSettings withLease(Duration l) {
        return new DigestSettings(maxSignals, sendEmpty, from, unsubscribeUrlBase, render, l, firstWindow, maxAttempts,
                maxConsecutiveFailures);
    }

    /** The recipient's one-click unsubscribe URL, or null without a base. */
    public String unsubscribeUrl(String token) {
        if (unsubscribeUrlBase == null) {
            return null;
        }
        return unsubscribeUrlBase + (unsubscribeUrlBase.contains("?") ? "&" : "?") + "token=" + token;
    }
}
