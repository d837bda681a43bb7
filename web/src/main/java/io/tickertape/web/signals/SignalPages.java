package io.tickertape.web.signals;

import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.tickertape.web.http.HttpProblem;
import io.tickertape.web.http.Responses;
import io.tickertape.web.pages.Pages;

/** {@code GET /signals} (filtered, paginated list) and {@code GET /signals/{id}} (one signal with its chart). */
public final class SignalPages implements HttpService {

    private final SignalReader reader;
    private final OutcomeReader outcomes;
    private final SignalViews views;
    private final Pages pages;

    public SignalPages(SignalReader reader, OutcomeReader outcomes, SignalViews views, Pages pages) {
        this.reader = reader;
        this.outcomes = outcomes;
        this.views = views;
        this.pages = pages;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::list).get("/{id}", this::one);
    }

    private void list(ServerRequest req, ServerResponse res) {
        SignalFilter filter = SignalFilter.from(req.query());
        Responses.send(res, 200, Responses.HTML, pages.render("signals.jte", views.list(filter, reader.list(filter))));
    }

    private void one(ServerRequest req, ServerResponse res) {
        String id = req.path().pathParameters().get("id");
        var signal = reader.find(id).orElseThrow(HttpProblem::notFound);
        Responses.send(res, 200, Responses.HTML,
                pages.render("signal.jte", views.detail(signal, outcomes.outcomes(signal.signalId()))));
    }
}
