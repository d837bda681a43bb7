package io.tickertape.web.unsubscribe;

import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tickertape.web.http.BoundedBody;
import io.tickertape.web.http.ErrorResponses;
import io.tickertape.web.http.Responses;
import io.tickertape.web.pages.Pages;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * One-click unsubscribe (RFC 8058). {@code GET /unsubscribe?token=T} only shows a button: link scanners and
 * prefetchers follow links, and must not unsubscribe anyone. {@code POST} (the button's form, or a mailbox
 * provider's {@code List-Unsubscribe=One-Click} body) unsubscribes, idempotently. An unknown or malformed token
 * gets the same 404 page either way.
 */
public final class UnsubscribeRoutes implements HttpService {

    static final int MAX_BODY = 16 * 1024;
    private static final String NOT_VALID = "This unsubscribe link is not valid.";

    private final UnsubscribeStore store;
    private final Pages pages;
    private final ErrorResponses errors;
    private final Counter unsubscribed;
    private final Counter refused;

    public UnsubscribeRoutes(UnsubscribeStore store, Pages pages, ErrorResponses errors, MeterRegistry meters) {
        this.store = store;
        this.pages = pages;
        this.errors = errors;
        this.unsubscribed = Counter.builder("tickertape_web_unsubscribes").description("Successful unsubscribe POSTs (repeats included)").register(meters);
        this.refused = Counter.builder("tickertape_web_unsubscribe_invalid_tokens").description("Unsubscribe requests with an unknown or malformed token").register(meters);
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::confirm).post("/", this::unsubscribe);
    }

    private void confirm(ServerRequest req, ServerResponse res) {
        String token = req.query().first("token").orElse(null);
        if (!store.known(token)) {
            notValid(req, res);
            return;
        }
        String action = "/unsubscribe?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
        Responses.send(res, 200, Responses.HTML, pages.render("unsubscribe.jte", new UnsubscribePage(false, action)));
    }

    private void unsubscribe(ServerRequest req, ServerResponse res) {
        // The body is "List-Unsubscribe=One-Click" (form or RFC 8058); the token in the URL is what counts. It is
        // read, bounded, so the connection stays usable and an oversized body still gets 413.
        BoundedBody.read(req, MAX_BODY);
        String token = req.query().first("token").orElse(null);
        if (!store.unsubscribe(token)) {
            notValid(req, res);
            return;
        }
        unsubscribed.increment();
        Responses.send(res, 200, Responses.HTML, pages.render("unsubscribe.jte", new UnsubscribePage(true, null)));
    }

    private void notValid(ServerRequest req, ServerResponse res) {
        refused.increment();
        errors.respond(req, res, 404, NOT_VALID);
    }
}
