package io.tickertape.digest.scheduling;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.tickertape.digest.DigestRun;
import io.tickertape.digest.delivery.SmtpMailer;
import io.tickertape.digest.recipients.RecipientStore;
import io.tickertape.digest.rendering.RenderSettings;
import io.tickertape.digest.testing.DigestHarness;
import io.tickertape.digest.testing.MailFixtures;
import io.tickertape.digest.testing.SignalFixtures;
import io.tickertape.digest.testing.SignalRows;
import io.tickertape.migrations.Database;
import io.tickertape.migrations.testing.CuttableTcpProxy;
import io.tickertape.migrations.testing.TestDatabases;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * PostgreSQL is unreachable (a TCP proxy refuses every connection) when the 06:30 digest is due: the scheduler
 * retries, and once the database answers every recipient gets the digest exactly once, saying it is late.
 */
class DigestDatabaseOutageTest {

    private static final int RECIPIENTS = 3;

    @Test
    void aDigestDueWhileTheDatabaseIsDownIsSentOnceLaterAndSaysItIsLate() throws Exception {
        // Yesterday's digest, so "late" holds whatever time of day the test runs.
        LocalDate date = LocalDate.now(RenderSettings.PHOENIX).minusDays(1);
        Instant due = DailySchedule.DIGEST.on(date);
        int smtpPort = MailFixtures.freePort();
        GreenMail greenMail = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        greenMail.start();
        try (Database direct = TestDatabases.freshSchema();
             CuttableTcpProxy proxy = CuttableTcpProxy.forJdbcUrl(direct.jdbcUrl());
             Database throughProxy = TestDatabases.throughProxy(direct, proxy);
             SmtpMailer mailer = new SmtpMailer(MailFixtures.plainSmtp(smtpPort));
             DigestHarness harness = new DigestHarness(throughProxy.jdbi(), mailer, DigestHarness.settings(),
                     SignalFixtures.priceHistory())) {
            RecipientStore store = new RecipientStore(direct.jdbi());
            IntStream.rangeClosed(1, RECIPIENTS).forEach(i -> store.add("reader" + i + "@example.com", "Reader " + i));
            Instant now = SignalRows.dbNow(direct.jdbi());
            SignalFixtures.signals(3, now, 5).forEach(s -> SignalRows.insert(direct.jdbi(), s, now.minus(Duration.ofHours(2))));

            proxy.cut();
            List<String> attempts = new CopyOnWriteArrayList<>();
            Clock justAfterSix30 = Clock.fixed(due.plusSeconds(60), ZoneOffset.UTC);
            try (DigestScheduler scheduler = new DigestScheduler(DailySchedule.DIGEST, d -> {
                try {
                    DigestRun run = harness.service.run(d);
                    attempts.add(run.outcome().name());
                    return run;
                } catch (RuntimeException e) {
                    attempts.add("error: " + e.getClass().getSimpleName());
                    throw e;
                }
            }, justAfterSix30, Duration.ofHours(6), 6, Duration.ofSeconds(1))) {
                scheduler.start();
                await().atMost(Duration.ofSeconds(60)).until(() -> !attempts.isEmpty());
                assertThat(attempts.getFirst()).startsWith("error");
                assertThat(greenMail.getReceivedMessages()).isEmpty();

                proxy.restore();
                await().atMost(Duration.ofSeconds(90)).until(() -> attempts.contains("COMPLETED"));
                Thread.sleep(1_000); // a duplicate would arrive now
            }
            MimeMessage[] received = greenMail.getReceivedMessages();
            assertThat(MailFixtures.countByRecipient(received)).hasSize(RECIPIENTS)
                    .allSatisfy((to, n) -> assertThat(n).as(to).isEqualTo(1));
            for (MimeMessage m : received) {
                assertThat(MailFixtures.textPart(m, "text/plain"))
                        .contains("Sent late: this digest was due at")
                        .contains("6:30 AM MST");
                assertThat(MailFixtures.textPart(m, "text/html")).contains("Sent late: this digest was due at");
            }
            assertThat(attempts).filteredOn("COMPLETED"::equals).hasSize(1);
        } finally {
            greenMail.stop();
        }
    }
}
