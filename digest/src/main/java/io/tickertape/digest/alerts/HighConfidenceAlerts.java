package io.tickertape.digest.alerts;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.tickertape.digest.DigestBuilder;
import io.tickertape.digest.charts.PriceHistory;
import io.tickertape.digest.charts.SignalCharts;
import io.tickertape.digest.delivery.DeliveryException;
import io.tickertape.digest.delivery.EmailComposer;
import io.tickertape.digest.delivery.HeaderValues;
import io.tickertape.digest.delivery.Mailer;
import io.tickertape.digest.delivery.MessageIds;
import io.tickertape.digest.delivery.SmtpMailer;
import io.tickertape.digest.delivery.SmtpSettings;
import io.tickertape.digest.recipients.Recipient;
import io.tickertape.digest.recipients.RecipientStore;
import io.tickertape.digest.rendering.DigestContent;
import io.tickertape.digest.rendering.DigestRenderer;
import io.tickertape.signals.fusion.Signal;
import jakarta.mail.MessagingException;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Emails a signal at once when its model confidence is at or above the threshold. Same safety rules as the
 * digest (one template set, sanitised text, http(s)-only links, header-safe values) and the same idempotence:
 * {@code alert_deliveries} has one row per (signal, recipient), so replays of the signals topic never alert
 * anyone twice. A token-bucket rate limit (resilience4j) caps alerted signals per period; a signal over the limit
 * is not alerted (it still appears in the next digest).
 *
 * <p>Call {@link #onSignal} after the signal is committed to {@code signal_history} (the ledger references it).
 */
public final class HighConfidenceAlerts implements AlertSender {

    private static final Logger LOG = LoggerFactory.getLogger(HighConfidenceAlerts.class);

    private final AlertSettings settings;
    private final AlertLedger ledger;
    private final RecipientStore recipients;
    private final DigestBuilder builder;
    private final Mailer mailer;
    private final WebhookNotifier webhook;
    private final RateLimiter limiter;
    private final Clock clock;
    private final MeterRegistry meters;
    private final List<AutoCloseable> owned = new ArrayList<>();

    /**
     * Alerts over SMTP with charts from {@code prices}: the one call the stream application needs. The returned
     * sender owns its SMTP connection and chart threads; close it on shutdown.
     */
    public static HighConfidenceAlerts overSmtp(Jdbi jdbi, SmtpSettings smtp, PriceHistory prices, AlertSettings settings,
                                                MeterRegistry meters) {
        SmtpMailer mailer = new SmtpMailer(smtp);
        SignalCharts charts = SignalCharts.withDefaults(prices);
        HighConfidenceAlerts alerts = new HighConfidenceAlerts(jdbi, mailer,
                new DigestBuilder(settings.render(), charts, new DigestRenderer()), settings, Clock.systemUTC(), meters);
        alerts.owned.add(mailer);
        alerts.owned.add(charts);
        return alerts;
    }

    public HighConfidenceAlerts(Jdbi jdbi, Mailer mailer, DigestBuilder builder, AlertSettings settings, Clock clock,
                                MeterRegistry meters) {
        this.settings = settings;
        this.ledger = new AlertLedger(jdbi);
        this.recipients = new RecipientStore(jdbi);
        this.builder = builder;
        this.mailer = mailer;
        this.webhook = settings.webhook() == null ? null : new WebhookNotifier(settings.webhook(), settings.webhookTimeout());
        this.limiter = RateLimiter.of("digest-alerts", RateLimiterConfig.custom()
                .limitForPeriod(settings.maxPerPeriod())
                .limitRefreshPeriod(settings.period())
                .timeoutDuration(Duration.ZERO) // never block the caller waiting for a permit
                .build());
        this.clock = clock;
        this.meters = meters;
    }

    @Override
    public AlertResult onSignal(Signal signal) {
        if (signal.shadow()) {
            return AlertResult.of(AlertResult.Status.SHADOW, 0, 0, 0);
        }
        if (!(signal.confidence() >= settings.threshold())) {
            return AlertResult.of(AlertResult.Status.BELOW_THRESHOLD, 0, 0, 0);
        }
        List<Recipient> audience = recipients.active();
        if (audience.isEmpty() && webhook == null) {
            return AlertResult.of(AlertResult.Status.NO_AUDIENCE, 0, 0, 0);
        }
        String domain = MessageIds.domainOf(settings.from().getAddress());
        List<Recipient> pending = new ArrayList<>(audience.size());
        List<String> messageIds = new ArrayList<>(audience.size());
        int skipped = 0;
        try {
            for (Recipient r : audience) {
                String messageId = MessageIds.alert(signal.signalId(), r.id(), r.email(), domain);
                if (ledger.begin(signal.signalId(), r.id(), messageId)) {
                    pending.add(r);
                    messageIds.add(messageId);
                } else {
                    skipped++;
                }
            }
        } catch (RuntimeException e) {
            // Most likely the signal is not (yet) in signal_history: the foreign key refuses the ledger row.
            LOG.error("alert for signal {} not recorded, nothing sent: {}", signal.signalId(), e.toString());
            pending.forEach(r -> ledger.withdraw(signal.signalId(), r.id()));
            return AlertResult.of(AlertResult.Status.ERROR, 0, 0, skipped);
        }
        if (pending.isEmpty() && (webhook == null || skipped > 0)) {
            return AlertResult.of(AlertResult.Status.ALREADY_ALERTED, 0, 0, skipped);
        }
        if (!limiter.acquirePermission()) {
            pending.forEach(r -> ledger.withdraw(signal.signalId(), r.id()));
            meters.counter("digest.alerts", "outcome", "rate_limited").increment();
            LOG.warn("alert for {} {} suppressed by the rate limit ({} per {})", signal.ticker(), signal.signalId(),
                    settings.maxPerPeriod(), settings.period());
            return AlertResult.of(AlertResult.Status.RATE_LIMITED, 0, 0, skipped);
        }
        int sent = 0;
        int failed = 0;
        if (!pending.isEmpty()) {
            DigestContent content = builder.alert(signal, clock.instant());
            for (int i = 0; i < pending.size(); i++) {
                Recipient r = pending.get(i);
                try {
                    var envelope = new EmailComposer.Envelope(settings.from(), HeaderValues.mailbox(r.email(), r.displayName()),
                            messageIds.get(i), settings.unsubscribeUrl(r.unsubscribeToken()), null, clock.instant());
                    mailer.send(builder.message(mailer.session(), content, envelope));
                    ledger.finish(signal.signalId(), r.id(), "SENT", null);
                    sent++;
                } catch (DeliveryException e) {
                    if (e.definitelyNotSent()) {
                        ledger.finish(signal.signalId(), r.id(), "FAILED", e.getMessage());
                        failed++;
                    } else {
                        // Outcome unknown: stays SENDING and is not resent (at most once), like the digest.
                        ledger.finish(signal.signalId(), r.id(), "SENDING", "outcome unknown: " + e.getMessage());
                    }
                    LOG.warn("alert for {} to recipient {}: {}", signal.signalId(), r.id(), e.getMessage());
                } catch (MessagingException | IllegalArgumentException e) {
                    ledger.finish(signal.signalId(), r.id(), "FAILED", "cannot build message: " + e.getMessage());
                    failed++;
                }
            }
        }
        meters.counter("digest.alerts", "outcome", "sent").increment(sent);
        meters.counter("digest.alerts", "outcome", "failed").increment(failed);
        boolean hooked = webhook != null && webhook.post(signal);
        LOG.info("alerted {} {} {} (confidence {}): {} sent, {} failed, {} already alerted", signal.ticker(),
                signal.direction(), signal.signalId(), signal.confidence(), sent, failed, skipped);
        return new AlertResult(AlertResult.Status.ALERTED, sent, failed, skipped, hooked);
    }

    @Override
    public void close() {
        if (webhook != null) {
            webhook.close();
        }
        for (AutoCloseable c : owned) {
            try {
                c.close();
            } catch (Exception e) {
                LOG.warn("closing {}: {}", c.getClass().getSimpleName(), e.toString());
            }
        }
    }
}
