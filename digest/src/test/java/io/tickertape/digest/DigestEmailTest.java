package io.tickertape.digest;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.tickertape.digest.delivery.SmtpMailer;
import io.tickertape.digest.recipients.Recipient;
import io.tickertape.digest.recipients.RecipientStore;
import io.tickertape.digest.rendering.RenderSettings;
import io.tickertape.digest.testing.DigestHarness;
import io.tickertape.digest.testing.MailFixtures;
import io.tickertape.digest.testing.SignalFixtures;
import io.tickertape.digest.testing.SignalRows;
import io.tickertape.migrations.Database;
import io.tickertape.migrations.testing.TestDatabases;
import io.tickertape.signals.fusion.Signal;
import jakarta.mail.BodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.tickertape.digest.testing.MailFixtures.parts;
import static io.tickertape.digest.testing.MailFixtures.textPart;
import static org.assertj.core.api.Assertions.assertThat;

/** The digest as a recipient receives it: MIME structure, inline charts by CID, headers, content. */
class DigestEmailTest {

    @RegisterExtension
    static GreenMailExtension mail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    private Database db;
    private SmtpMailer mailer;
    private final LocalDate today = LocalDate.now(RenderSettings.PHOENIX);

    @BeforeEach
    void setUp() {
        db = TestDatabases.freshSchema();
        mailer = new SmtpMailer(MailFixtures.plainSmtp(mail.getSmtp().getPort()));
    }

    @AfterEach
    void tearDown() {
        mailer.close();
        db.close();
    }

    @Test
    void eachRecipientGetsOneWellFormedDigestWithInlineChartsAndOneClickUnsubscribe() throws Exception {
        Instant now = SignalRows.dbNow(db.jdbi());
        List<Signal> signals = SignalFixtures.signals(5, now, 42);
        signals.forEach(s -> SignalRows.insert(db.jdbi(), s, now.minus(Duration.ofHours(1))));
        RecipientStore store = new RecipientStore(db.jdbi());
        Recipient ann = store.add("ann@example.com", "Ann Reader");
        Recipient bob = store.add("Bob@Example.com", null);

        DigestRun run;
        try (DigestHarness h = new DigestHarness(db.jdbi(), mailer, DigestHarness.settings(), SignalFixtures.priceHistory())) {
            run = h.service.run(today);
        }

        assertThat(run.outcome()).isEqualTo(DigestRun.Outcome.COMPLETED);
        assertThat(run.sent()).isEqualTo(2);
        assertThat(run.shown()).isEqualTo(5);
        MimeMessage[] received = mail.getReceivedMessages();
        assertThat(MailFixtures.countByRecipient(received)).containsOnlyKeys("ann@example.com", "Bob@Example.com")
                .allSatisfy((k, v) -> assertThat(v).isEqualTo(1));

        List<Signal> strongestFirst = signals.stream()
                .sorted(Comparator.comparingDouble((Signal s) -> -Math.abs(s.score()))).toList();
        for (MimeMessage m : received) {
            Recipient r = MailFixtures.to(m).equals("ann@example.com") ? ann : bob;

            // multipart/related [ multipart/alternative [ text/plain, text/html ], image/png ... ]
            assertThat(m.getContentType()).startsWith("multipart/related").contains("multipart/alternative");
            List<BodyPart> related = parts(m.getContent());
            assertThat(related.getFirst().getContentType()).startsWith("multipart/alternative");
            List<BodyPart> alternative = parts(related.getFirst().getContent());
            assertThat(alternative).hasSize(2);
            assertThat(alternative.get(0).getContentType()).startsWith("text/plain").containsIgnoringCase("charset=UTF-8");
            assertThat(alternative.get(1).getContentType()).startsWith("text/html").containsIgnoringCase("charset=UTF-8");
            List<BodyPart> images = related.subList(1, related.size());
            assertThat(images).hasSize(5);

            // Every image is referenced by the HTML, and every cid: in the HTML has its image.
            String html = (String) alternative.get(1).getContent();
            Set<String> referenced = new HashSet<>();
            Matcher cid = Pattern.compile("src=\"cid:([^\"]+)\"").matcher(html);
            while (cid.find()) {
                referenced.add(cid.group(1));
            }
            Set<String> attached = new HashSet<>();
            for (BodyPart image : images) {
                assertThat(image.getContentType()).startsWith("image/png");
                assertThat(image.getDisposition()).isEqualToIgnoringCase("inline");
                String id = image.getHeader("Content-ID")[0];
                assertThat(id).startsWith("<").endsWith(">");
                attached.add(id.substring(1, id.length() - 1));
                byte[] png = image.getInputStream().readAllBytes();
                assertThat(png).startsWith(0x89, 'P', 'N', 'G');
            }
            assertThat(referenced).isEqualTo(attached);

            // Headers: deterministic Message-ID, RFC 8058 one-click unsubscribe with this recipient's token.
            assertThat(m.getHeader("Message-ID")[0])
                    .matches("<digest\\." + today.toString().replace("-", "") + "\\.r" + r.id() + "\\.[0-9a-f]{12}@tickertape\\.example>");
            assertThat(m.getHeader("List-Unsubscribe")[0])
                    .isEqualTo("<" + MailFixtures.UNSUBSCRIBE + "?token=" + r.unsubscribeToken() + ">");
            assertThat(m.getHeader("List-Unsubscribe-Post")[0]).isEqualTo("List-Unsubscribe=One-Click");
            assertThat(m.getSubject()).contains("5 new signals").contains(strongestFirst.getFirst().ticker());
            assertThat(m.getFrom()[0].toString()).contains("digest@tickertape.example");

            // Content: strongest first, each with score parts, confidence, headline link, price time, levels.
            String text = (String) alternative.get(0).getContent();
            int last = -1;
            for (Signal s : strongestFirst) {
                int at = text.indexOf(". " + s.ticker() + " (");
                assertThat(at).as("text lists %s after the stronger ones", s.ticker()).isGreaterThan(last);
                last = at;
                assertThat(html).contains(s.ticker()).contains("href=\"" + s.link() + "\"");
            }
            Signal top = strongestFirst.getFirst();
            assertThat(text).contains(String.format(java.util.Locale.US, "Score %+.2f (sentiment %+.2f, technical %+.2f)",
                    top.score(), top.sentimentScore(), top.technicalScore()));
            assertThat(text).contains("confidence " + Math.round(top.confidence() * 100) + "%");
            assertThat(text).contains(String.format(java.util.Locale.US, "Entry $%,.2f", top.entry()));
            assertThat(html).contains("as of ").contains(" before this email").contains("Unsubscribe");
        }
        String annHtml = textPart(received[0], "text/html");
        assertThat(annHtml.getBytes(java.nio.charset.StandardCharsets.UTF_8).length).isLessThan(100_000);
    }

