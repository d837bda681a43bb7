package io.tickertape.cli;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tickertape.digest.DigestBuilder;
import io.tickertape.digest.DigestPreview;
import io.tickertape.digest.DigestRun;
import io.tickertape.digest.DigestService;
import io.tickertape.digest.DigestSettings;
import io.tickertape.digest.charts.PriceHistory;
import io.tickertape.digest.charts.PriceSourceHistory;
import io.tickertape.digest.charts.SignalCharts;
import io.tickertape.digest.delivery.SmtpMailer;
import io.tickertape.digest.rendering.DigestRenderer;
import io.tickertape.digest.rendering.RenderSettings;
import io.tickertape.digest.scheduling.DailySchedule;
import io.tickertape.digest.scheduling.DigestScheduler;
import io.tickertape.digest.trackrecord.TrackRecordSection;
import io.tickertape.migrations.Database;
import io.tickertape.signals.outcomes.OutcomeSettings;
import io.tickertape.signals.outcomes.OutcomeStore;
import io.tickertape.signals.outcomes.OutcomeUpdater;
import io.tickertape.signals.prices.PriceSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

@Command(name = "digest", mixinStandardHelpOptions = true,
        subcommands = {DigestRecipientsCommand.class, DigestAlertCommand.class},
        description = {"Send the daily digest of new signals: once per recipient per day, at 06:30 America/Phoenix.",
                "--date D sends (or resumes) the digest for D (default: today in Phoenix), for ECS scheduled tasks;",
                "--schedule runs in this process every day at 06:30; --dry-run --out DIR writes .eml/.html/.txt instead.",
                "Recipients: 'digest recipients add|remove|list'. SMTP password: SMTP_PASSWORD (environment only).",
                "Exit codes: 0 done (or already done / claimed by another scheduler), 1 deliveries left to retry, 2 usage."})
public final class DigestCommand implements Callable<Integer> {

    @ParentCommand
    TickertapeCommand parent;

    @Spec
    CommandSpec spec;

    @Mixin
    DatabaseOptions database;

    @Mixin
    MailOptions mail;

    @Option(names = "--date", paramLabel = "YYYY-MM-DD", description = "Digest date (default: today in America/Phoenix).")
    String date;

    @Option(names = "--schedule", description = "Run every day at 06:30 America/Phoenix until stopped.")
    boolean schedule;

    @Option(names = "--dry-run", description = "Write the digest to --out instead of sending; claims and records nothing.")
    boolean dryRun;

    @Option(names = "--out", paramLabel = "DIR", description = "Where --dry-run writes (default: ${DEFAULT-VALUE}).",
            defaultValue = "digest-preview")
    Path out;

    @Option(names = "--max-signals", paramLabel = "N", defaultValue = "25",
            description = "At most N signals per email, strongest first (default: ${DEFAULT-VALUE}).")
    int maxSignals;

    @Option(names = "--send-empty", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "On a day without signals send a short 'no new signals' note (default: ${DEFAULT-VALUE}).")
    boolean sendEmpty;

    @Option(names = "--stale-price-age", paramLabel = "DURATION", defaultValue = "P4D",
            description = "Flag a signal's price as stale when older than this at digest time (ISO-8601, default: ${DEFAULT-VALUE}).")
    String maxPriceAge;

    @Option(names = "--benchmark", paramLabel = "SYMBOL", defaultValue = OutcomeSettings.DEFAULT_BENCHMARK,
            description = "The track record compares signals with this symbol; outcomes are updated with --chart-prices before each digest (default: ${DEFAULT-VALUE}).")
    String benchmark;

    @Option(names = "--web-base-url", paramLabel = "URL",
            description = "Where 'tickertape web' is reachable, e.g. https://signals.example.com: each card links to its signal's page (view in browser).")
    String webBaseUrl;

    @Option(names = "--resend-unknown", description = "Before running, reopen the date's deliveries whose outcome is unknown "
            + "(stuck in SENDING after a crash) so they are sent again, with the same Message-ID.")
    boolean resendUnknown;

