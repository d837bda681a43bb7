package io.tickertape.web;

import io.helidon.common.socket.SocketOptions;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tickertape.web.api.ScoreApi;
import io.tickertape.web.api.SentimentScoring;
import io.tickertape.web.api.SignalApi;
import io.tickertape.web.http.ClientAddress;
import io.tickertape.web.http.ErrorResponses;
import io.tickertape.web.http.HttpProblem;
import io.tickertape.web.http.Responses;
import io.tickertape.web.http.SecurityHeaders;
import io.tickertape.web.http.StaticResources;
import io.tickertape.web.operations.OperationsRoutes;
import io.tickertape.web.operations.Readiness;
import io.tickertape.web.operations.RequestMetrics;
import io.tickertape.web.pages.Pages;
import io.tickertape.web.ratelimit.RateLimitFilter;
import io.tickertape.web.ratelimit.TokenBuckets;
import io.tickertape.web.signals.OutcomeReader;
import io.tickertape.web.signals.SignalPages;
import io.tickertape.web.signals.SignalReader;
import io.tickertape.web.signals.SignalViews;
import io.tickertape.web.unsubscribe.UnsubscribeRoutes;
import io.tickertape.web.unsubscribe.UnsubscribeStore;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/**
 * The web service: pages, API, unsubscribe and operations on one Helidon SE server. Helidon runs each request on
 * its own virtual thread, so the blocking JDBC and model calls need no thread pool of their own; the bounds are
 * the database pool, the predictor pool and {@link WebSettings#maxConcurrentRequests}.
 */
public final class WebService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WebService.class);
    /** Helidon's own cap, above the per-route 16 KiB limits (which answer 413 with our headers and format). */
    static final long MAX_PAYLOAD = 64 * 1024;

    private final WebServer server;

    private WebService(WebServer server) {
        this.server = server;
    }

    /**
     * Starts serving.
     *
     * @param scoring the model for /api/score, or null to run without one (scoring answers 503); not closed here
     */
    public static WebService start(WebSettings settings, Jdbi jdbi, SentimentScoring scoring,
                                   PrometheusMeterRegistry meters) {
        routeJulToSlf4j();
        Pages pages = new Pages();
        ErrorResponses errors = new ErrorResponses(pages);
        SignalReader signals = new SignalReader(jdbi);
        Readiness readiness = new Readiness(signals);
        TokenBuckets buckets = new TokenBuckets(settings.ratePerMinute(), settings.rateBurst(),
                settings.maxTrackedClients());

        HttpRouting.Builder routing = HttpRouting.builder()
                .addFilter(new SecurityHeaders())
                .addFilter(new RequestMetrics(meters))
                .addFilter(new RateLimitFilter(buckets, new ClientAddress(settings.trustForwardedFor()), errors, meters))
                .get("/", (req, res) -> {
                    res.status(303).header("Location", "/signals");
                    res.send();
                })
                .register("/signals", new SignalPages(signals, new OutcomeReader(jdbi), new SignalViews(settings.zone()), pages))
                .register("/unsubscribe", new UnsubscribeRoutes(new UnsubscribeStore(jdbi), pages, errors, meters))
                .register("/api", new SignalApi(signals), new ScoreApi(scoring, meters))
                .get("/api/openapi.json", StaticResources.of("/openapi.json", Responses.JSON))
                .get("/static/site.css", StaticResources.of("/static/site.css", "text/css; charset=utf-8"))
                .register(new OperationsRoutes(readiness, meters))
                // Anything no route took: 404 in the path's format (or 405 for a known path with the wrong method).
                .any((req, res) -> {
                    throw HttpProblem.notFound();
                })
                .error(Throwable.class, errors::handle);

        WebServer server = WebServer.builder()
                .host(settings.host())
                .port(settings.port())
                .maxPayloadSize(MAX_PAYLOAD)
                .maxConcurrentRequests(settings.maxConcurrentRequests())
                .shutdownGracePeriod(settings.shutdownGrace())
                .idleConnectionTimeout(Duration.ofMinutes(2))
                // A client that stops sending mid-request is dropped instead of holding a connection open.
                .connectionOptions(SocketOptions.builder()
                        .readTimeout(Duration.ofSeconds(30))
                        .connectTimeout(Duration.ofSeconds(10))
                        .build())
                .shutdownHook(false)
                .routing(routing)
                .build()
                .start();
        LOG.info("web on http://{}:{}/ (signals, api, unsubscribe, health, ready, metrics)", settings.host(), server.port());
        return new WebService(server);
    }

    /** Helidon logs through java.util.logging; one bridge per JVM sends it to the same log as everything else. */
    private static synchronized void routeJulToSlf4j() {
        if (!org.slf4j.bridge.SLF4JBridgeHandler.isInstalled()) {
            org.slf4j.bridge.SLF4JBridgeHandler.removeHandlersForRootLogger();
            org.slf4j.bridge.SLF4JBridgeHandler.install();
        }
    }

    public int port() {
        return server.port();
    }

    @Override
    public void close() {
        server.stop();
    }
}
