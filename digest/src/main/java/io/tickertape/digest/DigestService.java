package io.tickertape.digest;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.tickertape.digest.delivery.DeliveryException;
import io.tickertape.digest.delivery.DigestLedger;
import io.tickertape.digest.delivery.EmailComposer;
import io.tickertape.digest.delivery.HeaderValues;
import io.tickertape.digest.delivery.Mailer;
import io.tickertape.digest.delivery.MessageIds;
import io.tickertape.digest.recipients.Recipient;
import io.tickertape.digest.recipients.RecipientStore;
import io.tickertape.digest.rendering.DigestContent;
import io.tickertape.digest.scheduling.DailySchedule;
import io.tickertape.digest.selection.SignalHistoryReader;
import io.tickertape.signals.outcomes.OutcomeUpdater;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Sends the digest for a date to every active recipient, exactly once per recipient (see {@link DigestLedger} and
 * the README for the crash and race analysis). Safe to call from several processes at once and to call again
 * after any failure: a repeated call resumes and sends only what is missing.
 */
public final class DigestService {

    private static final Logger LOG = LoggerFactory.getLogger(DigestService.class);
    /** A digest sent more than this after its scheduled time says it is late. */
    static final Duration LATE_AFTER = Duration.ofMinutes(10);

    private final DigestSettings settings;
    private final DigestLedger ledger;
    private final SignalHistoryReader signals;
    private final RecipientStore recipients;
    private final DigestBuilder builder;
    private final Mailer mailer;
    private final Clock clock;
    private final MeterRegistry meters;
    private final String instance;
    private final OutcomeUpdater outcomes;

    public DigestService(Jdbi jdbi, Mailer mailer, DigestBuilder builder, DigestSettings settings, Clock clock,
                         MeterRegistry meters) {
        this(jdbi, mailer, builder, settings, clock, meters, null);
    }

    /**
     * @param outcomes brings signal outcomes up to date before each digest is built, so its track record is
     *                 current; null to read them as they are
     */
    public DigestService(Jdbi jdbi, Mailer mailer, DigestBuilder builder, DigestSettings settings, Clock clock,
                         MeterRegistry meters, OutcomeUpdater outcomes) {
        this.outcomes = outcomes;
        this.settings = settings;
        this.ledger = new DigestLedger(jdbi);
        this.signals = new SignalHistoryReader(jdbi);
        this.recipients = new RecipientStore(jdbi);
        this.builder = builder;
        this.mailer = mailer;
        this.clock = clock;
        this.meters = meters;
        this.instance = instanceName();
    }

    /** Claims, builds and sends the digest for {@code date}, or resumes it. */
    public DigestRun run(LocalDate date) {
        if (settings.unsubscribeUrlBase() == null) {
            throw new IllegalStateException("an unsubscribe URL base is required to send digests (List-Unsubscribe)");
        }
        Timer.Sample timer = Timer.start(meters);
        String claimant = instance + "/" + UUID.randomUUID().toString().substring(0, 8);
        Optional<DigestLedger.Claim> maybe = ledger.claim(date, claimant, settings.lease(), settings.firstWindow());
        if (maybe.isEmpty()) {
            var state = ledger.state(date).orElse(null);
            boolean done = state != null && state.completed();
            String detail = done ? "already completed at " + state.completedAt()
                    : state == null ? "not claimable" : "claimed by " + state.claimedBy() + " until " + state.leaseUntil();
            LOG.info("digest {}: {}", date, detail);
            return new DigestRun(date, done ? DigestRun.Outcome.ALREADY_COMPLETED : DigestRun.Outcome.CLAIMED_ELSEWHERE,
                    null, null, 0, 0, 0, 0, 0, 0, detail);
        }
        DigestLedger.Claim claim = maybe.get();
        LOG.info("digest {}: {} window [{}, {}) as {}", date, claim.takenOver() ? "resuming" : "claimed",
                claim.windowStart(), claim.windowEnd(), claimant);
        try {
            DigestRun run = send(claim);
            timer.stop(meters.timer("digest.run", "outcome", run.outcome().name()));
            LOG.info("digest {}: {}", date, run.toJson());
            return run;
        } catch (RuntimeException e) {
            ledger.fail(claim, e.toString());
            timer.stop(meters.timer("digest.run", "outcome", "ERROR"));
            throw e;
        }
    }

