package io.tickertape.web.ratelimit;

import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tickertape.web.http.ClientAddress;
import io.tickertape.web.http.ErrorResponses;

/**
 * 429 for a client over its rate on the paths that cost something: the API (scoring runs the model) and the
 * unsubscribe POST. Pages, static files and the operations endpoints are not limited (the ALB health check and
 * the Prometheus scraper must never be refused).
 */
public final class RateLimitFilter implements Filter {

    private final TokenBuckets buckets;
    private final ClientAddress clients;
    private final ErrorResponses errors;
    private final Counter limited;

    public RateLimitFilter(TokenBuckets buckets, ClientAddress clients, ErrorResponses errors, MeterRegistry meters) {
        this.buckets = buckets;
        this.clients = clients;
        this.errors = errors;
        this.limited = Counter.builder("tickertape_web_rate_limited").description("Requests refused with 429")
                .register(meters);
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        if (limitedPath(req) && !buckets.tryAcquire(clients.of(req))) {
            limited.increment();
            res.header("Retry-After", "1");
            errors.respond(req, res, 429, "too many requests");
            return;
        }
        chain.proceed();
    }

    private static boolean limitedPath(RoutingRequest req) {
        String path = req.prologue().uriPath().path();
        return path.startsWith("/api/") || (path.equals("/unsubscribe") && "POST".equals(req.prologue().method().text()));
    }
}
