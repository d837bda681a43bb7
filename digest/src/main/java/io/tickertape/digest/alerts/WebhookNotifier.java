package io.tickertape.digest.alerts;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tickertape.digest.rendering.SafeLinks;
import io.tickertape.digest.rendering.SafeText;
import io.tickertape.signals.fusion.Signal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Posts an alerted signal as JSON to a generic webhook (Slack-style relays, a chat bot, an incident tool). The
 * body is built with Jackson, so article text is escaped as JSON; the {@code Idempotency-Key} header carries the
 * signal id, so a receiver can drop the repeats a replay may cause. Every call has a connect and a request timeout.
 */
public final class WebhookNotifier implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookNotifier.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI url;
    private final Duration timeout;
    private final HttpClient client;

    public WebhookNotifier(URI url, Duration timeout) {
        this.url = url;
        this.timeout = timeout;
        this.client = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** True when the webhook answered 2xx. */
    public boolean post(Signal s) {
        ObjectNode body = JSON.createObjectNode();
        body.put("type", "tickertape.signal.alert");
        body.put("signalId", s.signalId());
        body.put("ticker", SafeText.line(s.ticker(), 16));
        body.put("company", SafeText.line(s.company(), 80));
        body.put("direction", s.direction().name());
        body.put("score", s.score());
        body.put("sentimentScore", s.sentimentScore());
        body.put("technicalScore", s.technicalScore());
        body.put("confidence", s.confidence());
        body.put("headline", SafeText.line(s.headline(), 300));
        SafeLinks.http(s.link()).ifPresent(l -> body.put("link", l));
        body.put("source", SafeText.line(s.source(), 80));
        body.put("publishedAt", s.publishedAt().toString());
        body.put("price", s.price());
        body.put("priceAt", s.priceAt().toString());
        body.put("entry", s.entry());
        body.put("stop", s.stop());
        body.put("target", s.target());
        try {
            HttpRequest request = HttpRequest.newBuilder(url)
                    .timeout(timeout)
                    .header("Content-Type", "application/json")
                    .header("Idempotency-Key", s.signalId().replaceAll("[^A-Za-z0-9._-]", ""))
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                    .build();
            HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() / 100 == 2) {
                return true;
            }
            LOG.warn("webhook answered HTTP {} for signal {}", response.statusCode(), s.signalId());
            return false;
        } catch (IOException e) {
            LOG.warn("webhook call failed for signal {}: {}", s.signalId(), e.toString());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
