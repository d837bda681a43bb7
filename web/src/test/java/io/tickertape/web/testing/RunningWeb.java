package io.tickertape.web.testing;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tickertape.migrations.Database;
import io.tickertape.migrations.testing.TestDatabases;
import io.tickertape.web.WebService;
import io.tickertape.web.WebSettings;
import io.tickertape.web.api.SentimentScoring;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A migrated fresh schema and the web service on an ephemeral port, plus a plain HTTP client for it. */
public final class RunningWeb implements AutoCloseable {

    public final Database db;
    public final WebService web;
    public final PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public RunningWeb(WebSettings settings, SentimentScoring scoring) {
        this.db = TestDatabases.freshSchema();
        this.web = WebService.start(settings.withHost("127.0.0.1"), db.jdbi(), scoring, meters);
    }

    public static RunningWeb start() {
        return new RunningWeb(WebSettings.defaults(0), null);
    }

    public String base() {
        return "http://127.0.0.1:" + web.port();
    }

    public HttpResponse<String> get(String pathAndQuery) {
        return send(HttpRequest.newBuilder(URI.create(base() + pathAndQuery)).GET());
    }

    public HttpResponse<String> post(String pathAndQuery, String contentType, String body) {
        return send(HttpRequest.newBuilder(URI.create(base() + pathAndQuery)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    public HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return client.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        web.close();
        db.close();
    }
}
