package io.tickertape.digest;

import io.tickertape.digest.charts.PriceHistory;
import io.tickertape.digest.charts.SignalCharts;
import io.tickertape.digest.delivery.DigestLedger;
import io.tickertape.digest.delivery.EmailComposer;
import io.tickertape.digest.delivery.HeaderValues;
import io.tickertape.digest.delivery.MessageIds;
import io.tickertape.digest.rendering.DigestContent;
import io.tickertape.digest.rendering.DigestRenderer;
import io.tickertape.digest.rendering.InlineImage;
import io.tickertape.digest.rendering.RenderSettings;
import io.tickertape.digest.selection.SignalHistoryReader;
import io.tickertape.signals.fusion.Signal;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import org.jdbi.v3.core.Jdbi;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;

/**
 * Writes a digest to files instead of sending it: {@code digest-<date>.eml} (the exact MIME message a recipient
 * would get, openable in any mail program), {@code digest-<date>.html} and its charts in
 * {@code digest-<date>-files/} (the HTML part with {@code cid:} links pointing at those files, for a browser).
 * Nothing is claimed or recorded.
 */
public final class DigestPreview {

    /** The files a preview wrote. */
    public record Files(Path eml, Path html, Path text, List<Path> images, int htmlBytes, int signalsShown) {
    }

    private static final String PREVIEW_FROM = "tickertape <digest@tickertape.invalid>";
    private static final String PREVIEW_TO = "Preview Reader <reader@tickertape.invalid>";

    private DigestPreview() {
    }

    /**
     * A preview of a digest made of {@code signals}, ordered strongest first as the digest orders them, as of now.
     * For the demo and for tests; no database needed.
     *
     * @param prices price history for the charts, or {@link PriceHistory#none()}
     */
    public static Files write(List<Signal> signals, PriceHistory prices, Path outDir) {
        return write(signals, prices, outDir, null);
    }

    /** The same, with the track record section read from {@code trackRecord} (null: without it). */
    public static Files write(List<Signal> signals, PriceHistory prices, Path outDir,
                              io.tickertape.digest.trackrecord.TrackRecordSection trackRecord) {
        Instant now = Instant.now();
        List<Signal> ordered = signals.stream()
                .sorted(Comparator.comparingDouble((Signal s) -> -Math.abs(s.score()))
                        .thenComparing(Comparator.comparingDouble(Signal::confidence).reversed())
                        .thenComparing(Signal::signalId))
                .toList();
        LocalDate date = now.atZone(RenderSettings.PHOENIX).toLocalDate();
        Instant start = signals.stream().map(Signal::signalAt).min(Comparator.naturalOrder())
                .orElse(now.minus(Duration.ofDays(1)));
        try (SignalCharts charts = SignalCharts.withDefaults(prices)) {
            DigestBuilder builder = new DigestBuilder(RenderSettings.defaults(), charts, new DigestRenderer(), trackRecord);
            DigestContent content = builder.digest(date, start, now, ordered, ordered.size());
            return write(builder, content, date, DigestSettings.defaults(PREVIEW_FROM, null), Clock.systemUTC(), outDir);
        }
    }

    /**
     * A preview of what {@link DigestService#run} would send for {@code date} now: the stored window when the
     * run exists, else the window a claim would get.
     */
    public static Files fromDatabase(Jdbi jdbi, DigestBuilder builder, DigestSettings settings, LocalDate date,
                                     Clock clock, Path outDir) {
        DigestLedger.Window window = new DigestLedger(jdbi).previewWindow(date, settings.firstWindow());
        var selection = new SignalHistoryReader(jdbi).strongest(window.start(), window.end(), settings.maxSignals());
        DigestContent content = builder.digest(date, window.start(), window.end(), selection.signals(), selection.total());
        return write(builder, content, date, settings, clock, outDir);
    }

    static Files write(DigestBuilder builder, DigestContent content, LocalDate date, DigestSettings settings,
                       Clock clock, Path outDir) {
        try {
            java.nio.file.Files.createDirectories(outDir);
            String base = "digest-" + date;
            Session session = Session.getInstance(new Properties());
            String domain = MessageIds.domainOf(settings.from().getAddress());
            // A placeholder token: a real recipient's token is a credential and does not belong in a file.
            var envelope = new EmailComposer.Envelope(settings.from(), HeaderValues.mailbox(PREVIEW_TO),
                    MessageIds.digest(date, 0, "preview", domain), settings.unsubscribeUrl("PREVIEW-TOKEN"), null,
                    clock.instant());
            MimeMessage message = builder.message(session, content, envelope);
            Path eml = outDir.resolve(base + ".eml");
            try (OutputStream out = java.nio.file.Files.newOutputStream(eml)) {
                message.writeTo(out);
            }
            var rendered = builder.render(content.withUnsubscribeUrl(envelope.unsubscribeUrl()));
            Path filesDir = outDir.resolve(base + "-files");
            java.nio.file.Files.createDirectories(filesDir);
            String html = rendered.html();
            List<Path> images = new java.util.ArrayList<>();
            for (InlineImage image : content.images()) {
                if (!html.contains("cid:" + image.contentId())) {
                    continue;
                }
                Path file = filesDir.resolve(image.fileName());
                java.nio.file.Files.write(file, image.png());
                images.add(file);
                html = html.replace("cid:" + image.contentId(), base + "-files/" + image.fileName());
            }
            Path htmlFile = outDir.resolve(base + ".html");
            java.nio.file.Files.writeString(htmlFile, html, StandardCharsets.UTF_8);
            Path text = outDir.resolve(base + ".txt");
            java.nio.file.Files.writeString(text, rendered.text(), StandardCharsets.UTF_8);
            return new Files(eml, htmlFile, text, images, rendered.htmlBytes(), rendered.model().signals().size());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write preview to " + outDir + ": " + e.getMessage(), e);
        } catch (MessagingException e) {
            throw new IllegalStateException("cannot build preview message: " + e.getMessage(), e);
        }
    }
}
