package io.tickertape.web;

import java.time.Duration;
import java.time.ZoneId;

/**
 * How the web service listens and protects itself.
 *
 * @param host               address to bind (0.0.0.0 in a container)
 * @param port               0 for an ephemeral port (tests)
 * @param zone               the time zone pages show times in (the digest's, America/Phoenix)
 * @param ratePerMinute      sustained API and unsubscribe requests per client per minute
 * @param rateBurst          requests a client may make at once before the rate applies
 * @param maxTrackedClients  bound of the per-client rate-limit map
 * @param trustForwardedFor  the client address is the last X-Forwarded-For entry (behind the ALB only)
 * @param maxConcurrentRequests requests served at once; more wait in the accept queue rather than pile up threads
 * @param shutdownGrace      how long in-flight requests may finish on stop
 */
public record WebSettings(String host, int port, ZoneId zone, int ratePerMinute, int rateBurst, int maxTrackedClients,
                          boolean trustForwardedFor, int maxConcurrentRequests, Duration shutdownGrace) {

    public WebSettings {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be in 0..65535: " + port);
        }
        if (ratePerMinute < 1 || rateBurst < 1 || maxTrackedClients < 1 || maxConcurrentRequests < 1) {
            throw new IllegalArgumentException("rate, burst, tracked clients and concurrency must be positive");
        }
    }

    public static WebSettings defaults(int port) {
        return new WebSettings("0.0.0.0", port, ZoneId.of("America/Phoenix"), 120, 20, 10_000, false, 256,
                Duration.ofSeconds(10));
    }

    public WebSettings withHost(String h) {
        return new WebSettings(h, port, zone, ratePerMinute, rateBurst, maxTrackedClients, trustForwardedFor,
                maxConcurrentRequests, shutdownGrace);
    }

    public WebSettings withRate(int perMinute, int burst) {
        return new WebSettings(host, port, zone, perMinute, burst, maxTrackedClients, trustForwardedFor,
                maxConcurrentRequests, shutdownGrace);
    }

    public WebSettings withTrustForwardedFor(boolean trust) {
        return new WebSettings(host, port, zone, ratePerMinute, rateBurst, maxTrackedClients, trust,
                maxConcurrentRequests, shutdownGrace);
    }
}
