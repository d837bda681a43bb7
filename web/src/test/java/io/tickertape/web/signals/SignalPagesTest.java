package io.tickertape.web.signals;

import com.fasterxml.jackson.databind.JsonNode;
import io.tickertape.signals.fusion.Direction;
import io.tickertape.signals.fusion.Signal;
import io.tickertape.web.WebSettings;
import io.tickertape.web.http.Json;
import io.tickertape.web.testing.RunningWeb;
import io.tickertape.web.testing.SignalRows;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The list and detail pages and their JSON twins, against real rows in PostgreSQL. */
class SignalPagesTest {

    private static RunningWeb web;
    private static List<Signal> signals;
    private static Instant now;

    @BeforeAll
    static void start() throws Exception {
        web = new RunningWeb(WebSettings.defaults(0).withRate(6000, 1000), null);
        now = SignalRows.dbNow(web.db.jdbi());
        signals = SignalRows.signals(120, now);
        for (Signal s : signals) {
            SignalRows.insert(web.db.jdbi(), s, now);
        }
        Signal old = SignalRows.signal("old-article", "NVDA", Direction.BUY, now.minus(Duration.ofDays(30)), "An old NVDA story");
        SignalRows.insert(web.db.jdbi(), old, now);
    }

    @AfterAll
    static void stop() {
        web.close();
    }

    @Test
    void theListIsNewestFirstAndPaginated() {
        HttpResponse<String> first = web.get("/signals");
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(rows(first.body())).isEqualTo(50);
        assertThat(first.body()).contains("headline number 0 beats estimates").contains("rel=\"next\"")
                .doesNotContain("rel=\"prev\"");
        HttpResponse<String> third = web.get("/signals?page=3");
        assertThat(rows(third.body())).isEqualTo(21); // 121 signals: 50 + 50 + 21
        assertThat(third.body()).contains("rel=\"prev\"").doesNotContain("rel=\"next\"").contains("An old NVDA story");
    }

    @Test
    void filtersNarrowTheList() {
        HttpResponse<String> nvda = web.get("/signals?ticker=nvda&direction=buy&limit=200");
        int expected = (int) signals.stream().filter(s -> s.ticker().equals("NVDA") && s.direction() == Direction.BUY).count() + 1;
        assertThat(rows(nvda.body())).isEqualTo(expected);
        assertThat(nvda.body()).doesNotContain(">AAPL<").doesNotContain("<td class=\"sell\">");
        String since = now.atOffset(ZoneOffset.UTC).minusDays(2).toLocalDate().toString();
        HttpResponse<String> recent = web.get("/signals?ticker=NVDA&direction=BUY&since=" + since + "&limit=200");
        assertThat(rows(recent.body())).isEqualTo(expected - 1);
        assertThat(web.get("/signals?ticker=ZZZZ").body()).contains("No signals match.");
        // The filters survive into the page links.
        assertThat(web.get("/signals?direction=SELL&limit=10").body()).contains("href=\"/signals?direction=SELL&amp;limit=10&amp;page=2\"");
    }

    @Test
    void aSignalPageHasTheChartExplanationAndArticleLink() {
        Signal s = signals.get(4);
        HttpResponse<String> page = web.get("/signals/" + s.signalId());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<svg class=\"chart\"").contains("Entry $").contains("Stop $").contains("Target $")
                .contains("<li>RSI(14) at 41</li>").contains("href=\"" + s.link() + "\"").contains(s.headline())
                .doesNotContain("<script").doesNotContain("style=\"");
        assertThat(page.body()).doesNotContain("Outcome so far");
    }

    @Test
    void anOutcomeIsShownOnceTheOutcomesTableHasOne() {
        Signal s = signals.get(7);
        web.db.jdbi().useHandle(h -> {
            // V3 creates signal_outcomes; on a schema migrated before it, make the columns this test needs.
            h.execute("""
                    CREATE TABLE IF NOT EXISTS signal_outcomes (signal_id text PRIMARY KEY, status text NOT NULL,
                        return_5d double precision, benchmark text NOT NULL, note text, computed_at timestamptz NOT NULL)""");
            h.createUpdate("INSERT INTO signal_outcomes (signal_id, status, return_5d, benchmark, note, computed_at) "
                            + "VALUES (:id, 'PENDING', 0.0234, 'SPY', '<b>3 of 20 sessions</b>', now())")
                    .bind("id", s.signalId()).execute();
        });
        String body = web.get("/signals/" + s.signalId()).body();
        assertThat(body).contains("Outcome so far").contains("PENDING").contains("+2.34%")
                .contains("&lt;b&gt;3 of 20 sessions&lt;/b&gt;");
    }

    @Test
    void theApiListsAndShowsSignalsAsJson() throws Exception {
        HttpResponse<String> list = web.get("/api/signals?limit=5&direction=SELL");
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode json = Json.MAPPER.readTree(list.body());
        assertThat(json.get("signals")).hasSize(5);
        assertThat(json.get("signals").get(0).get("direction").asText()).isEqualTo("SELL");
        assertThat(json.get("next").asText()).isEqualTo("/api/signals?direction=SELL&limit=5&page=2");
        String id = json.get("signals").get(0).get("signalId").asText();
        JsonNode one = Json.MAPPER.readTree(web.get("/api/signals/" + id).body());
        assertThat(one.get("signalId").asText()).isEqualTo(id);
        assertThat(one.get("explanation")).hasSize(3);
        assertThat(one.get("entry").isNumber()).isTrue();
        assertThat(Instant.parse(one.get("signalAt").asText())).isBefore(now.plusSeconds(1));
    }

    @Test
    void theOpenApiDocumentDescribesTheApi() throws Exception {
        JsonNode doc = Json.MAPPER.readTree(web.get("/api/openapi.json").body());
        assertThat(doc.get("openapi").asText()).startsWith("3.");
        assertThat(doc.get("paths").has("/api/score")).isTrue();
        assertThat(doc.get("paths").has("/api/signals/{id}")).isTrue();
    }

    @Test
    void operationsEndpointsAnswer() {
        assertThat(web.get("/health").body()).isEqualTo("UP\n");
        assertThat(web.get("/ready").body()).isEqualTo("READY\n");
        web.get("/signals");
        assertThat(web.get("/metrics").body()).contains("tickertape_web_requests_seconds_count{method=\"GET\",route=\"signals\",status=\"200\"}");
    }

    private static int rows(String html) {
        Matcher m = Pattern.compile("<tr class=\"signal\">").matcher(html);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
