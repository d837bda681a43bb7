package io.tickertape.web.http;

import io.tickertape.web.WebSettings;
import io.tickertape.web.testing.RunningWeb;
import io.tickertape.web.testing.SignalRows;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a hostile or careless client can send: oversized bodies, bad JSON, script in query parameters, unknown ids
 * and tokens, wrong methods. Every answer carries the security headers and never a stack trace. No model here:
 * input is refused before scoring, and scoring itself is ScoreApiTest's.
 */
class HostileInputTest {

    private static RunningWeb web;

    @BeforeAll
    static void start() {
        web = new RunningWeb(WebSettings.defaults(0).withRate(6000, 1000), null);
        var now = SignalRows.dbNow(web.db.jdbi());
        SignalRows.signals(3, now).forEach(s -> SignalRows.insert(web.db.jdbi(), s, now));
    }

    @AfterAll
    static void stop() {
        web.close();
    }

    @Test
    void aBodyOver16KiBIs413WithAOneLineJsonError() {
        String big = "{\"text\":\"" + "a".repeat(17 * 1024) + "\"}";
        HttpResponse<String> r = web.post("/api/score", "application/json", big);
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(r.body()).isEqualTo("{\"error\":\"request body over 16384 bytes\"}");
        assertSecure(r);
    }

    @Test
    void aChunkedBodyOver16KiBIs413Too() {
        byte[] big = ("{\"text\":\"" + "a".repeat(20 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8);
        // An InputStream publisher has no known length: the client sends it chunked, without Content-Length.
        HttpResponse<String> r = web.send(HttpRequest.newBuilder(URI.create(web.base() + "/api/score"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(big))));
        assertThat(r.statusCode()).isEqualTo(413);
        assertSecure(r);
    }

    @Test
    void badJsonIs400WithOneLine() {
        for (String body : List.of("{\"text\":", "not json", "[1,2]", "{\"text\":42}", "{\"text\":\"ok\",\"target\":7}",
                "{\"text\":\"a\"} trailing", "")) {
            HttpResponse<String> r = web.post("/api/score", "application/json", body);
            assertThat(r.statusCode()).as(body).isEqualTo(400);
            assertThat(r.body()).as(body).startsWith("{\"error\":\"").doesNotContain("\n").doesNotContain("Exception");
            assertSecure(r);
        }
    }

    @Test
    void scriptInTheTickerFilterIsShownEscaped() {
        String hostile = "<script>alert(1)</script>";
        HttpResponse<String> r = web.get("/signals?ticker=" + URLEncoder.encode(hostile, StandardCharsets.UTF_8));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).doesNotContainIgnoringCase("<script")
                .contains("&lt;SCRIPT&gt;ALERT(1)&lt;/SCRIPT&gt;");
        String attribute = "\"><img src=x onerror=alert(1)>";
        HttpResponse<String> a = web.get("/signals?ticker=" + URLEncoder.encode(attribute, StandardCharsets.UTF_8));
        assertThat(a.body()).doesNotContainIgnoringCase("<img")
                .contains("value=\"&#34;>&lt;IMG SRC=X ONERROR=ALERT(1)>\"");
        assertSecure(a);
    }

    @Test
    void badFiltersAre400NotErrors() {
        for (String q : List.of("direction=UP", "since=yesterday", "page=0", "page=abc", "limit=100000",
                "ticker=" + "X".repeat(40))) {
            HttpResponse<String> page = web.get("/signals?" + q);
            assertThat(page.statusCode()).as(q).isEqualTo(400);
            assertSecure(page);
            HttpResponse<String> api = web.get("/api/signals?" + q);
            assertThat(api.statusCode()).as(q).isEqualTo(400);
            assertThat(api.body()).startsWith("{\"error\":");
        }
    }

