package io.tickertape.digest;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.tickertape.digest.delivery.DigestLedger;
import io.tickertape.digest.delivery.Mailer;
import io.tickertape.digest.delivery.SmtpMailer;
import io.tickertape.digest.recipients.RecipientStore;
import io.tickertape.digest.rendering.RenderSettings;
import io.tickertape.digest.testing.DigestHarness;
import io.tickertape.digest.testing.FaultyMailer;
import io.tickertape.digest.testing.MailFixtures;
import io.tickertape.digest.testing.SignalFixtures;
import io.tickertape.digest.testing.SignalRows;
import io.tickertape.migrations.Database;
import io.tickertape.migrations.testing.TestDatabases;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * "Never twice": crashes in the middle of sending, resumes, and two schedulers racing for the same date. Each
 * "process" is a separate {@link DigestHarness} (its own service, claimant and SMTP connection) on one database.
 */
class DigestIdempotenceTest {

    private static final int RECIPIENTS = 5;

    private Database db;
    private GreenMail greenMail;
    private int port;
    private final LocalDate today = LocalDate.now(RenderSettings.PHOENIX);

    @BeforeEach
    void setUp() {
        db = TestDatabases.freshSchema();
        port = MailFixtures.freePort();
        greenMail = startGreenMail();
        RecipientStore store = new RecipientStore(db.jdbi());
        IntStream.rangeClosed(1, RECIPIENTS).forEach(i -> store.add("reader" + i + "@example.com", "Reader " + i));
        Instant now = SignalRows.dbNow(db.jdbi());
        SignalFixtures.signals(4, now, 9).forEach(s -> SignalRows.insert(db.jdbi(), s, now.minus(Duration.ofHours(2))));
    }

    @AfterEach
    void tearDown() {
        greenMail.stop();
        db.close();
    }

    private GreenMail startGreenMail() {
        GreenMail g = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        g.start();
        return g;
    }

    private DigestRun runWith(Mailer mailer) {
        try (DigestHarness h = new DigestHarness(db.jdbi(), mailer, DigestHarness.settings(), SignalFixtures.priceHistory());
             mailer) {
            return h.service.run(today);
        }
    }

    private SmtpMailer smtp() {
        return new SmtpMailer(MailFixtures.plainSmtp(port));
    }

    private static Map<String, Long> perRecipient(List<MimeMessage> messages) {
        return MailFixtures.countByRecipient(messages.toArray(MimeMessage[]::new));
    }

    @Test
    void anSmtpFailureMidSendIsResumedWithoutResendingToThoseAlreadyServed() {
        DigestRun crashed = runWith(new FaultyMailer(smtp(), 2, FaultyMailer.Fault.NOT_SENT));
        assertThat(crashed.outcome()).isEqualTo(DigestRun.Outcome.FAILED);
        assertThat(crashed.sent()).isEqualTo(2);
        assertThat(greenMail.getReceivedMessages()).hasSize(2);

        DigestRun resumed = runWith(smtp());
        assertThat(resumed.outcome()).isEqualTo(DigestRun.Outcome.COMPLETED);
        assertThat(resumed.skipped()).isEqualTo(2); // the two already served
        assertThat(resumed.sent()).isEqualTo(RECIPIENTS - 2);
        assertThat(resumed.windowStart()).isEqualTo(crashed.windowStart());
        assertThat(resumed.windowEnd()).isEqualTo(crashed.windowEnd());

        assertThat(perRecipient(List.of(greenMail.getReceivedMessages())))
                .hasSize(RECIPIENTS).allSatisfy((to, n) -> assertThat(n).as(to).isEqualTo(1));
        // A third run finds the day done.
        assertThat(runWith(smtp()).outcome()).isEqualTo(DigestRun.Outcome.ALREADY_COMPLETED);
        assertThat(greenMail.getReceivedMessages()).hasSize(RECIPIENTS);
    }

    @Test
    void theMailServerGoingAwayMidSendIsResumedOnceItIsBack() {
        List<MimeMessage> received = new ArrayList<>();
        // A real outage: after two messages the SMTP server stops; the rest find no server.
        DigestRun crashed;
        try (SmtpMailer real = smtp()) {
            Mailer serverDiesAfterTwo = new Mailer() {
                private int n;

                @Override
                public jakarta.mail.Session session() {
                    return real.session();
                }

                @Override
                public void send(MimeMessage m) throws io.tickertape.digest.delivery.DeliveryException {
                    real.send(m);
                    if (++n == 2) {
                        received.addAll(Arrays.asList(greenMail.getReceivedMessages()));
                        greenMail.stop();
                    }
                }

                @Override
                public void close() {
                    // the enclosing try-with-resources closes the real mailer
                }
            };
            crashed = runWith(serverDiesAfterTwo);
        }
        assertThat(crashed.outcome()).isEqualTo(DigestRun.Outcome.FAILED);
        assertThat(crashed.sent()).isEqualTo(2);
        assertThat(crashed.failed()).isPositive();
        assertThat(crashed.unknown()).isZero(); // the dead connection was noticed before a message was started

        greenMail = startGreenMail();
        DigestRun resumed = runWith(smtp());
        assertThat(resumed.outcome()).isEqualTo(DigestRun.Outcome.COMPLETED);
        received.addAll(Arrays.asList(greenMail.getReceivedMessages()));
        assertThat(perRecipient(received)).hasSize(RECIPIENTS).allSatisfy((to, n) -> assertThat(n).as(to).isEqualTo(1));
    }