    @Test
    void aDayWithoutSignalsSendsAShortNoteUnlessSwitchedOff() throws Exception {
        new RecipientStore(db.jdbi()).add("ann@example.com", null);
        try (DigestHarness h = new DigestHarness(db.jdbi(), mailer, DigestHarness.settings(), SignalFixtures.priceHistory())) {
            DigestRun run = h.service.run(today);
            assertThat(run.outcome()).isEqualTo(DigestRun.Outcome.COMPLETED);
            assertThat(run.shown()).isZero();
        }
        MimeMessage[] received = mail.getReceivedMessages();
        assertThat(received).hasSize(1);
        assertThat(received[0].getSubject()).contains("no new signals");
        // No images: just the two alternatives, text first.
        assertThat(received[0].getContentType()).startsWith("multipart/alternative");
        assertThat(((MimeMultipart) received[0].getContent()).getBodyPart(0).getContentType()).startsWith("text/plain");
        assertThat(textPart(received[0], "text/plain")).contains("No new signals since the last digest.");

        try (DigestHarness h = new DigestHarness(db.jdbi(), mailer, DigestHarness.settings().withSendEmpty(false),
                SignalFixtures.priceHistory())) {
            DigestRun quiet = h.service.run(today.plusDays(1));
            assertThat(quiet.outcome()).isEqualTo(DigestRun.Outcome.COMPLETED);
            assertThat(quiet.sent()).isZero();
        }
        assertThat(mail.getReceivedMessages()).hasSize(1);
    }

    @Test
    void consecutiveDigestsNeitherRepeatNorMissASignal() throws Exception {
        new RecipientStore(db.jdbi()).add("ann@example.com", null);
        Instant now = SignalRows.dbNow(db.jdbi());
        List<Signal> first = SignalFixtures.signals(3, now, 1);
        first.forEach(s -> SignalRows.insert(db.jdbi(), s, now.minus(Duration.ofMinutes(30))));
        DigestRun day1;
        try (DigestHarness h = new DigestHarness(db.jdbi(), mailer, DigestHarness.settings(), PriceHistoryStub.EMPTY)) {
            day1 = h.service.run(today.minusDays(1));
        }
        // Signals recorded after day 1's window closed belong to day 2, even ones that arrived while day 1 was sending.
        List<Signal> second = SignalFixtures.signals(28, now, 2).subList(25, 28);
        second.forEach(s -> SignalRows.insert(db.jdbi(), s, day1.windowEnd().plusMillis(1)));
        DigestRun day2;
        try (DigestHarness h = new DigestHarness(db.jdbi(), mailer, DigestHarness.settings(), PriceHistoryStub.EMPTY)) {
            day2 = h.service.run(today);
        }
        assertThat(day2.windowStart()).isEqualTo(day1.windowEnd());
        assertThat(day1.total()).isEqualTo(3);
        assertThat(day2.total()).isEqualTo(3);
        String day2Text = textPart(mail.getReceivedMessages()[1], "text/plain");
        second.forEach(s -> assertThat(day2Text).contains(s.headline()));
        first.forEach(s -> assertThat(day2Text).doesNotContain(s.headline()));
    }

    /** A price source with nothing: emails without charts. */
    enum PriceHistoryStub implements io.tickertape.digest.charts.PriceHistory {
        EMPTY;

        @Override
        public List<DailyClose> dailyCloses(String symbol, LocalDate from, LocalDate to) {
            return List.of();
        }
    }
}
