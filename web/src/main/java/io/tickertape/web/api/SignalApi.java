package io.tickertape.web.api;

import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.tickertape.signals.fusion.Signal;
import io.tickertape.web.http.HttpProblem;
import io.tickertape.web.http.Json;
import io.tickertape.web.http.Responses;
import io.tickertape.web.signals.SignalFilter;
import io.tickertape.web.signals.SignalReader;
import io.tickertape.web.signals.SignalSummary;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/signals} (the list page's filters and paging, plus {@code limit}) and {@code GET /api/signals/{id}}.
 * Times are ISO-8601 UTC; prices are numbers in the signal's currency.
 */
public final class SignalApi implements HttpService {

    private final SignalReader reader;

    public SignalApi(SignalReader reader) {
        this.reader = reader;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/signals", this::list).get("/signals/{id}", this::one);
    }

    private void list(ServerRequest req, ServerResponse res) {
        SignalFilter filter = SignalFilter.from(req.query());
        SignalReader.Page page = reader.list(filter);
        List<Map<String, Object>> rows = page.rows().stream().map(SignalApi::summary).toList();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("signals", rows);
        out.put("page", filter.page());
        out.put("limit", filter.pageSize());
        out.put("next", page.more() ? "/api/signals" + filter.queryFor(filter.page() + 1) : null);
        Responses.send(res, 200, Responses.JSON, Json.write(out));
    }

    private void one(ServerRequest req, ServerResponse res) {
        Signal s = reader.find(req.path().pathParameters().get("id")).orElseThrow(HttpProblem::notFound);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("signalId", s.signalId());
        out.put("ticker", s.ticker());
        out.put("company", s.company());
        out.put("direction", s.direction().name());
        out.put("signalAt", iso(s.signalAt()));
        out.put("articleId", s.articleId());
        out.put("headline", s.headline());
        out.put("link", s.link());
        out.put("source", s.source());
        out.put("publishedAt", iso(s.publishedAt()));
        out.put("score", s.score());
        out.put("sentimentScore", s.sentimentScore());
        out.put("technicalScore", s.technicalScore());
        out.put("confidence", s.confidence());
        out.put("relevance", s.relevance());
        out.put("model", s.modelVersion());
        out.put("price", s.price());
        out.put("priceAt", iso(s.priceAt()));
        out.put("currency", s.currency());
        out.put("entry", s.entry());
        out.put("stop", s.stop());
        out.put("target", s.target());
        out.put("explanation", s.explanation());
        Responses.send(res, 200, Responses.JSON, Json.write(out));
    }

    private static Map<String, Object> summary(SignalSummary s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("signalId", s.signalId());
        m.put("ticker", s.ticker());
        m.put("company", s.company());
        m.put("direction", s.direction());
        m.put("signalAt", iso(s.signalAt()));
        m.put("headline", s.headline());
        m.put("source", s.source());
        m.put("score", s.score());
        m.put("confidence", s.confidence());
        m.put("href", "/api/signals/" + java.net.URLEncoder.encode(s.signalId(), java.nio.charset.StandardCharsets.UTF_8));
        return m;
    }

    private static String iso(Instant t) {
        return t == null ? null : t.toString();
    }
}