    private DigestRun send(DigestLedger.Claim claim) {
        LocalDate date = claim.date();
        var selection = signals.strongest(claim.windowStart(), claim.windowEnd(), settings.maxSignals());
        int shown = selection.signals().size();
        if (shown == 0 && !settings.sendEmpty()) {
            ledger.complete(claim, 0, "no signals; empty digests are off");
            return new DigestRun(date, DigestRun.Outcome.COMPLETED, claim.windowStart(), claim.windowEnd(), 0, 0,
                    0, 0, 0, 0, "no signals; empty digests are off");
        }
        updateOutcomes(date);
        DigestContent content = builder.digest(date, claim.windowStart(), claim.windowEnd(), selection.signals(),
                selection.total());
        Instant due = DailySchedule.DIGEST.on(date);
        Instant now = clock.instant();
        if (Duration.between(due, now).compareTo(LATE_AFTER) > 0) {
            // e.g. the database was down at 06:30 and a retry sent it: say so, since readers act on it at once.
            content = builder.late(content, due, now);
        }
        String domain = MessageIds.domainOf(settings.from().getAddress());
        String listId = "\"" + HeaderValues.text(settings.render().brand(), 40).replace("\"", "") + " digest\" <digest." + domain + ">";

        List<Recipient> audience = recipients.active();
        int sent = 0;
        int failed = 0;
        int unknown = 0;
        int skipped = 0;
        int consecutive = 0;
        boolean stoppedEarly = false;
        for (Recipient r : audience) {
            if (consecutive >= settings.maxConsecutiveFailures()) {
                stoppedEarly = true;
                break;
            }
            if (!ledger.renew(claim, settings.lease(), shown)) {
                LOG.warn("digest {}: claim lost to another scheduler; stopping", date);
                return new DigestRun(date, DigestRun.Outcome.LOST_LEASE, claim.windowStart(), claim.windowEnd(),
                        shown, selection.total(), sent, failed, unknown, skipped, "claim lost during sending");
            }
            String messageId = MessageIds.digest(date, r.id(), r.email(), domain);
            if (!ledger.begin(date, r.id(), messageId, settings.maxAttempts())) {
                skipped++;
                continue;
            }
            MimeMessage message;
            try {
                var envelope = new EmailComposer.Envelope(settings.from(), HeaderValues.mailbox(r.email(), r.displayName()),
                        messageId, settings.unsubscribeUrl(r.unsubscribeToken()), listId, clock.instant());
                message = builder.message(mailer.session(), content, envelope);
            } catch (MessagingException | IllegalArgumentException e) {
                // A message that cannot be built was certainly not sent; the address or data needs fixing.
                ledger.failed(date, r.id(), "cannot build message: " + e.getMessage());
                failed++;
                meters.counter("digest.deliveries", "outcome", "failed").increment();
                continue;
            }
            try {
                mailer.send(message);
                ledger.sent(date, r.id());
                sent++;
                consecutive = 0;
                meters.counter("digest.deliveries", "outcome", "sent").increment();
            } catch (DeliveryException e) {
                consecutive++;
                if (e.definitelyNotSent()) {
                    ledger.failed(date, r.id(), e.getMessage());
                    failed++;
                    meters.counter("digest.deliveries", "outcome", "failed").increment();
                    LOG.warn("digest {}: delivery to recipient {} failed (will retry): {}", date, r.id(), e.getMessage());
                } else {
                    ledger.unknown(date, r.id(), e.getMessage());
                    unknown++;
                    meters.counter("digest.deliveries", "outcome", "unknown").increment();
                    LOG.error("digest {}: delivery to recipient {} has an unknown outcome and will NOT be resent "
                            + "automatically (Message-ID {}): {}", date, r.id(), messageId, e.getMessage());
                }
            }
        }
        int retryable = ledger.retryable(date, settings.maxAttempts());
        if (stoppedEarly || retryable > 0) {
            String why = stoppedEarly ? consecutive + " deliveries in a row failed; stopped early" : retryable + " deliveries to retry";
            ledger.fail(claim, why);
            return new DigestRun(date, DigestRun.Outcome.FAILED, claim.windowStart(), claim.windowEnd(), shown,
                    selection.total(), sent, failed, unknown, skipped, why);
        }
        var counts = ledger.counts(date);
        int stuck = counts.get(DigestLedger.DeliveryStatus.SENDING);
        int gaveUp = counts.get(DigestLedger.DeliveryStatus.FAILED);
        List<String> notes = new java.util.ArrayList<>();
        if (stuck > 0) {
            notes.add(stuck + " deliveries with unknown outcome (not resent)");
        }
        if (gaveUp > 0) {
            notes.add(gaveUp + " deliveries failed " + settings.maxAttempts() + " times (given up)");
        }
        String note = notes.isEmpty() ? null : String.join("; ", notes);
        ledger.complete(claim, shown, note);
        return new DigestRun(date, DigestRun.Outcome.COMPLETED, claim.windowStart(), claim.windowEnd(), shown,
                selection.total(), sent, failed, unknown, skipped,
                counts.get(DigestLedger.DeliveryStatus.SENT) + " of " + audience.size() + " recipients served"
                        + (note == null ? "" : "; " + note));
    }

    /** A failed update costs the track record its freshness, never the digest. */
    private void updateOutcomes(LocalDate date) {
        if (outcomes == null) {
            return;
        }
        try {
            OutcomeUpdater.Summary summary = outcomes.update(OutcomeUpdater.DEFAULT_LIMIT);
            LOG.info("digest {}: {}", date, summary.line());
        } catch (RuntimeException e) {
            meters.counter("digest.outcomes.update.failures").increment();
            LOG.warn("digest {}: outcomes not updated, the track record shows the last computed ones: {}", date, e.toString());
        }
    }

    /** Operator override: resend deliveries whose outcome was unknown (see {@link DigestLedger#reopenUnknown}). */
    public int reopenUnknown(LocalDate date) {
        return ledger.reopenUnknown(date);
    }

    private static String instanceName() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            host = "unknown-host";
        }
        return host.replaceAll("[^A-Za-z0-9.-]", "") + ":" + ManagementFactory.getRuntimeMXBean().getPid();
    }
}