    @Test
    void aProcessThatDiesMidSendIsTakenOverAfterItsLeaseAndTheUnknownDeliveryIsNotRepeated() {
        // Process A claims with a short lease, sends to two recipients, then dies with the third delivery begun.
        DigestLedger ledger = new DigestLedger(db.jdbi());
        DigestSettings shortLease = DigestHarness.settings().withLease(Duration.ofSeconds(30));
        assertThatThrownBy(() -> {
            try (DigestHarness a = new DigestHarness(db.jdbi(), new FaultyMailer(smtp(), 2, FaultyMailer.Fault.PROCESS_CRASH),
                    shortLease, SignalFixtures.priceHistory())) {
                a.service.run(today);
            }
        }).hasMessageContaining("process killed");
        // A real crash leaves the lease held; simulate that (run() released it when it saw the exception).
        db.jdbi().useHandle(h -> h.execute(
                "UPDATE digest_runs SET status = 'SENDING', lease_until = now() + interval '2 seconds' WHERE digest_date = ?", today));
        var counts = ledger.counts(today);
        assertThat(counts.get(DigestLedger.DeliveryStatus.SENT)).isEqualTo(2);
        assertThat(counts.get(DigestLedger.DeliveryStatus.SENDING)).isEqualTo(1);

        // Process B, while the lease is held: refused. After it expires: takes over and finishes.
        DigestRun early = runWith(smtp());
        assertThat(early.outcome()).isEqualTo(DigestRun.Outcome.CLAIMED_ELSEWHERE);
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500))
                .until(() -> runWith(smtp()).outcome() == DigestRun.Outcome.COMPLETED);

        // The delivery in flight when A died is not repeated (at most once): that reader is reported, not re-mailed.
        Map<String, Long> perTo = perRecipient(List.of(greenMail.getReceivedMessages()));
        assertThat(perTo).hasSize(RECIPIENTS - 1).allSatisfy((to, n) -> assertThat(n).isEqualTo(1));
        assertThat(ledger.counts(today).get(DigestLedger.DeliveryStatus.SENDING)).isEqualTo(1);
        assertThat(ledger.state(today).orElseThrow().completed()).isTrue();
    }

    @Test
    void aMessageWhoseOutcomeIsUnknownIsNotResentUnlessAnOperatorReopensIt() throws Exception {
        // The third message reaches the server but the reply is lost.
        DigestRun first = runWith(new FaultyMailer(smtp(), 2, FaultyMailer.Fault.DELIVERED_THEN_LOST));
        assertThat(first.unknown()).isEqualTo(1);
        assertThat(first.outcome()).isEqualTo(DigestRun.Outcome.COMPLETED); // nothing certainly failed
        assertThat(perRecipient(List.of(greenMail.getReceivedMessages())))
                .hasSize(RECIPIENTS).allSatisfy((to, n) -> assertThat(n).isEqualTo(1));

        // An operator who knows the message was lost reopens it: it goes again with the same Message-ID.
        try (SmtpMailer mailer = smtp();
             DigestHarness h = new DigestHarness(db.jdbi(), mailer, DigestHarness.settings(), SignalFixtures.priceHistory())) {
            assertThat(h.service.reopenUnknown(today)).isEqualTo(1);
        }
        DigestRun again = runWith(smtp());
        assertThat(again.sent()).isEqualTo(1);
        Map<String, List<String>> ids = Arrays.stream(greenMail.getReceivedMessages())
                .collect(Collectors.groupingBy(MailFixtures::to, Collectors.mapping(m -> {
                    try {
                        return m.getMessageID();
                    } catch (jakarta.mail.MessagingException e) {
                        throw new IllegalStateException(e);
                    }
                }, Collectors.toList())));
        assertThat(ids).hasSize(RECIPIENTS);
        assertThat(ids.values()).filteredOn(list -> list.size() == 2).singleElement()
                .satisfies(list -> assertThat(list.get(1)).isEqualTo(list.get(0)));
        assertThat(ids.values()).filteredOn(list -> list.size() == 1).hasSize(RECIPIENTS - 1);
    }

    @Test
    void twoSchedulersRacingForTheSameDateSendOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<DigestRun>> runs = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                runs.add(pool.submit(() -> {
                    go.await();
                    return runWith(smtp());
                }));
            }
            go.countDown();
            List<DigestRun.Outcome> outcomes = new ArrayList<>();
            for (Future<DigestRun> f : runs) {
                outcomes.add(f.get(60, TimeUnit.SECONDS).outcome());
            }
            assertThat(outcomes).containsOnlyOnce(DigestRun.Outcome.COMPLETED);
            assertThat(outcomes).containsAnyOf(DigestRun.Outcome.CLAIMED_ELSEWHERE, DigestRun.Outcome.ALREADY_COMPLETED);
        } finally {
            pool.shutdownNow();
        }
        assertThat(perRecipient(List.of(greenMail.getReceivedMessages())))
                .hasSize(RECIPIENTS).allSatisfy((to, n) -> assertThat(n).isEqualTo(1));
    }
}
