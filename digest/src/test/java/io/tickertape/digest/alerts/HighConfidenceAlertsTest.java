package io.tickertape.digest.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tickertape.digest.DigestBuilder;
import io.tickertape.digest.charts.SignalCharts;
import io.tickertape.digest.delivery.HeaderValues;
import io.tickertape.digest.delivery.SmtpMailer;
import io.tickertape.digest.recipients.RecipientStore;
import io.tickertape.digest.rendering.DigestRenderer;
import io.tickertape.digest.rendering.RenderSettings;
import io.tickertape.digest.testing.MailFixtures;
import io.tickertape.digest.testing.SignalFixtures;
import io.tickertape.digest.testing.SignalRows;
import io.tickertape.migrations.Database;
import io.tickertape.migrations.testing.TestDatabases;
import io.tickertape.signals.fusion.Direction;
import io.tickertape.signals.fusion.Signal;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.tickertape.digest.testing.MailFixtures.textPart;
import static org.assertj.core.api.Assertions.assertThat;

class HighConfidenceAlertsTest {

    @RegisterExtension
    static GreenMailExtension mail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    private Database db;
    private SmtpMailer mailer;
    private SignalCharts charts;
    private Instant now;

    @BeforeEach
    void setUp() {
        db = TestDatabases.freshSchema();
        mailer = new SmtpMailer(MailFixtures.plainSmtp(mail.getSmtp().getPort()));
        charts = SignalCharts.withDefaults(SignalFixtures.priceHistory());
        now = SignalRows.dbNow(db.jdbi());
        RecipientStore store = new RecipientStore(db.jdbi());
        store.add("ann@example.com", null);
        store.add("bob@example.com", null);
    }

    @AfterEach
    void tearDown() {
        charts.close();
        mailer.close();
        db.close();
    }

    private HighConfidenceAlerts alerts(AlertSettings settings) {
        return new HighConfidenceAlerts(db.jdbi(), mailer,
                new DigestBuilder(RenderSettings.defaults(), charts, new DigestRenderer()), settings,
                Clock.systemUTC(), new SimpleMeterRegistry());
    }

    private static AlertSettings settings() {
        return AlertSettings.defaults(HeaderValues.mailbox(MailFixtures.FROM), MailFixtures.UNSUBSCRIBE);
    }

    private Signal stored(String ticker, double confidence) {
        Signal s = SignalFixtures.signal(ticker, Direction.BUY, 0.8, confidence, ticker + " raises guidance <b>sharply</b>",
                "https://news.example/" + ticker, now.minusSeconds(60));
        SignalRows.insert(db.jdbi(), s, now);
        return s;
    }

    @Test
    void aHighConfidenceSignalIsEmailedOnceToEachRecipientEvenWhenReplayed() throws Exception {
        Signal s = stored("NVDA", 0.91);
        try (HighConfidenceAlerts alerts = alerts(settings())) {
            AlertResult first = alerts.onSignal(s);
            assertThat(first.status()).isEqualTo(AlertResult.Status.ALERTED);
            assertThat(first.sent()).isEqualTo(2);
            AlertResult replay = alerts.onSignal(s);
            assertThat(replay.status()).isEqualTo(AlertResult.Status.ALREADY_ALERTED);
            assertThat(replay.skipped()).isEqualTo(2);
        }
        MimeMessage[] received = mail.getReceivedMessages();
        assertThat(MailFixtures.countByRecipient(received)).containsOnlyKeys("ann@example.com", "bob@example.com")
                .allSatisfy((to, n) -> assertThat(n).isEqualTo(1));
        MimeMessage m = received[0];
        assertThat(m.getSubject()).startsWith("tickertape alert: NVDA BUY +0.80 (confidence 91%)");
        assertThat(m.getMessageID()).startsWith("<alert.").endsWith("@tickertape.example>");
        assertThat(m.getHeader("List-Unsubscribe-Post")[0]).isEqualTo("List-Unsubscribe=One-Click");
        assertThat(m.getContentType()).startsWith("multipart/related"); // with its chart
        String html = textPart(m, "text/html");
        assertThat(html).contains("High-confidence signal", "NVDA raises guidance sharply", "src=\"cid:chart-1.")
                .doesNotContain("<b>sharply</b>");
    }

