package io.tickertape.web.operations;

import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tickertape.web.http.Responses;

/**
 * {@code /health} (the process serves requests), {@code /ready} (it can answer them: see {@link Readiness}) and
 * {@code /metrics} (Prometheus text), the same three endpoints the stream app's OpsServer has.
 */
public final class OperationsRoutes implements HttpService {

    private final Readiness readiness;
    private final PrometheusMeterRegistry registry;

    public OperationsRoutes(Readiness readiness, PrometheusMeterRegistry registry) {
        this.readiness = readiness;
        this.registry = registry;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/health", this::health).get("/ready", this::ready).get("/metrics", this::metrics);
    }

    private void health(ServerRequest req, ServerResponse res) {
        Responses.send(res, 200, Responses.TEXT, "UP\n");
    }

    private void ready(ServerRequest req, ServerResponse res) {
        String state = readiness.state();
        Responses.send(res, "READY".equals(state) ? 200 : 503, Responses.TEXT, state + "\n");
    }

    private void metrics(ServerRequest req, ServerResponse res) {
        Responses.send(res, 200, "text/plain; version=0.0.4; charset=utf-8", registry.scrape());
    }
}
