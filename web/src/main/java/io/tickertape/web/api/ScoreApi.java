package io.tickertape.web.api;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.tickertape.finbert.Sentiment;
import io.tickertape.web.http.BoundedBody;
import io.tickertape.web.http.HttpProblem;
import io.tickertape.web.http.Json;
import io.tickertape.web.http.Responses;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@code POST /api/score} with {@code {"text": …, "target": …}} (target optional) answers
 * {@code {"label":…,"scores":{…},"target":…,"model":…}}, the same fields as {@code tickertape score}; and
 * {@code GET /api/model} says which model answers. A body over 16 KiB is 413, anything but a JSON object with a
 * text is 400 with a one-line reason.
 */
public final class ScoreApi implements HttpService {

    public static final int MAX_BODY = 16 * 1024;
    static final int MAX_TARGET = 100;

    private final SentimentScoring scoring;
    private final Timer latency;

    /** @param scoring null when the service runs without a model: scoring answers 503 */
    public ScoreApi(SentimentScoring scoring, MeterRegistry meters) {
        this.scoring = scoring;
        this.latency = Timer.builder("tickertape_web_score").description("Model time per /api/score request")
                .publishPercentiles(0.5, 0.99).register(meters);
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/score", this::score).get("/model", this::model);
    }

    private void score(ServerRequest req, ServerResponse res) {
        String type = req.headers().first(HeaderNames.CONTENT_TYPE).orElse("").toLowerCase(Locale.ROOT);
        byte[] body = BoundedBody.read(req, MAX_BODY);
        if (!type.isEmpty() && !type.startsWith("application/json")) {
            throw HttpProblem.unsupportedMediaType("application/json");
        }
        Request in = parse(body);
        if (scoring == null) {
            throw HttpProblem.unavailable("scoring is disabled on this server");
        }
        SentimentScoring.Scored scored = latency.record(() -> scoring.score(in.text(), in.target()));
        Sentiment s = scored.sentiment();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("label", s.label());
        Map<String, Double> scores = new LinkedHashMap<>();
        scores.put(Sentiment.POSITIVE, s.positive());
        scores.put(Sentiment.NEGATIVE, s.negative());
        scores.put(Sentiment.NEUTRAL, s.neutral());
        out.put("scores", scores);
        out.put("target", scored.targetAware() ? in.target() : null); // an article-level model ignores targets
        out.put("model", s.modelVersion());
        Responses.send(res, 200, Responses.JSON, Json.write(out));
    }

    private void model(ServerRequest req, ServerResponse res) {
        if (scoring == null) {
            throw HttpProblem.unavailable("scoring is disabled on this server");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("model", scoring.version());
        out.put("labels", scoring.labels());
        out.put("targetAware", scoring.targetAware());
        Responses.send(res, 200, Responses.JSON, Json.write(out));
    }

    record Request(String text, String target) {
    }

    static Request parse(byte[] body) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(body);
        } catch (JacksonException e) {
            throw HttpProblem.badRequest("request body is not valid JSON");
        } catch (java.io.IOException e) {
            throw HttpProblem.badRequest("request body could not be read");
        }
        if (root == null || !root.isObject()) {
            throw HttpProblem.badRequest("request body must be a JSON object with a \"text\"");
        }
        JsonNode text = root.get("text");
        if (text == null || !text.isTextual() || text.asText().isBlank()) {
            throw HttpProblem.badRequest("\"text\" must be a non-empty string");
        }
        JsonNode target = root.get("target");
        String t = null;
        if (target != null && !target.isNull()) {
            if (!target.isTextual() || target.asText().isBlank()) {
                throw HttpProblem.badRequest("\"target\" must be a non-empty string or null");
            }
            t = target.asText().strip();
            if (t.length() > MAX_TARGET) {
                throw HttpProblem.badRequest("\"target\" must be at most " + MAX_TARGET + " characters");
            }
        }
        return new Request(text.asText(), t);
    }
}
