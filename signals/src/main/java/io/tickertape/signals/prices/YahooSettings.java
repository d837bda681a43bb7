package io.tickertape.signals.prices;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Where and how {@link YahooChartClient} talks to Yahoo.
 *
 * @param chartBase      base of the chart API, e.g. {@code https://query2.finance.yahoo.com}
 * @param cookieUrl      page that sets the session cookie (its status does not matter, its Set-Cookie does)
 * @param crumbUrl       endpoint that returns the crumb for the cookie
 * @param userAgent      a current browser User-Agent: Yahoo rejects obvious bots
 * @param connectTimeout TCP/TLS connect timeout
 * @param requestTimeout whole-request timeout, for every request
 * @param maxBodyBytes   a body longer than this is refused (a full daily history is ~400 KB)
 */
public record YahooSettings(URI chartBase, URI cookieUrl, URI crumbUrl, String userAgent, Duration connectTimeout,
                            Duration requestTimeout, int maxBodyBytes) {

    /** Chrome 138 on Windows 10, the most common desktop browser as of mid-2025. */
    public static final String BROWSER_USER_AGENT = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
            + "(KHTML, like Gecko) Chrome/138.0.0.0 Safari/537.36";

    public YahooSettings {
        Objects.requireNonNull(chartBase, "chartBase");
        Objects.requireNonNull(cookieUrl, "cookieUrl");
        Objects.requireNonNull(crumbUrl, "crumbUrl");
        Objects.requireNonNull(userAgent, "userAgent");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        if (connectTimeout.isZero() || connectTimeout.isNegative() || requestTimeout.isZero()
                || requestTimeout.isNegative() || maxBodyBytes <= 0) {
            throw new IllegalArgumentException("timeouts and maxBodyBytes must be positive");
        }
    }

    public static YahooSettings defaults() {
        return forBase(URI.create("https://query2.finance.yahoo.com"), URI.create("https://fc.yahoo.com"));
    }

    /** Settings for another server (tests replay recorded responses through a local one). */
    public static YahooSettings forBase(URI chartBase, URI cookieUrl) {
        return new YahooSettings(chartBase, cookieUrl, chartBase.resolve("/v1/test/getcrumb"), BROWSER_USER_AGENT,
                Duration.ofSeconds(3), Duration.ofSeconds(5), 8 << 20);
    }

    public YahooSettings withRequestTimeout(Duration timeout) {
        return new YahooSettings(chartBase, cookieUrl, crumbUrl, userAgent, connectTimeout, timeout, maxBodyBytes);
    }
}
