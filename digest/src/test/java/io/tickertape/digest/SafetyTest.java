package io.tickertape.digest;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.tickertape.digest.delivery.HeaderValues;
import io.tickertape.digest.delivery.SmtpMailer;
import io.tickertape.digest.recipients.RecipientStore;
import io.tickertape.digest.rendering.RenderSettings;
import io.tickertape.digest.rendering.SafeLinks;
import io.tickertape.digest.rendering.SafeText;
import io.tickertape.digest.testing.DigestHarness;
import io.tickertape.digest.testing.MailFixtures;
import io.tickertape.digest.testing.SignalFixtures;
import io.tickertape.digest.testing.SignalRows;
import io.tickertape.migrations.Database;
import io.tickertape.migrations.testing.TestDatabases;
import io.tickertape.signals.fusion.Direction;
import io.tickertape.signals.fusion.Signal;
import jakarta.mail.Header;
import jakarta.mail.internet.MimeMessage;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static io.tickertape.digest.testing.MailFixtures.textPart;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Hostile article text and links, end to end through SMTP: nothing executable, no unsafe link, no injected header. */
class SafetyTest {

    @RegisterExtension
    static GreenMailExtension mail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    private static final String[] HOSTILE_HEADLINES = {
            "<script>alert('x')</script>ACME soars",
            "\"><img src=x onerror=alert(1)> ACME falls",
            "ACME <a href=\"javascript:alert(1)\">click</a> &lt;b&gt;bold&lt;/b&gt;",
            "ACME beats\r\nBcc: victim@example.com\r\nX-Injected: yes",
            "ACME\u202Egnp.exe\u202C update <style>body{display:none}</style><iframe src=https://evil.example></iframe>",
            "ACME <svg onload=alert(1)><!-- comment --> <b onmouseover='x'>news</b>",
    };

