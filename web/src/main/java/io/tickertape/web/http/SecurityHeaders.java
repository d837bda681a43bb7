package io.tickertape.web.http;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

/**
 * The same protective headers on every response, set before the handler runs so error responses carry them too.
 * Pages load only their own stylesheet; no script runs at all (the charts are server-drawn SVG), so even an
 * escaping bug could not execute injected script; no site may frame us (clickjacking the unsubscribe button).
 */
public final class SecurityHeaders implements Filter {

    public static final String CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'self'; img-src 'self'; "
            + "form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        res.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        res.header(HeaderNames.X_CONTENT_TYPE_OPTIONS, "nosniff");
        res.header("X-Frame-Options", "DENY");
        res.header("Referrer-Policy", "no-referrer"); // unsubscribe URLs carry a token
        res.header("Cross-Origin-Opener-Policy", "same-origin");
        chain.proceed();
    }
}
