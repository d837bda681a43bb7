package io.tickertape.web.http;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;

/**
 * Who is asking, for rate limiting. Behind the ALB the peer is the load balancer, which appends the real client
 * to X-Forwarded-For; only that last entry is trusted (earlier ones are whatever the client sent), and only when
 * the service is told it sits behind a proxy, since otherwise anyone could pick a fresh address per request.
 */
public final class ClientAddress {

    private final boolean trustForwardedFor;

    public ClientAddress(boolean trustForwardedFor) {
        this.trustForwardedFor = trustForwardedFor;
    }

    public String of(ServerRequest req) {
        if (trustForwardedFor) {
            var forwarded = req.headers().first(HeaderNames.X_FORWARDED_FOR);
            if (forwarded.isPresent()) {
                String all = forwarded.get();
                String last = all.substring(all.lastIndexOf(',') + 1).strip();
                if (!last.isEmpty() && last.length() <= 64) {
                    return last;
                }
            }
        }
        return req.remotePeer().host();
    }
}