    @Test
    void signalsBelowTheThresholdAreNotAlerted() {
        Signal s = stored("AAPL", 0.84);
        // Wired the way the stream application does it: the one-call SMTP factory.
        try (AlertSender alerts = HighConfidenceAlerts.overSmtp(db.jdbi(), MailFixtures.plainSmtp(mail.getSmtp().getPort()),
                SignalFixtures.priceHistory(), settings(), new SimpleMeterRegistry())) {
            assertThat(alerts.onSignal(s).status()).isEqualTo(AlertResult.Status.BELOW_THRESHOLD);
            assertThat(alerts.onSignal(stored("MSFT", 0.85)).status()).isEqualTo(AlertResult.Status.ALERTED);
        }
        assertThat(mail.getReceivedMessages()).hasSize(2).allSatisfy(m -> {
            try {
                assertThat(m.getSubject()).contains("MSFT");
            } catch (jakarta.mail.MessagingException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void theRateLimitSuppressesAnAlertStormAndLeavesNoTraceSoAReplayCanAlertLater() {
        Signal a = stored("AMD", 0.95);
        Signal b = stored("INTC", 0.95);
        try (HighConfidenceAlerts alerts = alerts(settings().withRateLimit(1, Duration.ofHours(1)))) {
            assertThat(alerts.onSignal(a).status()).isEqualTo(AlertResult.Status.ALERTED);
            assertThat(alerts.onSignal(b).status()).isEqualTo(AlertResult.Status.RATE_LIMITED);
        }
        assertThat(mail.getReceivedMessages()).hasSize(2);
        int rows = db.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM alert_deliveries WHERE signal_id = :id")
                .bind("id", b.signalId()).mapTo(Integer.class).one());
        assertThat(rows).isZero();
        try (HighConfidenceAlerts fresh = alerts(settings())) {
            assertThat(fresh.onSignal(b).status()).isEqualTo(AlertResult.Status.ALERTED);
        }
        assertThat(mail.getReceivedMessages()).hasSize(4);
    }

    @Test
    void aSignalNotYetInHistoryIsReportedAndNothingIsSent() {
        Signal unknown = SignalFixtures.signal("TSLA", Direction.SELL, -0.9, 0.97, "TSLA recalls", null, now);
        try (HighConfidenceAlerts alerts = alerts(settings())) {
            assertThat(alerts.onSignal(unknown).status()).isEqualTo(AlertResult.Status.ERROR);
        }
        assertThat(mail.getReceivedMessages()).isEmpty();
    }

    @Test
    void theOptionalWebhookGetsEscapedJsonWithAnIdempotencyKey() throws Exception {
        List<String> bodies = new CopyOnWriteArrayList<>();
        List<String> keys = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hook", exchange -> {
            bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            keys.add(exchange.getRequestHeaders().getFirst("Idempotency-Key"));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
        try {
            Signal s = stored("META", 0.9);
            db.jdbi().useHandle(h -> h.execute("UPDATE signal_history SET headline = ? WHERE signal_id = ?",
                    "META \"quoted\" </script><script>x()</script>\r\nline", s.signalId()));
            Signal hostile = new io.tickertape.digest.selection.SignalHistoryReader(db.jdbi()).find(s.signalId()).orElseThrow();
            URI hook = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
            try (HighConfidenceAlerts alerts = alerts(settings().withWebhook(hook))) {
                AlertResult result = alerts.onSignal(hostile);
                assertThat(result.webhookDelivered()).isTrue();
            }
        } finally {
            server.stop(0);
        }
        assertThat(bodies).hasSize(1);
        JsonNode json = new ObjectMapper().readTree(bodies.getFirst());
        assertThat(json.path("ticker").asText()).isEqualTo("META");
        assertThat(json.path("headline").asText()).isEqualTo("META \"quoted\" line"); // markup and script body dropped, one line
        assertThat(json.path("link").asText()).isEqualTo("https://news.example/META");
        assertThat(keys.getFirst()).matches("[0-9a-f]{32}");
    }
}
