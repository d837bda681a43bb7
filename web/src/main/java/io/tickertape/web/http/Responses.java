package io.tickertape.web.http;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerResponse;

import java.nio.charset.StandardCharsets;

/** Writing a complete response with an explicit type and caching rule, so no handler forgets either. */
public final class Responses {

    public static final String HTML = "text/html; charset=utf-8";
    public static final String JSON = "application/json";
    public static final String TEXT = "text/plain; charset=utf-8";

    private Responses() {
    }

    public static void send(ServerResponse res, int status, String contentType, String body) {
        send(res, status, contentType, body, false);
    }

    /** @param cacheable true for static, non-personal content; everything else is no-store */
    public static void send(ServerResponse res, int status, String contentType, String body, boolean cacheable) {
        res.status(status);
        res.header(HeaderNames.CONTENT_TYPE, contentType);
        res.header(HeaderNames.CACHE_CONTROL, cacheable ? "public, max-age=300" : "no-store");
        res.send(body.getBytes(StandardCharsets.UTF_8));
    }
}
