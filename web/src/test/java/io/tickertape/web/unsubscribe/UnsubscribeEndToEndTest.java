package io.tickertape.web.unsubscribe;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tickertape.digest.DigestBuilder;
import io.tickertape.digest.DigestRun;
import io.tickertape.digest.DigestService;
import io.tickertape.digest.DigestSettings;
import io.tickertape.digest.charts.PriceHistory;
import io.tickertape.digest.charts.SignalCharts;
import io.tickertape.digest.delivery.HeaderValues;
import io.tickertape.digest.delivery.SmtpMailer;
import io.tickertape.digest.delivery.SmtpSettings;
import io.tickertape.digest.recipients.Recipient;
import io.tickertape.digest.recipients.RecipientStore;
import io.tickertape.digest.rendering.DigestRenderer;
import io.tickertape.digest.rendering.RenderSettings;
import io.tickertape.web.WebSettings;
import io.tickertape.web.testing.RunningWeb;
import io.tickertape.web.testing.SignalRows;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole unsubscribe loop with real parts: the digest is sent over SMTP to GreenMail, the received message's
 * List-Unsubscribe URL is POSTed (RFC 8058 body) to the running web service, and the next day's digest is not sent
 * to that recipient. The digest needs an https base, so the public host is mapped to the local server here.
 */
class UnsubscribeEndToEndTest {

    static final String PUBLIC_BASE = "https://example.test/unsubscribe";

    @RegisterExtension
    static GreenMailExtension mail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    private RunningWeb web;

    @BeforeEach
    void start() {
        web = new RunningWeb(WebSettings.defaults(0), null);
    }

    @AfterEach
    void stop() {
        web.close();
    }

    @Test
    void oneClickFromTheReceivedDigestUnsubscribesAndTheNextDigestSkipsTheRecipient() throws Exception {
        RecipientStore recipients = new RecipientStore(web.db.jdbi());
        Recipient ann = recipients.add("ann@example.com", "Ann");
        recipients.add("bob@example.com", "Bob");
        LocalDate today = LocalDate.now(RenderSettings.PHOENIX);
        LocalDate yesterday = today.minusDays(1);
        Instant now = SignalRows.dbNow(web.db.jdbi());
        SignalRows.signals(3, now.minus(Duration.ofHours(1))).forEach(s -> SignalRows.insert(web.db.jdbi(), s, now.minus(Duration.ofHours(1))));

        DigestSettings settings = DigestSettings.defaults("tickertape <digest@tickertape.example>", PUBLIC_BASE);
        SmtpSettings smtp = SmtpSettings.of("127.0.0.1", mail.getSmtp().getPort(), SmtpSettings.Security.NONE, null, null,
                HeaderValues.mailbox("tickertape <digest@tickertape.example>"));
        try (SmtpMailer mailer = new SmtpMailer(smtp); SignalCharts charts = SignalCharts.withDefaults(PriceHistory.none())) {
            DigestService digest = new DigestService(web.db.jdbi(), mailer,
                    new DigestBuilder(settings.render(), charts, new DigestRenderer()), settings, Clock.systemUTC(),
                    new SimpleMeterRegistry());

            DigestRun first = digest.run(yesterday);
            assertThat(first.sent()).isEqualTo(2);
            MimeMessage toAnn = receivedBy("ann@example.com").getFirst();
            String header = toAnn.getHeader("List-Unsubscribe")[0];
            assertThat(toAnn.getHeader("List-Unsubscribe-Post")[0]).isEqualTo("List-Unsubscribe=One-Click");
            URI link = URI.create(header.substring(header.indexOf('<') + 1, header.indexOf('>')));
            assertThat(link.toString()).startsWith(PUBLIC_BASE + "?token=").endsWith(ann.unsubscribeToken());

            // A link scanner's GET shows the button and changes nothing.
            String local = link.getRawPath() + "?" + link.getRawQuery();
            HttpResponse<String> page = web.get(local);
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("<form method=\"post\" action=\"/unsubscribe?token=" + ann.unsubscribeToken() + "\"");
            assertThat(active("ann@example.com")).isTrue();

            // What a mailbox provider sends for one-click (RFC 8058 section 3.2), twice: idempotent.
            for (int i = 0; i < 2; i++) {
                HttpResponse<String> done = web.post(local, "application/x-www-form-urlencoded", "List-Unsubscribe=One-Click");
                assertThat(done.statusCode()).isEqualTo(200);
                assertThat(done.body()).contains("You are unsubscribed");
            }
            assertThat(active("ann@example.com")).isFalse();
            Instant first_ = unsubscribedAt("ann@example.com");
            assertThat(first_).isNotNull();

            DigestRun next = digest.run(today);
            assertThat(next.outcome()).isEqualTo(DigestRun.Outcome.COMPLETED);
            assertThat(next.sent()).isEqualTo(1);
            assertThat(receivedBy("ann@example.com")).hasSize(1);
            assertThat(receivedBy("bob@example.com")).hasSize(2);
            assertThat(unsubscribedAt("ann@example.com")).isEqualTo(first_);
        }
    }

    private List<MimeMessage> receivedBy(String address) {
        return Arrays.stream(mail.getReceivedMessages()).filter(m -> {
            try {
                return ((InternetAddress) m.getRecipients(MimeMessage.RecipientType.TO)[0]).getAddress().equals(address);
            } catch (jakarta.mail.MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    private boolean active(String email) {
        return web.db.jdbi().withHandle(h -> h.createQuery("SELECT active FROM digest_recipients WHERE email = :e")
                .bind("e", email).mapTo(Boolean.class).one());
    }

    private Instant unsubscribedAt(String email) {
        return web.db.jdbi().withHandle(h -> h.createQuery("SELECT unsubscribed_at FROM digest_recipients WHERE email = :e")
                .bind("e", email).mapTo(Instant.class).findOne().orElse(null));
    }
}
