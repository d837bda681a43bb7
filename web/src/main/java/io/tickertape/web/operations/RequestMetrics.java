package io.tickertape.web.operations;

import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Times every request by route group, method and status. The group is one of a fixed few, never the raw path,
 * so hostile URLs cannot create unbounded metric series.
 */
public final class RequestMetrics implements Filter {

    private final MeterRegistry meters;

    public RequestMetrics(MeterRegistry meters) {
        this.meters = meters;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        long start = System.nanoTime();
        String method = switch (req.prologue().method().text()) {
            case "GET", "POST", "HEAD" -> req.prologue().method().text();
            default -> "OTHER";
        };
        String group = group(req.prologue().uriPath().path());
        try {
            chain.proceed();
        } finally {
            Timer.builder("tickertape_web_requests").description("HTTP requests by route group")
                    .tag("route", group).tag("method", method).tag("status", Integer.toString(res.status().code()))
                    .publishPercentiles(0.5, 0.99)
                    .register(meters).record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
        }
    }

    static String group(String path) {
        if (path.equals("/signals") || path.equals("/signals/")) {
            return "signals";
        }
        if (path.startsWith("/signals/")) {
            return "signal";
        }
        if (path.startsWith("/api/signals")) {
            return "api_signals";
        }
        if (path.equals("/api/score")) {
            return "api_score";
        }
        if (path.startsWith("/api/")) {
            return "api_other";
        }
        if (path.equals("/unsubscribe")) {
            return "unsubscribe";
        }
        if (path.equals("/health") || path.equals("/ready") || path.equals("/metrics")) {
            return "operations";
        }
        return path.startsWith("/static/") ? "static" : "other";
    }
}