    @Test
    void hostileHeadlinesAndLinksAreNeutralisedInEveryPartAndHeader() throws Exception {
        try (Database db = TestDatabases.freshSchema();
             SmtpMailer mailer = new SmtpMailer(MailFixtures.plainSmtp(mail.getSmtp().getPort()))) {
            Instant now = SignalRows.dbNow(db.jdbi());
            String[] links = {"javascript:alert(1)", "data:text/html;base64,PHNjcmlwdD4=", "https://ok.example/a?b=1&c=2",
                    "http://user:pw@bank.example.evil/", "https://evil.example/\r\nX-Evil: 1", "//no-scheme.example/x"};
            List<Signal> signals = new ArrayList<>();
            for (int i = 0; i < HOSTILE_HEADLINES.length; i++) {
                Signal s = SignalFixtures.signal("AC" + (char) ('A' + i), Direction.BUY, 0.9 - i * 0.05, 0.8,
                        HOSTILE_HEADLINES[i], links[i], now.minus(Duration.ofHours(1)));
                signals.add(s);
                SignalRows.insert(db.jdbi(), s, now.minus(Duration.ofMinutes(40)));
            }
            // Company and source names come from data too: make the top one try to break the Subject header.
            db.jdbi().useHandle(h -> h.execute("UPDATE signal_history SET ticker = ?, company = ?, source = ? WHERE signal_id = ?",
                    "ACA\r\nBcc: evil@example.com", "Evil\nCorp", "<b>Src</b>\r\nX: y", signals.getFirst().signalId()));
            new RecipientStore(db.jdbi()).add("reader@example.com", "Reader");
            try (DigestHarness h = new DigestHarness(db.jdbi(), mailer, DigestHarness.settings(), SignalFixtures.priceHistory())) {
                assertThat(h.service.run(LocalDate.now(RenderSettings.PHOENIX)).sent()).isEqualTo(1);
            }
        }
        MimeMessage[] received = mail.getReceivedMessages();
        assertThat(received).hasSize(1); // no Bcc smuggled in
        MimeMessage m = received[0];

        // Headers: exactly the expected set, none injected, every value on one line.
        List<String> names = new ArrayList<>();
        for (Header header : Collections.list(m.getAllHeaders())) {
            names.add(header.getName());
            assertThat(header.getValue().replace("\r\n\t", " ").replace("\r\n ", " ")).doesNotContain("\r", "\n");
        }
        assertThat(names).doesNotContain("Bcc", "X-Injected", "X-Evil", "X");
        assertThat(m.getSubject()).doesNotContain("\r", "\n").contains("ACA Bcc: evil@e"); // flattened, and cut to the 16 characters a ticker may have

        // HTML: parse it as a browser would and look for anything active.
        String html = textPart(m, "text/html");
        Document doc = Jsoup.parse(html);
        assertThat(doc.select("script, iframe, svg, object, embed, form, style")).isEmpty();
        for (Element e : doc.getAllElements()) {
            for (Attribute a : e.attributes()) {
                assertThat(a.getKey()).as("attribute on <%s>", e.tagName()).doesNotStartWith("on");
            }
        }
        for (Element a : doc.select("a[href]")) {
            assertThat(a.attr("href")).matches("https?://[^\\s\"<>]+");
        }
        assertThat(doc.select("a[href]").eachAttr("href"))
                .contains("https://ok.example/a?b=1&c=2", "https://tickertape.example/unsubscribe?token=" + tokenOf(m))
                .noneMatch(h -> h.contains("bank.example") || h.startsWith("javascript") || h.startsWith("data"));
        for (Element img : doc.select("img")) {
            assertThat(img.attr("src")).startsWith("cid:");
        }
        // The article text survives as text, with the markup shown harmlessly or dropped.
        assertThat(doc.text()).contains("ACME soars", "ACME falls", "ACME click <b>bold</b>", "ACME beats Bcc: victim@example.com")
                .doesNotContain("\u202E");

        // Text part: one line per field, so a headline cannot forge lines.
        String text = textPart(m, "text/plain");
        assertThat(text).doesNotContain("\r\nBcc:", "\nBcc:", "\nX-Injected", "<script", "\u202E", "javascript:");
        assertThat(text.lines().filter(l -> l.startsWith("X-Injected"))).isEmpty();
    }

    private static String tokenOf(MimeMessage m) throws Exception {
        String header = m.getHeader("List-Unsubscribe")[0];
        return header.substring(header.indexOf("token=") + 6, header.length() - 1);
    }

    @Test
    void sanitisersRejectWhatTheyMust() {
        assertThat(SafeLinks.http("JAVASCRIPT:alert(1)")).isEmpty();
        assertThat(SafeLinks.http(" https://x.example/\u0000")).isEmpty();
        assertThat(SafeLinks.http("https://x.example/a b")).isEmpty();
        assertThat(SafeLinks.http("ftp://x.example/")).isEmpty();
        assertThat(SafeLinks.http("https://x.example/ok")).contains("https://x.example/ok");
        assertThat(SafeLinks.isHttps("http://x.example/")).isFalse();

        assertThat(SafeText.line("a\r\nb\u2028c\u0085d\te", 100)).isEqualTo("a b c d e");
        assertThat(SafeText.line("<p>Q3 &amp; Q4</p><script>steal()</script>", 100)).isEqualTo("Q3 & Q4");
        assertThat(SafeText.line("x".repeat(500), 50)).hasSize(50).endsWith("…");

        assertThatThrownBy(() -> HeaderValues.mailbox("a@example.com\r\nBcc: b@example.com", null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HeaderValues.mailbox("a@example.com, b@example.com", null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(HeaderValues.mailbox("a@example.com", "Ann\r\nBcc: x@y").getPersonal()).isEqualTo("Ann Bcc: x@y");
        assertThatThrownBy(() -> HeaderValues.token("<id@x>\r\nBcc: y")).isInstanceOf(IllegalArgumentException.class);
    }
}
