package io.tickertape.digest.alerts;

import io.tickertape.digest.rendering.RenderSettings;
import io.tickertape.digest.rendering.SafeLinks;
import jakarta.mail.internet.InternetAddress;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Immediate alerts.
 *
 * @param threshold          a signal whose model confidence is at or above this gets an alert (default 0.85)
 * @param maxPerPeriod       at most this many alerted signals per {@code period}, across all recipients: a news
 *                           storm must not become an email storm
 * @param webhook            optional https (or http) URL that receives a JSON POST per alerted signal; null for none
 * @param webhookTimeout     connect and request timeout of the webhook call
 */
public record AlertSettings(double threshold, int maxPerPeriod, Duration period, InternetAddress from,
                            String unsubscribeUrlBase, RenderSettings render, URI webhook, Duration webhookTimeout) {

    public static final double DEFAULT_THRESHOLD = 0.85;

    public AlertSettings {
        if (!(threshold > 0 && threshold <= 1)) {
            throw new IllegalArgumentException("alert threshold must be in (0, 1]: " + threshold);
        }
        if (maxPerPeriod < 1 || period == null || period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("alert rate limit must be positive");
        }
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(render, "render");
        if (unsubscribeUrlBase != null && !SafeLinks.isHttps(unsubscribeUrlBase)) {
            throw new IllegalArgumentException("unsubscribe URL base must be an absolute https URL");
        }
        if (webhook != null && SafeLinks.http(webhook.toString()).isEmpty()) {
            throw new IllegalArgumentException("webhook must be an absolute http(s) URL without user info");
        }
        if (webhookTimeout == null || webhookTimeout.isNegative() || webhookTimeout.isZero()) {
            throw new IllegalArgumentException("webhook timeout must be positive");
        }
    }

    /** Threshold 0.85, 20 alerted signals per hour, no webhook, 5 s webhook timeout. */
    public static AlertSettings defaults(InternetAddress from, String unsubscribeUrlBase) {
        return new AlertSettings(DEFAULT_THRESHOLD, 20, Duration.ofHours(1), from, unsubscribeUrlBase,
                RenderSettings.defaults(), null, Duration.ofSeconds(5));
    }

    public AlertSettings withThreshold(double t) {
        return new AlertSettings(t, maxPerPeriod, period, from, unsubscribeUrlBase, render, webhook, webhookTimeout);
    }

    public AlertSettings withRateLimit(int max, Duration per) {
        return new AlertSettings(threshold, max, per, from, unsubscribeUrlBase, render, webhook, webhookTimeout);
    }

    public AlertSettings withWebhook(URI url) {
        return new AlertSettings(threshold, maxPerPeriod, period, from, unsubscribeUrlBase, render, url, webhookTimeout);
    }

    String unsubscribeUrl(String token) {
        if (unsubscribeUrlBase == null) {
            return null;
        }
        return unsubscribeUrlBase + (unsubscribeUrlBase.contains("?") ? "&" : "?") + "token=" + token;
    }
}
