package io.tickertape.cli;

import io.micrometer.core.instrument.MeterRegistry;
import io.tickertape.digest.DigestBuilder;
import io.tickertape.digest.alerts.AlertResult;
import io.tickertape.digest.alerts.AlertSettings;
import io.tickertape.digest.alerts.HighConfidenceAlerts;
import io.tickertape.digest.charts.SignalCharts;
import io.tickertape.digest.delivery.HeaderValues;
import io.tickertape.digest.delivery.SmtpMailer;
import io.tickertape.digest.rendering.DigestRenderer;
import io.tickertape.migrations.Database;
import io.tickertape.topology.projection.SignalSubscriber;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.net.URI;
import java.time.Clock;
import java.util.Map;

/**
 * Immediate emails for high-confidence signals, sent by the stream app once a signal is committed and recorded.
 * Each (signal, recipient) is emailed at most once (alert_deliveries), so replays and retries send nothing twice.
 */
public final class AlertOptions {

    private static final Logger LOG = LoggerFactory.getLogger(AlertOptions.class);

    @Option(names = "--alerts", description = "Email high-confidence signals at once (needs the SMTP options).")
    boolean enabled;

    @Option(names = "--alert-threshold", paramLabel = "X", defaultValue = "0.85",
            description = "Minimum model confidence for an immediate alert (default: ${DEFAULT-VALUE}).")
    double threshold;

    @Option(names = "--webhook", paramLabel = "URL", description = "Also POST each alert as JSON to this http(s) URL.")
    URI webhook;

    @Mixin
    MailOptions mail;

    /** The alert sender, or null when alerts are off. */
    public Opened open(Database db, Map<String, String> env, Clock clock, MeterRegistry registry) {
        if (!enabled) {
            return null;
        }
        AlertSettings settings = settings(mail, threshold, webhook);
        SmtpMailer mailer = new SmtpMailer(mail.smtp(env));
        SignalCharts charts = SignalCharts.withDefaults(mail.priceHistory());
        HighConfidenceAlerts alerts = new HighConfidenceAlerts(db.jdbi(), mailer,
                new DigestBuilder(settings.render(), charts, new DigestRenderer()), settings, clock, registry);
        return new Opened(alerts, charts, mailer);
    }

    /** Alert settings from the mail options, threshold and webhook; shared with {@code digest alert}. */
    static AlertSettings settings(MailOptions mail, double threshold, URI webhook) {
        if (mail.from == null) {
            throw new UsageException("--from is required to send (e.g. 'tickertape <digest@example.com>')");
        }
        try {
            return AlertSettings.defaults(HeaderValues.mailbox(mail.from), mail.unsubscribeUrlBase)
                    .withThreshold(threshold).withWebhook(webhook);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage(), e);
        }
    }

    /** The open alert machinery; closing it closes the SMTP connection. */
    public record Opened(HighConfidenceAlerts alerts, SignalCharts charts, SmtpMailer mailer) implements AutoCloseable {

        public SignalSubscriber subscriber() {
            return signal -> {
                try {
                    AlertResult r = alerts.onSignal(signal);
                    if (r.failed() > 0) {
                        LOG.warn("alert for {} failed for {} recipient(s)", signal.signalId(), r.failed());
                    }
                } catch (RuntimeException e) {
                    // An email outage must not stop signals: the alert ledger marks what was not sent.
                    LOG.warn("alert for {} not sent: {}", signal.signalId(), e.getMessage());
                }
            };
        }

        @Override
        public void close() throws Exception {
            alerts.close();
            charts.close();
            mailer.close();
        }
    }
}