    @Override
    public Integer call() throws Exception {
        if (schedule && (date != null || dryRun)) {
            throw new UsageException("--schedule runs every day; it cannot be combined with --date or --dry-run");
        }
        LocalDate today = LocalDate.now(RenderSettings.PHOENIX);
        LocalDate day = parseDate(date, today);
        if (day.isAfter(today)) {
            throw new UsageException("--date " + day + " is in the future (today in America/Phoenix is " + today + ")");
        }
        DigestSettings settings = digestSettings(dryRun);
        OutcomeSettings outcomeSettings = OutcomesCommand.settings(benchmark);
        java.util.Optional<PriceSource> prices = mail.priceSource();
        try (Database db = Database.open(database.settings(parent.env()));
             SignalCharts charts = SignalCharts.withDefaults(prices.<PriceHistory>map(PriceSourceHistory::new).orElse(PriceHistory.none()))) {
            db.migrate();
            OutcomeStore outcomeStore = new OutcomeStore(db.jdbi());
            DigestBuilder builder = new DigestBuilder(settings.render(), charts, new DigestRenderer(),
                    new TrackRecordSection(outcomeStore, outcomeSettings.benchmark()));
            // Outcomes are brought up to date before each digest is built (not in --dry-run, which records nothing).
            OutcomeUpdater outcomes = prices.map(p -> new OutcomeUpdater(outcomeStore, p, outcomeSettings, Clock.systemUTC()))
                    .orElse(null);
            if (dryRun) {
                DigestPreview.Files files = DigestPreview.fromDatabase(db.jdbi(), builder, settings, day, Clock.systemUTC(), out);
                spec.commandLine().getOut().printf("{\"date\":\"%s\",\"eml\":\"%s\",\"html\":\"%s\",\"signals\":%d,\"htmlBytes\":%d}%n",
                        day, json(files.eml().toString()), json(files.html().toString()), files.signalsShown(), files.htmlBytes());
                return ExitCodes.OK;
            }
            try (SmtpMailer mailer = new SmtpMailer(mail.smtp(parent.env()))) {
                DigestService service = new DigestService(db.jdbi(), mailer, builder, settings, Clock.systemUTC(),
                        new SimpleMeterRegistry(), outcomes);
                if (schedule) {
                    return runScheduled(service);
                }
                if (resendUnknown) {
                    int reopened = service.reopenUnknown(day);
                    spec.commandLine().getOut().printf("{\"date\":\"%s\",\"reopened\":%d}%n", day, reopened);
                }
                DigestRun run = service.run(day);
                spec.commandLine().getOut().println(run.toJson());
                return run.ok() ? ExitCodes.OK : ExitCodes.FAILURE;
            }
        }
    }

    private int runScheduled(DigestService service) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        try (DigestScheduler scheduler = DigestScheduler.daily(day -> {
            DigestRun run = service.run(day);
            spec.commandLine().getOut().println(run.toJson());
            spec.commandLine().getOut().flush();
            return run;
        })) {
            Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown, "digest-shutdown"));
            var next = scheduler.start();
            spec.commandLine().getOut().printf("{\"schedule\":\"%s %s\",\"next\":\"%s\"}%n", DailySchedule.DIGEST.time(),
                    DailySchedule.DIGEST.zone(), next);
            spec.commandLine().getOut().flush();
            stopped.await();
        }
        return ExitCodes.OK;
    }

    DigestSettings digestSettings(boolean preview) {
        if (maxSignals < 1 || maxSignals > 200) {
            throw new UsageException("--max-signals must be between 1 and 200");
        }
        Duration priceAge;
        try {
            priceAge = Duration.parse(maxPriceAge);
        } catch (DateTimeParseException e) {
            throw new UsageException("--stale-price-age must be an ISO-8601 duration such as P4D or PT36H: " + maxPriceAge);
        }
        try {
            String from = mail.from != null ? mail.from : preview ? "tickertape <digest@tickertape.invalid>" : null;
            if (from == null) {
                throw new UsageException("--from is required to send (e.g. 'tickertape <digest@example.com>')");
            }
            if (!preview && mail.unsubscribeUrlBase == null) {
                throw new UsageException("--unsubscribe-url-base is required to send (https URL for List-Unsubscribe)");
            }
            return DigestSettings.defaults(from, mail.unsubscribeUrlBase)
                    .withMaxSignals(maxSignals)
                    .withSendEmpty(sendEmpty)
                    .withRender(RenderSettings.defaults().withMaxPriceAge(priceAge).withWebBaseUrl(webBaseUrl));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage(), e);
        }
    }

    static LocalDate parseDate(String value, LocalDate today) {
        if (value == null || value.isBlank() || value.equalsIgnoreCase("today")) {
            return today;
        }
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw new UsageException("--date must be YYYY-MM-DD: " + value);
        }
    }

    static String json(String s) {
        StringBuilder b = new StringBuilder(s.length() + 8);
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }
}
