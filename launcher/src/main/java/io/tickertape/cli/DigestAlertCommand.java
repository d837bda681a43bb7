package io.tickertape.cli;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tickertape.digest.DigestBuilder;
import io.tickertape.digest.alerts.AlertResult;
import io.tickertape.digest.alerts.AlertSettings;
import io.tickertape.digest.alerts.HighConfidenceAlerts;
import io.tickertape.digest.charts.SignalCharts;
import io.tickertape.digest.delivery.SmtpMailer;
import io.tickertape.digest.rendering.DigestRenderer;
import io.tickertape.digest.selection.SignalHistoryReader;
import io.tickertape.migrations.Database;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.net.URI;
import java.time.Clock;
import java.util.concurrent.Callable;

@Command(name = "alert", mixinStandardHelpOptions = true,
        description = {"Send the high-confidence alert for one stored signal now (what the stream application does",
                "for every new signal): only if its confidence reaches --alert-threshold, at most once per recipient."})
final class DigestAlertCommand implements Callable<Integer> {

    @ParentCommand
    DigestCommand digest;

    @Spec
    CommandSpec spec;

    @Mixin
    DatabaseOptions database;

    @Mixin
    MailOptions mail;

    @picocli.CommandLine.Parameters(paramLabel = "SIGNAL_ID", description = "signal_history.signal_id")
    String signalId;

    @Option(names = "--alert-threshold", paramLabel = "X", defaultValue = "0.85",
            description = "Minimum model confidence for an alert (default: ${DEFAULT-VALUE}).")
    double threshold;

    @Option(names = "--webhook", paramLabel = "URL", description = "Also POST the alert as JSON to this http(s) URL.")
    URI webhook;

    @Override
    public Integer call() {
        AlertSettings settings = AlertOptions.settings(mail, threshold, webhook);
        try (Database db = Database.open(database.settings(digest.parent.env()));
             SignalCharts charts = SignalCharts.withDefaults(mail.priceHistory());
             SmtpMailer mailer = new SmtpMailer(mail.smtp(digest.parent.env()))) {
            db.migrate();
            var signal = new SignalHistoryReader(db.jdbi()).find(signalId)
                    .orElseThrow(() -> new UsageException("no signal " + signalId + " in signal_history"));
            try (HighConfidenceAlerts alerts = new HighConfidenceAlerts(db.jdbi(), mailer,
                    new DigestBuilder(settings.render(), charts, new DigestRenderer()), settings, Clock.systemUTC(),
                    new SimpleMeterRegistry())) {
                AlertResult r = alerts.onSignal(signal);
                spec.commandLine().getOut().printf("{\"signalId\":\"%s\",\"status\":\"%s\",\"sent\":%d,\"failed\":%d,\"skipped\":%d,\"webhook\":%s}%n",
                        DigestCommand.json(signalId), r.status(), r.sent(), r.failed(), r.skipped(), r.webhookDelivered());
                return r.failed() == 0 && r.status() != AlertResult.Status.ERROR ? ExitCodes.OK : ExitCodes.FAILURE;
            }
        }
    }
}
