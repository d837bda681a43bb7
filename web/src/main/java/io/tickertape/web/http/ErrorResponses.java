package io.tickertape.web.http;

import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.tickertape.web.pages.Pages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The one place failures become responses: a deliberate {@link HttpProblem} shows its fixed one-line message;
 * anything else is logged here with an incident number and the client sees only "internal error" and that number.
 * No exception text or stack trace ever reaches a client. API paths answer JSON, pages answer HTML.
 */
public final class ErrorResponses {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorResponses.class);

    private final Pages pages;
    private final AtomicLong incidents = new AtomicLong();

    public ErrorResponses(Pages pages) {
        this.pages = pages;
    }

    public void handle(ServerRequest req, ServerResponse res, Throwable error) {
        int status;
        String message;
        if (error instanceof HttpProblem p) {
            status = p.status();
            message = p.getMessage();
        } else {
            long incident = incidents.incrementAndGet();
            LOG.error("request {} {} failed (incident {})", req.prologue().method().text(),
                    req.prologue().uriPath().rawPath().replaceAll("[\\r\\n]", "_"), incident, error);
            status = 500;
            message = "internal error (incident " + incident + ")";
        }
        if (res.isSent()) {
            return; // the status line is gone; the log has it
        }
        respond(req, res, status, message);
    }

    /** A status answer in the format the path calls for. */
    public void respond(ServerRequest req, ServerResponse res, int status, String message) {
        if (isApi(req)) {
            Responses.send(res, status, Responses.JSON, "{\"error\":" + Json.quote(message) + "}");
        } else {
            Responses.send(res, status, Responses.HTML, pages.error(status, message));
        }
    }

    static boolean isApi(ServerRequest req) {
        return req.prologue().uriPath().path().startsWith("/api/");
    }
}
