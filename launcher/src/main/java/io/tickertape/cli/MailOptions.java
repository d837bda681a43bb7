package io.tickertape.cli;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tickertape.digest.charts.PriceHistory;
import io.tickertape.digest.charts.PriceSourceHistory;
import io.tickertape.digest.delivery.HeaderValues;
import io.tickertape.digest.delivery.SmtpSettings;
import io.tickertape.signals.prices.FilePriceSource;
import io.tickertape.signals.prices.GuardedPriceSource;
import io.tickertape.signals.prices.PriceSource;
import io.tickertape.signals.prices.YahooChartClient;
import io.tickertape.signals.prices.YahooSettings;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;

/** SMTP, sender, unsubscribe link and chart prices: shared by the digest and the alert commands. */
final class MailOptions {

    @Option(names = "--smtp-host", paramLabel = "HOST", description = "SMTP server, e.g. email-smtp.us-west-2.amazonaws.com.")
    String smtpHost;

    @Option(names = "--smtp-port", paramLabel = "PORT", defaultValue = "587", description = "SMTP port (default: ${DEFAULT-VALUE}).")
    int smtpPort;

    @Option(names = "--smtp-security", paramLabel = "STARTTLS|TLS|NONE", defaultValue = "STARTTLS",
            description = "STARTTLS (required, port 587), TLS (implicit, port 465) or NONE (local relays only). Default: ${DEFAULT-VALUE}.")
    SmtpSettings.Security smtpSecurity;

    @Option(names = "--smtp-user", paramLabel = "USER", description = "SMTP user (for SES: the SMTP user name); the password is read from SMTP_PASSWORD.")
    String smtpUser;

    @Option(names = "--smtp-timeout", paramLabel = "DURATION", defaultValue = "PT30S",
            description = "SMTP read and write timeout (connect: a third of it, at least 5 s). Default: ${DEFAULT-VALUE}.")
    String smtpTimeout;

    @Option(names = "--from", paramLabel = "MAILBOX", description = "From address, e.g. 'tickertape <digest@example.com>'.")
    String from;

    @Option(names = "--unsubscribe-url-base", paramLabel = "URL",
            description = "https URL that receives one-click unsubscribes; '?token=<recipient token>' is appended.")
    String unsubscribeUrlBase;

    @Option(names = "--chart-prices", paramLabel = "yahoo|none|DIR", defaultValue = "yahoo",
            description = "Where the 3-month charts get prices: Yahoo (guarded, cached), a directory of daily price files, or none.")
    String chartPrices;

    SmtpSettings smtp(java.util.Map<String, String> env) {
        if (smtpHost == null || smtpHost.isBlank()) {
            throw new UsageException("--smtp-host is required to send (or use --dry-run)");
        }
        if (from == null) {
            throw new UsageException("--from is required to send (e.g. 'tickertape <digest@example.com>')");
        }
        Duration timeout;
        try {
            timeout = Duration.parse(smtpTimeout);
        } catch (DateTimeParseException e) {
            throw new UsageException("--smtp-timeout must be an ISO-8601 duration such as PT30S: " + smtpTimeout);
        }
        try {
            Duration connect = timeout.dividedBy(3).compareTo(Duration.ofSeconds(5)) < 0 ? Duration.ofSeconds(5) : timeout.dividedBy(3);
            return SmtpSettings.of(smtpHost, smtpPort, smtpSecurity, smtpUser, env.get("SMTP_PASSWORD"),
                    HeaderValues.mailbox(from)).withTimeouts(connect, timeout, timeout);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage(), e);
        }
    }

    PriceHistory priceHistory() {
        return priceSource().<PriceHistory>map(PriceSourceHistory::new).orElse(PriceHistory.none());
    }

    /** The price source behind --chart-prices (charts and outcomes); empty for "none". */
    java.util.Optional<PriceSource> priceSource() {
        String choice = chartPrices == null ? "yahoo" : chartPrices.strip();
        if (choice.equalsIgnoreCase("none")) {
            return java.util.Optional.empty();
        }
        if (choice.equalsIgnoreCase("yahoo")) {
            return java.util.Optional.of(new GuardedPriceSource(new YahooChartClient(YahooSettings.defaults()),
                    GuardedPriceSource.Protection.defaults(), new SimpleMeterRegistry()));
        }
        Path dir = Path.of(choice);
        if (!Files.isDirectory(dir)) {
            throw new UsageException("--chart-prices: not 'yahoo', 'none' or a directory: " + choice);
        }
        return java.util.Optional.of(new FilePriceSource(List.of(dir), Clock.systemUTC(),
                FilePriceSource.QuoteTime.BAR_CLOSE, "USD", FilePriceSource.historicalAliases()));
    }
}
