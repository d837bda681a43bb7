package io.tickertape.digest.bench;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.tickertape.digest.DigestRun;
import io.tickertape.digest.delivery.SmtpMailer;
import io.tickertape.digest.recipients.RecipientStore;
import io.tickertape.digest.rendering.DigestContent;
import io.tickertape.digest.rendering.RenderSettings;
import io.tickertape.digest.testing.DigestHarness;
import io.tickertape.digest.testing.MailFixtures;
import io.tickertape.digest.testing.SignalFixtures;
import io.tickertape.digest.testing.SignalRows;
import io.tickertape.migrations.Database;
import io.tickertape.migrations.testing.TestDatabases;
import io.tickertape.signals.fusion.Signal;
import jakarta.mail.internet.MimeMessage;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Builds and sends a digest of N signals (default 50) with charts, end to end: claim in PostgreSQL, select from
 * signal_history, draw the charts, render HTML and text, compose the MIME message, send it over SMTP to an
 * in-process GreenMail, record the delivery. Each iteration is a real {@code DigestService.run} for a new date.
 *
 * <pre>./mvnw -B -ntp -o -pl digest -Pbench test-compile exec:exec -Dbench.args="20 5 50"</pre>
 * args: measured iterations, warm-up iterations, signals.
 */
public final class DigestBenchmark {

    public static void main(String[] args) throws Exception {
        int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int signalCount = args.length > 2 ? Integer.parseInt(args[2]) : 50;

        int port = MailFixtures.freePort();
        GreenMail greenMail = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        greenMail.start();
        try (Database db = TestDatabases.freshSchema();
             SmtpMailer mailer = new SmtpMailer(MailFixtures.plainSmtp(port));
             DigestHarness harness = new DigestHarness(db.jdbi(), mailer,
                     DigestHarness.settings().withMaxSignals(signalCount), SignalFixtures.priceHistory())) {
            Instant now = SignalRows.dbNow(db.jdbi());
            List<Signal> signals = SignalFixtures.signals(signalCount, now, 2026);
            signals.forEach(s -> SignalRows.insert(db.jdbi(), s, now.minus(Duration.ofHours(1))));
            new RecipientStore(db.jdbi()).add("reader@example.com", "Reader");

            LocalDate today = LocalDate.now(RenderSettings.PHOENIX);
            List<Double> runs = new ArrayList<>();
            double cold = 0;
            // Dates go backwards so every run's window is the first one (last 24 h) and holds all N signals.
            for (int i = 0; i < warmup + iterations; i++) {
                long t0 = System.nanoTime();
                DigestRun run = harness.service.run(today.minusDays(i + 1));
                double ms = (System.nanoTime() - t0) / 1e6;
                if (run.sent() != 1 || run.shown() != signalCount) {
                    throw new IllegalStateException("unexpected run: " + run.toJson());
                }
                if (i == 0) {
                    cold = ms;
                }
                if (i >= warmup) {
                    runs.add(ms);
                }
            }

            // Where the time goes, measured separately on the same (warm) JVM.
            List<Double> charts = new ArrayList<>();
            List<Double> render = new ArrayList<>();
            int htmlBytes = 0;
            for (int i = 0; i < iterations; i++) {
                long t0 = System.nanoTime();
                DigestContent content = harness.builder.digest(today, now.minus(Duration.ofDays(1)), now, signals, signalCount);
                long t1 = System.nanoTime();
                var email = harness.builder.render(content.withUnsubscribeUrl(MailFixtures.UNSUBSCRIBE + "?token=x"));
                long t2 = System.nanoTime();
                charts.add((t1 - t0) / 1e6);
                render.add((t2 - t1) / 1e6);
                htmlBytes = email.htmlBytes();
            }

            MimeMessage last = greenMail.getReceivedMessages()[greenMail.getReceivedMessages().length - 1];
            ByteArrayOutputStream raw = new ByteArrayOutputStream();
            last.writeTo(raw);
            String html = MailFixtures.textPart(last, "text/html");

            System.out.printf(Locale.US, "digest benchmark: %d signals with charts, 1 recipient, %d warm-up + %d measured runs%n",
                    signalCount, warmup, iterations);
            System.out.printf(Locale.US, "  cold first run (JVM start excluded)  %8.0f ms%n", cold);
            System.out.printf(Locale.US, "  build + send, end to end   median %8.0f ms   p90 %8.0f ms   max %8.0f ms%n",
                    pct(runs, 50), pct(runs, 90), pct(runs, 100));
            System.out.printf(Locale.US, "    of which charts + model  median %8.0f ms%n", pct(charts, 50));
            System.out.printf(Locale.US, "    of which HTML + text     median %8.0f ms%n", pct(render, 50));
            System.out.printf(Locale.US, "  HTML part %,d bytes (budget 100,000; as received %,d)   whole message %,d bytes%n",
                    htmlBytes, html.getBytes(StandardCharsets.UTF_8).length, raw.size());
            System.out.printf(Locale.US, "  messages received by GreenMail: %d%n", greenMail.getReceivedMessages().length);
        } finally {
            greenMail.stop();
        }
    }

    private static double pct(List<Double> values, int percentile) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private DigestBenchmark() {
    }

}
