package io.tickertape.digest.rendering;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Objects;

/**
 * How values are shown.
 *
 * @param zone          time zone for every time in the email (the digest's zone, America/Phoenix by default)
 * @param maxPriceAge   a signal's price older than this, measured at digest time, is flagged as stale; the default
 *                      of 4 days covers a Friday close seen on the Tuesday after a Monday holiday
 * @param brand         product name in the subject and heading
 * @param webBaseUrl    where {@code tickertape web} is reachable (e.g. https://signals.example.com), so each card
 *                      links to its signal's page; null for no link
 */
public record RenderSettings(ZoneId zone, Duration maxPriceAge, String brand, String webBaseUrl) {

    public static final ZoneId PHOENIX = ZoneId.of("America/Phoenix");

    public RenderSettings {
        Objects.requireNonNull(zone, "zone");
        if (maxPriceAge == null || maxPriceAge.isNegative() || maxPriceAge.isZero()) {
            throw new IllegalArgumentException("maxPriceAge must be positive: " + maxPriceAge);
        }
        brand = SafeText.line(brand, 40);
        if (brand.isEmpty()) {
            brand = "tickertape";
        }
        if (webBaseUrl != null && webBaseUrl.isBlank()) {
            webBaseUrl = null;
        }
        if (webBaseUrl != null) {
            String safe = SafeLinks.http(webBaseUrl).orElseThrow(() ->
                    new IllegalArgumentException("web base URL must be an absolute http(s) URL"));
            webBaseUrl = safe.replaceAll("/+$", "");
        }
    }

    public static RenderSettings defaults() {
        return new RenderSettings(PHOENIX, Duration.ofDays(4), "tickertape", null);
    }

    public RenderSettings withMaxPriceAge(Duration age) {
        return new RenderSettings(zone, age, brand, webBaseUrl);
    }

    public RenderSettings withWebBaseUrl(String url) {
        return new RenderSettings(zone, maxPriceAge, brand, url);
    }

    /** The signal's page on the web service ("view in browser"), or null without a web base URL. */
    public String signalPageUrl(String signalId) {
        return webBaseUrl == null ? null : webBaseUrl + "/signals/" + URLEncoder.encode(signalId, StandardCharsets.UTF_8);
    }
}