    @Test
    void unknownIdsAndPathsAre404() {
        for (String path : List.of("/signals/0000000000000000000000000000dead", "/signals/..%2f..%2fetc%2fpasswd",
                "/api/signals/nope", "/no/such/page", "/api/nothing")) {
            HttpResponse<String> r = web.get(path);
            assertThat(r.statusCode()).as(path).isEqualTo(404);
            assertSecure(r);
        }
        assertThat(web.get("/api/nothing").body()).isEqualTo("{\"error\":\"not found\"}");
    }

    @Test
    void unknownAndMalformedTokensGetTheSame404() {
        String unknown = "A".repeat(43);
        List<HttpResponse<String>> answers = List.of(
                web.get("/unsubscribe?token=" + unknown),
                web.get("/unsubscribe?token=short"),
                web.get("/unsubscribe?token=%3Cscript%3E"),
                web.get("/unsubscribe"),
                web.post("/unsubscribe?token=" + unknown, "application/x-www-form-urlencoded", "List-Unsubscribe=One-Click"),
                web.post("/unsubscribe?token=bad'token", "application/x-www-form-urlencoded", "List-Unsubscribe=One-Click"));
        for (HttpResponse<String> r : answers) {
            assertThat(r.statusCode()).isEqualTo(404);
            assertThat(r.body()).isEqualTo(answers.getFirst().body()).doesNotContain("script");
            assertSecure(r);
        }
    }

    @Test
    void wrongMethodsAreRefusedPlainly() {
        for (String[] call : List.of(new String[]{"DELETE", "/api/score"}, new String[]{"PUT", "/signals"},
                new String[]{"GET", "/api/score"}, new String[]{"DELETE", "/unsubscribe?token=x"},
                new String[]{"POST", "/health"})) {
            HttpResponse<String> r = web.send(HttpRequest.newBuilder(URI.create(web.base() + call[1]))
                    .method(call[0], HttpRequest.BodyPublishers.noBody()));
            assertThat(r.statusCode()).as(call[0] + " " + call[1]).isIn(404, 405);
            assertThat(r.body()).doesNotContain("Exception").doesNotContain("\tat ");
            assertSecure(r);
        }
    }

    @Test
    void aWrongContentTypeIs415() {
        HttpResponse<String> r = web.post("/api/score", "text/plain", "{\"text\":\"hello\"}");
        assertThat(r.statusCode()).isEqualTo(415);
        assertSecure(r);
    }

    @Test
    void everyKindOfResponseCarriesTheSecurityHeaders() {
        for (String path : List.of("/signals", "/health", "/ready", "/metrics", "/api/signals", "/api/openapi.json",
                "/static/site.css", "/")) {
            HttpResponse<String> r = web.get(path);
            assertThat(r.statusCode()).as(path).isIn(200, 303);
            assertSecure(r);
        }
    }

    @Test
    void anInternalFailureShowsNoStackTrace() {
        // A second server whose database is gone: every query throws inside a handler.
        RunningWeb broken = RunningWeb.start();
        broken.db.close();
        try {
            HttpResponse<String> page = broken.get("/signals");
            assertThat(page.statusCode()).isEqualTo(500);
            assertThat(page.body()).contains("internal error (incident ").doesNotContain("Exception")
                    .doesNotContain("\tat ").doesNotContain("io.tickertape").doesNotContain("SQL");
            assertSecure(page);
            HttpResponse<String> api = broken.get("/api/signals");
            assertThat(api.statusCode()).isEqualTo(500);
            assertThat(api.body()).matches("\\{\"error\":\"internal error \\(incident \\d+\\)\"}");
            assertThat(broken.get("/ready").statusCode()).isEqualTo(503);
            assertThat(broken.get("/health").statusCode()).isEqualTo(200);
        } finally {
            broken.web.close();
        }
    }

    static void assertSecure(HttpResponse<String> r) {
        assertThat(r.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp -> assertThat(csp)
                .contains("frame-ancestors 'none'").contains("default-src 'none'").doesNotContain("unsafe-inline")
                .doesNotContain("script-src"));
        assertThat(r.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    }
}
